// LGPD data-subject requests on a synced database: consultar finds a client everywhere their data
// is stored (mirror, payload, public.vendas, rejects, field problems), anonimizar replaces it
// without moving the sales figures and audits without the value, and a later sync keeps it so.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Queryable } from '../../src/db/database.ts';
import { anonymiseSubject, consultSubject } from '../../src/lgpd/requests.ts';
import { parseSubject, storedHash } from '../../src/lgpd/subject.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { hmacValue } from '../../src/sync/map-record.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { configFor, syncOnce } from '../helpers/sync-harness.ts';

const SECRET = 'a-test-secret-of-enough-length';

async function kpis(db: Queryable): Promise<unknown> {
  return (await db.query('select * from public.vw_kpis_vendas')).rows;
}

/** A client of a counted sale, as the simulator serves it (CPF digits and e-mail). */
function clientOfASale(sim: RunningSimulator): { cpf: string; email: string; referencia: string } {
  const reservas = sim.data.snapshot('reservas');
  const sold = new Set(sim.data.snapshot('vendas').map((v) => String(v.idreserva)));
  const r = reservas.find((x) => sold.has(String(x.idreserva)) && typeof x.documento_cliente === 'string' && typeof x.email === 'string');
  if (r === undefined) throw new Error('no sold reservation with a client in the simulator');
  return { cpf: String(r.documento_cliente), email: String(r.email), referencia: String(r.referencia) };
}

const formatted = (cpf: string) => `${cpf.slice(0, 3)}.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-${cpf.slice(9)}`;

for (const storage of ['full', 'hashed'] as const) {
  describeEachDatabase(`titular consultar/anonimizar (PII_STORAGE=${storage})`, (get) => {
    let sim: RunningSimulator;
    const env = storage === 'hashed' ? { PII_STORAGE: 'hashed', PII_HMAC_SECRET: SECRET } : {};
    beforeAll(async () => {
      sim = await startSimulator({ scale: 60, seed: 41, today: '2026-11-20', rateLimit: false });
    });
    afterAll(async () => {
      await sim.stop();
    });

    it('finds, anonymises, audits without the value, and a later sync keeps it anonymised', async () => {
      const { db } = get();
      await syncOnce(db, sim, { env });
      const pii = configFor(sim, env).pii;
      const client = clientOfASale(sim);
      const stored = storage === 'hashed' ? hmacValue(client.cpf, SECRET) : client.cpf;
      expect(storedHash(client.cpf, SECRET)).toBe(hmacValue(client.cpf, SECRET));

      // A record rejected whole (nested, formatted CPF) and a field problem that kept the value.
      await db.query(
        `insert into etl.rejected_records (conta, resource, reason, payload) values ('principal', 'reservas', 'teste', $1::jsonb)`,
        [JSON.stringify({ referencia: null, titular: { documento: formatted(client.cpf), renda: 1234 } })],
      );
      await db.query(
        `insert into etl.field_problems (conta, resource, referencia, field, raw_value, reason) values ('principal', 'reservas', $1, 'documento_cliente', $2, 'teste')`,
        [client.referencia, client.cpf],
      );
      const before = await kpis(db);

      const subject = parseSubject({ cpf: formatted(client.cpf) });
      const consulted = await consultSubject(db, subject, pii, 'teste');
      const tables = new Set(consulted.findings.map((f) => f.table));
      expect([...tables]).toEqual(expect.arrayContaining(['cvdw.reservas', 'public.vendas', 'etl.rejected_records', 'etl.field_problems']));
      const reserva = consulted.findings.find((f) => f.table === 'cvdw.reservas' && f.key === client.referencia);
      expect(reserva?.fields).toEqual(expect.arrayContaining(['documento_cliente', 'cliente', 'email']));
      expect(consulted.findings.find((f) => f.table === 'etl.rejected_records')?.fields).toEqual(expect.arrayContaining(['titular.documento', 'titular.renda']));
      expect(JSON.stringify(consulted.findings)).not.toContain(client.cpf);

      // The same person by e-mail, in any case.
      const byEmail = await consultSubject(db, parseSubject({ email: client.email.toUpperCase() }), pii, 'teste');
      expect(byEmail.findings.some((f) => f.table === 'cvdw.reservas' && f.key === client.referencia)).toBe(true);

      const anonymised = await anonymiseSubject(db, subject, pii, 'teste');
      expect(anonymised.findings.length).toBe(consulted.findings.length);
      expect(await kpis(db)).toEqual(before);
      const dump = async () => JSON.stringify((await db.query(
        `select (select json_agg(payload) from cvdw.reservas) as m, (select json_agg(v) from public.vendas v) as v,
                (select json_agg(payload) from etl.rejected_records) as r, (select json_agg(f) from etl.field_problems f) as f,
                (select json_agg(r) from cvdw.reservas r) as t`,
      )).rows);
      const after = await dump();
      for (const value of [client.cpf, formatted(client.cpf), stored, client.email]) expect(after).not.toContain(value);
      const row = (await db.query<{ documento_cliente: string; email: string; cliente: string; payload: Record<string, unknown> }>(
        'select documento_cliente, email, cliente, payload from cvdw.reservas where referencia = $1', [client.referencia],
      )).rows[0]!;
      expect(row).toMatchObject({ documento_cliente: '[anonimizado]', email: '[anonimizado]', cliente: '[anonimizado]' });
      expect(row.payload.valor_contrato ?? row.payload.idreserva).not.toBe('[anonimizado]');
      const sale = (await db.query<{ cliente_documento: string }>('select cliente_documento from public.vendas where reserva_id = (select idreserva from cvdw.reservas where referencia = $1)', [client.referencia])).rows[0];
      expect(sale?.cliente_documento).toBe('[anonimizado]');
      expect((await consultSubject(db, subject, pii, 'teste')).findings).toEqual([]);

      const audit = JSON.stringify((await db.query('select * from etl.data_subject_requests')).rows);
      expect(audit).toMatch(/anonimizar/);
      for (const value of [client.cpf, stored, client.email]) expect(audit).not.toContain(value);

      // The source still has the record as it was: a full re-read must not bring it back.
      await syncOnce(db, sim, { env, full: true });
      expect(await dump()).not.toContain(client.cpf);
      expect(await dump()).not.toContain(stored);
      expect(await kpis(db)).toEqual(before);
      expect((await consultSubject(db, subject, pii, 'teste')).findings).toEqual([]);
    });
  });
}
