// A value its typed column cannot hold never costs the record: the record is loaded with that
// column null and its payload intact, the problem is kept once in etl.field_problems until the
// record is corrected, the business tables treat the value as unknown, and the summary counts
// such records apart from the rejected ones. Also: a page holding the same key twice.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { runSync } from '../../src/sync/run-sync.ts';
import { formatSummary } from '../../src/sync/sync-output.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { FAST_TUNING, mirrorPayloads, syncOnce, withPrincipal } from '../helpers/sync-harness.ts';

interface ProblemRow {
  referencia: string;
  field: string;
  raw_value: string | null;
  reason: string;
  first_seen_at: Date;
  last_seen_at: Date;
}

describeEachDatabase('a bad field never costs the record', (get) => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ scale: 200, seed: 21, today: '2026-11-20', rateLimit: false });
  });
  afterAll(async () => sim.stop());

  const problems = async () =>
    (await get().db.query<ProblemRow>(
      `select referencia, field, raw_value, reason, first_seen_at, last_seen_at from etl.field_problems
       where resource = 'reservas' order by referencia, field`,
    )).rows;
  const counted = async (idreserva: number) =>
    (await get().db.query<{ n: number }>('select count(*)::int as n from public.vw_vendas_ativas where cvcrm_id = $1::bigint', [idreserva])).rows[0]!.n;

  it('loads the record with the column null, keeps the problem, and rejects only the keyless one', async () => {
    const sale = sim.data.snapshot('reservas').find((r) =>
      r.ativo === 'S' && typeof r.data_venda === 'string' && typeof r.valor_contrato === 'number' && r.valor_contrato > 0 && r.situacao !== 'Distrato');
    expect(sale).toBeDefined();
    const saleKey = String(sale!.referencia);
    const idreserva = Number(sale!.idreserva);
    expect((await syncOnce(get().db, sim, { resources: ['reservas'] })).ok).toBe(true);
    expect(await counted(idreserva)).toBe(1);

    sim.clock.advance(60_000);
    const badNumber = sim.data.injectBad('reservas', 'bad-number', saleKey);
    const badDate = sim.data.injectBad('reservas', 'bad-date');
    sim.data.injectBad('reservas', 'missing-key');
    const summary = await syncOnce(get().db, sim, { resources: ['reservas'] });
    expect(summary.ok).toBe(true);
    expect(summary.resources[0]).toMatchObject({ rejected: 1, fieldProblems: 2 });
    expect(formatSummary(summary)).toMatch(/reservas: 2 registros carregados com valor ilegível em algum campo/);

    // In the mirror with payload intact and the typed column null.
    const { rows } = await get().db.query<{ referencia: string; valor_contrato: number | null; data_venda: string | null; payload: unknown }>(
      `select referencia, valor_contrato, data_venda, payload from cvdw.reservas where referencia = any($1::text[]) order by referencia`,
      [[saleKey, String(badDate.referencia)]],
    );
    const byKey = new Map(rows.map((r) => [r.referencia, r]));
    expect(byKey.get(saleKey)?.valor_contrato).toBeNull();
    expect(byKey.get(saleKey)?.payload).toEqual(badNumber);
    expect(byKey.get(String(badDate.referencia))?.data_venda).toBeNull();
    expect(byKey.get(String(badDate.referencia))?.payload).toEqual(badDate);

    // Every record with a key is there: only the keyless one is missing.
    expect((await mirrorPayloads(get().db, 'reservas')).size).toBe(sim.data.count('reservas') - 1);
    const { rows: rejected } = await get().db.query<{ reason: string }>(`select reason from etl.rejected_records where resource = 'reservas'`);
    expect(rejected.map((r) => r.reason)).toEqual(['missing or invalid key referencia']);

    const found = await problems();
    expect(found.map(({ referencia, field, raw_value, reason }) => ({ referencia, field, raw_value, reason })).sort((a, b) => a.field.localeCompare(b.field))).toEqual([
      { referencia: String(badDate.referencia), field: 'data_venda', raw_value: '2024-13-45', reason: 'data impossível' },
      { referencia: saleKey, field: 'valor_contrato', raw_value: 'abc', reason: 'número ilegível' },
    ]);

    // The sale with no readable value is unknown: kept, valued 0, and not counted.
    const { rows: venda } = await get().db.query<{ valor: string | number }>('select valor from public.vendas where cvcrm_id = $1::bigint', [idreserva]);
    expect(Number(venda[0]!.valor)).toBe(0);
    expect(await counted(idreserva)).toBe(0);
  });

  it('records a problem once however often it is read, and clears it when the record is corrected', async () => {
    const before = await problems();
    expect(before).toHaveLength(2);
    const summary = await syncOnce(get().db, sim, { resources: ['reservas'], full: true });
    expect(summary.resources[0]).toMatchObject({ fieldProblems: 2, deleted: 0 });
    const after = await problems();
    expect(after).toHaveLength(2);
    for (const [i, row] of after.entries()) {
      expect(row.first_seen_at.getTime()).toBe(before[i]!.first_seen_at.getTime());
      expect(row.last_seen_at.getTime()).toBeGreaterThan(before[i]!.last_seen_at.getTime());
    }

    const fixed = after.find((p) => p.field === 'valor_contrato')!;
    sim.clock.advance(60_000);
    const corrected = sim.data.update('reservas', fixed.referencia, { valor_contrato: 321000 });
    const next = await syncOnce(get().db, sim, { resources: ['reservas'] });
    // The incremental read's overlap re-reads the record still spoilt: it alone is counted.
    expect(next.resources[0]).toMatchObject({ fieldProblems: 1 });
    expect((await problems()).map((p) => p.field)).toEqual(['data_venda']);
    expect(await counted(Number(corrected.idreserva))).toBe(1);
  });

  it('keeps no personal value in clear with PII_STORAGE=hashed', async () => {
    const target = sim.data.snapshot('reservas')[5]!;
    sim.clock.advance(60_000);
    sim.data.update('reservas', String(target.referencia), { renda: 'Maria ganha R$ 4.500' });
    const summary = await syncOnce(get().db, sim, {
      resources: ['reservas'],
      env: { PII_STORAGE: 'hashed', PII_HMAC_SECRET: 'uma-chave-secreta-de-teste-0001' },
    });
    // This one, and the record still spoilt that the overlap re-reads.
    expect(summary.resources[0]).toMatchObject({ fieldProblems: 2 });
    const renda = (await problems()).find((p) => p.field === 'renda');
    expect(renda).toMatchObject({ referencia: String(target.referencia), raw_value: null, reason: 'número ilegível' });
    const { rows } = await get().db.query<{ dump: string }>(`select string_agg(coalesce(raw_value, '') || reason, '') as dump from etl.field_problems`);
    expect(rows[0]!.dump).not.toContain('Maria');
  });
});

/** A CVDW stand-in that answers every reservas request with the same single page. */
async function servePage(records: unknown[]): Promise<{ origin: string; close(): Promise<void> }> {
  const body = JSON.stringify({ pagina: 1, registros: 500, total_de_registros: records.length, total_de_paginas: 1, dados: records });
  const server: Server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describeEachDatabase('a page holding the same key twice', (get) => {
  let served: Awaited<ReturnType<typeof servePage>> | undefined;
  afterEach(async () => served?.close());

  it('loads, the later version winning, with only that version\'s problems', async () => {
    const sale = { ativo: 'S', situacao: 'Vendida', data_venda: '2026-01-05 10:00:00' };
    served = await servePage([
      { referencia: '10', referencia_data: '2026-01-05 10:00:00', idreserva: 10, ...sale, valor_contrato: 100000 },
      { referencia: '11', referencia_data: '2026-01-05 10:00:01', idreserva: 11, ...sale, valor_contrato: 'R$ abc' },
      { referencia: '10', referencia_data: '2026-01-05 10:00:02', idreserva: 10, ...sale, valor_contrato: 180000 },
      { referencia: 11, referencia_data: '2026-01-05 10:00:03', idreserva: 11, ...sale, valor_contrato: 90000 },
      { referencia: '12', referencia_data: '2026-01-05 10:00:04', idreserva: 12, ...sale, valor_contrato: 50000 },
      { referencia: '12', referencia_data: '2026-01-05 10:00:05', idreserva: 12, ...sale, valor_contrato: '??' },
    ]);
    const source = { baseUrl: served.origin, email: 'ops@incorporadora.com.br', token: 'a'.repeat(40) };
    const config = loadConfig({ CVCRM_API_EMAIL: source.email, CVCRM_API_TOKEN: source.token, CVCRM_BASE_URL: source.baseUrl, CVCRM_REQUESTS_PER_MINUTE: '6000' });
    const summary = await runSync({ db: get().db, ...withPrincipal(config), source, tuning: FAST_TUNING }, { resources: ['reservas'] });
    expect(summary.ok, summary.resources[0]?.error).toBe(true);
    expect(summary.resources[0]).toMatchObject({ rejected: 0, fieldProblems: 1 });

    const { rows } = await get().db.query<{ referencia: string; valor_contrato: number | null; payload: { valor_contrato: unknown } }>(
      'select referencia, valor_contrato, payload from cvdw.reservas order by referencia',
    );
    expect(rows.map((r) => [r.referencia, r.valor_contrato, r.payload.valor_contrato])).toEqual([
      ['10', 180000, 180000],
      ['11', 90000, 90000],
      ['12', null, '??'],
    ]);
    const { rows: problems } = await get().db.query<{ referencia: string; field: string }>('select referencia, field from etl.field_problems order by referencia');
    expect(problems).toEqual([{ referencia: '12', field: 'valor_contrato' }]);
    const { rows: vendas } = await get().db.query<{ cvcrm_id: number; valor: string | number }>('select cvcrm_id, valor from public.vendas order by cvcrm_id');
    expect(vendas.map((v) => [Number(v.cvcrm_id), Number(v.valor)])).toEqual([[10, 180000], [11, 90000], [12, 0]]);
  });
});

describe('formatSummary', () => {
  it('counts records with field problems in their own column, apart from rejected ones', () => {
    const text = formatSummary({
      conta: 'principal', ok: true, seconds: 1,
      resources: [{ resource: 'reservas', status: 'succeeded', mode: 'full', requests: 2, pages: 2, records: 120, upserted: 119, rejected: 1, fieldProblems: 3, deleted: 0, seconds: 1 }],
    });
    expect(text).toMatch(/rejeitados\s+ilegíveis\s+excluídos/);
    expect(text).toMatch(/reservas\s+concluído\s+completa\s+2\s+2\s+120\s+119\s+1\s+3\s+0\s+1,0 s/);
    expect(text).toMatch(/reservas: 3 registros carregados com valor ilegível/);
  });
});
