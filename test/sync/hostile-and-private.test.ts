// Hostile payloads never crash a sync; with PII_STORAGE=hashed, e-mails and CPFs never reach the
// database in clear.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { runSync } from '../../src/sync/run-sync.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { FAST_TUNING, syncOnce, withPrincipal } from '../helpers/sync-harness.ts';

function deep(levels: number): unknown {
  let value: unknown = 'fundo';
  for (let i = 0; i < levels; i++) value = [{ nivel: i, filho: value }];
  return value;
}

const HOSTILE_RECORDS: unknown[] = [
  { referencia: '1', referencia_data: '2026-01-01 10:00:00', idreserva: 1, ativo: 'S', situacao: 'Vendida', valor_contrato: 100000, data_venda: '2026-01-01 10:00:00' },
  { referencia: '2', referencia_data: '2026-01-01 10:00:01', idreserva: 2, cliente: 'x'.repeat(2_000_000) },
  { referencia: '3', referencia_data: '2026-01-01 10:00:02', idreserva: 3, campos_adicionais: deep(200) },
  { referencia: '4', referencia_data: '2026-01-01 10:00:03', idreserva: [4], valor_contrato: { a: 1 } },
  { referencia: '5', referencia_data: '2026-01-01 10:00:04', idreserva: 5, ativo: 'S', __proto__: { polluted: 'yes' }, constructor: { prototype: { polluted: 'yes' } } },
  { referencia: { $gt: '' }, referencia_data: '2026-01-01 10:00:05' },
  { referencia: "6'; drop table cvdw.reservas; --", referencia_data: '2026-01-01 10:00:06', idreserva: 6, empreendimento: 'Robert"); DROP TABLE x;--', situacao: '<script>alert(1)</script>' },
  'not an object',
  null,
  { referencia: '7', referencia_data: '9999-99-99 99:99:99', idreserva: 7 },
  { referencia: '8', referencia_data: '2026-01-01 10:00:08', idreserva: 1e300, valor_contrato: 'NaN' },
];

describeEachDatabase('hostile payloads', (get) => {
  let server: Server;
  let origin: string;
  beforeAll(async () => {
    // JSON.stringify cannot express a "__proto__" own key from a literal: build the body by hand.
    const body = JSON.stringify({ pagina: 1, registros: 500, total_de_registros: HOSTILE_RECORDS.length, total_de_paginas: 1, dados: HOSTILE_RECORDS })
      .replace('"idreserva":5,"ativo":"S"', '"idreserva":5,"ativo":"S","__proto__":{"polluted":"yes"}');
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('rejects or stores them safely, and loads the rest', async () => {
    const config = loadConfig({ CVCRM_API_EMAIL: 'ops@incorporadora.com.br', CVCRM_API_TOKEN: 'a'.repeat(40), CVCRM_BASE_URL: origin, CVCRM_REQUESTS_PER_MINUTE: '6000' });
    const summary = await runSync(
      { db: get().db, ...withPrincipal(config), source: { baseUrl: origin, email: 'ops@incorporadora.com.br', token: 'a'.repeat(40) }, tuning: FAST_TUNING },
      { resources: ['reservas'] },
    );
    expect(summary.ok, summary.resources[0]?.error).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const { rows } = await get().db.query<{ referencia: string }>('select referencia from cvdw.reservas order by referencia');
    // Unreadable values cost a record nothing: 4, 7 and 8 are there with those columns null.
    expect(rows.map((r) => r.referencia)).toEqual(['1', '4', '5', "6'; drop table cvdw.reservas; --", '7', '8']);
    const { rows: five } = await get().db.query<{ proto: unknown }>(`select payload -> '__proto__' as proto from cvdw.reservas where referencia = '5'`);
    expect(five[0]!.proto).toEqual({ polluted: 'yes' });
    const { rows: rejected } = await get().db.query<{ referencia: string | null; reason: string }>('select referencia, reason from etl.rejected_records order by id');
    expect(rejected).toHaveLength(HOSTILE_RECORDS.length - 6);
    expect(rejected.map((r) => r.reason).sort()).toEqual([
      'missing or invalid key referencia', 'nesting deeper than 32 levels', 'record is not a JSON object', 'record is not a JSON object',
      'record larger than 1000000 characters',
    ]);
    const { rows: problems } = await get().db.query<{ referencia: string; field: string; reason: string }>(
      `select referencia, field, reason from etl.field_problems order by referencia, field`,
    );
    expect(problems).toEqual([
      { referencia: '4', field: 'idreserva', reason: 'esperava um número, veio uma lista' },
      { referencia: '4', field: 'valor_contrato', reason: 'esperava um número, veio um objeto' },
      { referencia: '7', field: 'referencia_data', reason: 'data impossível' },
      { referencia: '8', field: 'idreserva', reason: 'esperava um número inteiro' },
      { referencia: '8', field: 'valor_contrato', reason: 'número ilegível' },
    ]);
    expect(summary.resources[0]).toMatchObject({ rejected: 5, fieldProblems: 3 });
  });
});

describeEachDatabase('PII_STORAGE=hashed', (get) => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ scale: 120, seed: 21, today: '2026-11-20', rateLimit: false });
  });
  afterAll(async () => sim.stop());

  it('stores e-mails and CPFs as keyed hashes in columns and payload, so joins still work', async () => {
    const summary = await syncOnce(get().db, sim, {
      resources: ['reservas', 'vendas'],
      env: { PII_STORAGE: 'hashed', PII_HMAC_SECRET: 'uma-chave-secreta-de-teste-0001', DATABASE_POOL_SIZE: '5' },
    });
    expect(summary.ok).toBe(true);
    const reservas = sim.data.snapshot('reservas');
    const emails = reservas.map((r) => r.email).filter((e): e is string => typeof e === 'string' && e.includes('@'));
    const cpfs = reservas.map((r) => r.documento_cliente).filter((c): c is string => typeof c === 'string' && c.length >= 11);
    expect(emails.length).toBeGreaterThan(10);
    const { rows } = await get().db.query<{ dump: string }>(
      `select (select string_agg(payload::text || coalesce(email, '') || coalesce(documento_cliente, ''), '') from cvdw.reservas)
           || (select string_agg(payload::text, '') from cvdw.vendas)
           || (select coalesce(string_agg(coalesce(cliente_email, '') || coalesce(cliente_documento, ''), ''), '') from public.vendas) as dump`,
    );
    const dump = rows[0]!.dump;
    for (const email of emails.slice(0, 50)) expect(dump).not.toContain(email);
    for (const cpf of cpfs.slice(0, 50)) expect(dump).not.toContain(cpf);
    // The same person hashes the same way in two resources: they can still be joined.
    const { rows: joined } = await get().db.query<{ n: number }>(
      `select count(*)::int as n from cvdw.reservas r join cvdw.vendas v on v.idreserva = r.idreserva and v.email = r.email where r.email like 'hmac:%'`,
    );
    expect(joined[0]!.n).toBeGreaterThan(0);
  });
});

