// Rows shifting under a read in progress, bad records, 429 storms, fault mixes, refused
// credentials and a tenant that refuses a time in the date filter.
import { afterEach, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator/index.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { CORE, mirrorPayloads, simulatorRecords, syncOnce } from '../helpers/sync-harness.ts';

async function expectMirrorEqualsSimulator(get: () => { db: import('../../src/db/database.ts').Database }, sim: RunningSimulator, resources: readonly string[] = CORE) {
  for (const resource of resources) {
    const expected = simulatorRecords(sim, resource);
    const actual = await mirrorPayloads(get().db, resource);
    expect([...actual.keys()].sort(), resource).toEqual([...expected.keys()].sort());
    for (const [key, record] of expected) expect(actual.get(key), `${resource} ${key}`).toEqual(record);
  }
}

describeEachDatabase('sync under change and faults', (get) => {
  let sim: RunningSimulator | undefined;
  const start = async (options: SimulatorOptions) => (sim = await startSimulator({ seed: 11, today: '2026-11-20', rateLimit: false, ...options }));
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
    await get().db.query('truncate cvdw.reservas, cvdw.reservas_condicoes, cvdw.comissoes, cvdw.unidades, cvdw.vendas, cvdw.distratos, cvdw.empreendimentos, public.vendas, public.unidades, public.empreendimentos, etl.resource_state, etl.runs, etl.rejected_records, etl.field_problems, etl.api_requests, etl.api_pause');
  });

  it('misses no record when rows shift across pages mid-run', async () => {
    const s = await start({ scale: 400 });
    let pages = 0;
    const moved: string[] = [];
    const summary = await syncOnce(get().db, s, {
      resources: ['reservas'],
      env: { CVCRM_PAGE_SIZE: '50' },
      observer: {
        // As each page arrives, before the next one is asked for (pages are asked for while
        // others load, so a change made at a page's load could come after the last request).
        onRequest(resource, status) {
          if (resource !== 'reservas' || status !== 200) return;
          pages++;
          // A record already read jumps to the end, and one is deleted: everything after them
          // slides one place towards the pages already read.
          const current = s.data.snapshot('reservas');
          s.clock.advance(1000);
          const early = current[Math.max(0, pages * 50 - 25)];
          if (early) moved.push(String(s.data.update('reservas', String(early.referencia)).referencia));
          if (pages === 3) s.data.hardDelete('reservas', String(current[10]!.referencia));
        },
      },
    });
    expect(summary.ok).toBe(true);
    expect(moved.length).toBeGreaterThan(5);
    const expected = simulatorRecords(s, 'reservas');
    const actual = await mirrorPayloads(get().db, 'reservas');
    // Every live record is there with its latest version (the deleted one waits for --full).
    for (const [key, record] of expected) expect(actual.get(key), key).toEqual(record);
    expect(actual.size).toBe(expected.size + 1);
  });

  it('reads records with null or zero referencia_data and ties longer than a page', async () => {
    const s = await start({ scale: 2500 });
    const summary = await syncOnce(get().db, s, { resources: ['reservas'], env: { CVCRM_PAGE_SIZE: '500' } });
    expect(summary.ok).toBe(true);
    await expectMirrorEqualsSimulator(get, s, ['reservas']);
    const { rows } = await get().db.query<{ undated: number; biggest_tie: number }>(
      `select (select count(*)::int from cvdw.reservas where referencia_data is null) as undated,
              (select max(n)::int from (select count(*) as n from cvdw.reservas group by referencia_data) t) as biggest_tie`,
    );
    expect(rows[0]!.undated).toBeGreaterThan(0);
    expect(rows[0]!.biggest_tie).toBeGreaterThan(500);
  });

  it('loads records with an unreadable value, rejects only the keyless one, and loads the rest of the page', async () => {
    const s = await start({ scale: 200 });
    const badNumber = s.data.injectBad('reservas', 'bad-number');
    const badDate = s.data.injectBad('reservas', 'bad-date');
    s.data.injectBad('reservas', 'missing-key');
    const summary = await syncOnce(get().db, s, { resources: ['reservas'] });
    expect(summary.ok).toBe(true);
    expect(summary.resources[0]).toMatchObject({ rejected: 1, fieldProblems: 2 });
    const { rows } = await get().db.query<{ reason: string }>('select reason from etl.rejected_records order by reason');
    expect(rows.map((r) => r.reason)).toEqual(['missing or invalid key referencia']);
    const loaded = await mirrorPayloads(get().db, 'reservas');
    expect(loaded.size).toBe(s.data.count('reservas') - 1);
    expect(loaded.get(String(badNumber.referencia))).toEqual(badNumber);
    expect(loaded.get(String(badDate.referencia))).toEqual(badDate);
    // Re-reading the same bad records duplicates neither the rejects nor the field problems.
    await syncOnce(get().db, s, { resources: ['reservas'], full: true });
    const { rows: again } = await get().db.query<{ rejected: number; problems: number }>(
      'select (select count(*)::int from etl.rejected_records) as rejected, (select count(*)::int from etl.field_problems) as problems',
    );
    expect(again[0]).toEqual({ rejected: 1, problems: 2 });
  });

  it('survives a 429 storm, pausing every request', async () => {
    const s = await start({ scale: 200, rateLimit: { limit: 3, windowMs: 500, lockoutMs: 300, retryAfterHeader: true } });
    const summary = await syncOnce(get().db, s, { env: { CVCRM_PAGE_SIZE: '100', CVCRM_MAX_RETRIES: '20' } });
    expect(summary.ok, JSON.stringify(summary.resources.filter((r) => r.status !== 'succeeded'))).toBe(true);
    expect(s.requests.count({ status: 429 })).toBeGreaterThan(0);
    await expectMirrorEqualsSimulator(get, s);
  });

  it('completes through a mix of 503, 422, hangs, resets, broken and empty bodies', async () => {
    const s = await start({ scale: 200 });
    s.faults.mix({ rate503: 0.08, rate422: 0.03, rateHang: 0.02, rateReset: 0.03, rateTruncated: 0.03, rateInvalidJson: 0.03, rateEmpty: 0.03, seed: 5 });
    const summary = await syncOnce(get().db, s, { env: { CVCRM_TIMEOUT_MS: '400', CVCRM_MAX_RETRIES: '10', CVCRM_PAGE_SIZE: '100' } });
    s.faults.mix(null);
    expect(summary.ok, JSON.stringify(summary.resources.filter((r) => r.status !== 'succeeded'))).toBe(true);
    const faulted = s.requests.log.filter((e) => e.fault !== undefined).length;
    expect(faulted).toBeGreaterThan(3);
    await expectMirrorEqualsSimulator(get, s);
  });

  it('stops with a clear message on refused credentials', async () => {
    const s = await start({ scale: 50, credentials: [{ email: 'outra@exemplo.com.br', token: 'f'.repeat(40) }] });
    const summary = await syncOnce(get().db, s);
    expect(summary.ok).toBe(false);
    expect(summary.resources[0]!.error).toMatch(/confira CVCRM_API_EMAIL e CVCRM_API_TOKEN/);
    // The first refusal stops the run: no request for the other resources.
    expect(s.requests.count({ status: 401 })).toBe(1);
    expect(summary.resources.slice(1).every((r) => r.status === 'skipped')).toBe(true);
  });

  it('falls back to the date alone when the API refuses a time in the filter', async () => {
    const s = await start({ scale: 200, acceptsTimeInDateFilter: false });
    expect((await syncOnce(get().db, s, { resources: ['reservas'] })).ok).toBe(true);
    s.clock.advance(60_000);
    const changed = s.data.update('reservas', String(s.data.snapshot('reservas')[3]!.referencia), { situacao: 'Distrato' });
    const summary = await syncOnce(get().db, s, { resources: ['reservas'] });
    expect(summary.ok).toBe(true);
    expect(s.requests.count({ status: 400 })).toBeGreaterThan(0);
    expect((await mirrorPayloads(get().db, 'reservas')).get(String(changed.referencia))).toEqual(changed);
    await expectMirrorEqualsSimulator(get, s, ['reservas']);
  });
});
