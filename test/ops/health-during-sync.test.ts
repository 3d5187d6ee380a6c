// /health over real HTTP while a sync keeps the shared request budget full, against the simulator
// at a rate limit scaled down from the real one (2 requests per 5 s instead of 18 per minute):
// the sync's own exchanges prove the API answers, so health is 200 throughout and never asks
// CVDW itself. A health probe that waited for a budget slot would time out (1 s here, 10 s in
// production) and answer 503, as it did for a whole first load.
import { afterEach, expect, it } from 'vitest';
import { credentialId } from '../../src/cvdw/request-budget.ts';
import { healthProbe } from '../../src/cvdw/probe.ts';
import type { Database } from '../../src/db/database.ts';
import { tryTakeRequestSlot } from '../../src/db/queries/request-budget.ts';
import { requestLedger } from '../../src/db/queries/request-ledger.ts';
import { createHealthCheck, type HealthBody } from '../../src/ops/health.ts';
import { DEMO_CREDENTIALS, startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { runSync } from '../../src/sync/run-sync.ts';
import { createApp } from '../../src/web/app.ts';
import { startWebServer, type RunningWebServer } from '../../src/web/server.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { FAST_TUNING, configFor, sourceFor, withPrincipal } from '../helpers/sync-harness.ts';
import { sleep } from './support.ts';

const LIMIT = 2;
const WINDOW_MS = 5_000;
const TOKEN = 'token-de-saude-0123456789';

/** Requests the budget counted for the credential in its last window (what the test watches). */
async function recentRequests(db: Database, credential: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from etl.api_requests
     where credential = $1::text and requested_at >= clock_timestamp() - make_interval(secs => $2::float8 / 1000)`,
    [credential, WINDOW_MS],
  );
  return rows[0]?.n ?? 0;
}

describeEachDatabase('health while a sync runs', (get) => {
  let sim: RunningSimulator | undefined;
  let server: RunningWebServer | undefined;
  afterEach(async () => {
    await server?.close();
    await sim?.stop();
    server = undefined;
    sim = undefined;
  });

  async function serveHealth(db: Database, s: RunningSimulator, env: Record<string, string>, source = sourceFor(s)) {
    const config = configFor(s, { ...env, API_TOKENS: TOKEN });
    const health = createHealthCheck({ db, config, apiTimeoutMs: 1_000, ...healthProbe(requestLedger(db), config, source) });
    server = await startWebServer(createApp({ db, config, health }), { host: '127.0.0.1', port: 0 });
    const url = server.url;
    return async () => {
      const res = await fetch(`${url}/health`, { headers: { authorization: `Bearer ${TOKEN}` } });
      return { status: res.status, body: (await res.json()) as HealthBody };
    };
  }

  it('answers 200 with the API ok throughout, from the sync\'s exchanges, without a request of its own', async () => {
    const { db } = get();
    const s = (sim = await startSimulator({ scale: 60, seed: 7, today: '2026-11-20', rateLimit: { limit: LIMIT, windowMs: WINDOW_MS } }));
    const env = { CVCRM_REQUESTS_PER_MINUTE: String(LIMIT), CVCRM_PAGE_SIZE: '10', CVCRM_RESOURCES: 'reservas' };
    const health = await serveHealth(db, s, env);
    const credential = credentialId(DEMO_CREDENTIALS.email, s.url);

    let talking = false;
    const sync = runSync(
      { db, ...withPrincipal(configFor(s, env)), source: sourceFor(s), tuning: { ...FAST_TUNING, budgetWindowMs: WINDOW_MS }, observer: { onPage: () => (talking = true) } },
      { resources: ['reservas'] },
    );
    let done = false;
    void sync.finally(() => (done = true));
    while (!talking && !done) await sleep(20);

    const answers: { status: number; body: HealthBody }[] = [];
    let budgetFull = 0;
    while (!done) {
      answers.push(await health());
      if ((await recentRequests(db, credential)) >= LIMIT) budgetFull++;
      await sleep(300);
    }
    const summary = await sync;
    expect(summary.ok).toBe(true);
    const requests = summary.resources.reduce((n, r) => n + r.requests, 0);
    expect(requests, 'a sync long enough for the budget to bind').toBeGreaterThan(3 * LIMIT);
    expect(budgetFull, 'the budget was full while health was asked').toBeGreaterThan(0);
    expect(answers.length).toBeGreaterThan(5);
    for (const answer of answers) {
      expect(answer.status, JSON.stringify(answer.body.api)).toBe(200);
      expect(answer.body.api).toMatchObject({ ok: true, cached: true, detail: expect.stringMatching(/^CVDW respondeu há \d+ s \(HTTP 200\)$/) });
    }
    // Every request the simulator saw was the sync's: health asked nothing.
    expect(s.requests.count()).toBe(requests);
  }, 120_000);

  it('after a sync refused with 401, health is unhealthy and says why in Portuguese', async () => {
    const { db } = get();
    const s = (sim = await startSimulator({ scale: 20, seed: 7, today: '2026-11-20', rateLimit: false }));
    const wrong = { ...sourceFor(s), token: 'ffffffffffffffffffffffffffffffffffffffff' };
    const summary = await runSync({ db, ...withPrincipal(configFor(s)), source: wrong, tuning: FAST_TUNING }, { resources: ['reservas'] });
    expect(summary.ok).toBe(false);
    const before = s.requests.count();
    const health = await serveHealth(db, s, {}, wrong);
    const { status, body } = await health();
    expect(status).toBe(503);
    expect(body.api.ok).toBe(false);
    expect(body.api.detail).toMatch(/^CVDW recusou as credenciais \(HTTP 401\) há \d+ s: confira CVCRM_API_EMAIL e CVCRM_API_TOKEN$/);
    expect(s.requests.count()).toBe(before);
  }, 60_000);

  it('with nothing recent, probes once; with the budget full, skips the probe without waiting', async () => {
    const { db } = get();
    const s = (sim = await startSimulator({ scale: 20, seed: 7, today: '2026-11-20', rateLimit: false }));
    // A source of its own, so the exchanges of the tests above do not count.
    const quiet = { ...sourceFor(s), baseUrl: s.url.replace('127.0.0.1', 'localhost') };
    const health = await serveHealth(db, s, { CVCRM_REQUESTS_PER_MINUTE: '3' }, quiet);
    const first = await health();
    expect(first.status).toBe(200);
    expect(first.body.api).toMatchObject({ ok: true, cached: false, detail: 'CVDW respondeu (20 reservas)' });
    expect(s.requests.count()).toBe(1);
    // The probe's own exchange is recorded: the next poll reads it instead of asking again.
    expect((await health()).body.api).toMatchObject({ ok: true, cached: true });
    expect(s.requests.count()).toBe(1);

    // Another installation's view: same budget full, nothing recent for its credential.
    const busy = { ...quiet, email: 'outra@cvcrm-etl.local' };
    const busyCredential = credentialId(busy.email, busy.baseUrl);
    for (let i = 0; i < 3; i++) expect(await tryTakeRequestSlot(db, busyCredential, 3, 60_500, 600_000)).toBe(0);
    await server?.close();
    const busyHealth = await serveHealth(db, s, { CVCRM_REQUESTS_PER_MINUTE: '3' }, busy);
    const answer = await busyHealth();
    expect(answer.status).toBe(200);
    expect(answer.body.api.detail).toMatch(/^CVDW não consultado: orçamento de requisições ocupado \(próxima vaga em \d+ s\)$/);
    expect(s.requests.count()).toBe(1);
  }, 60_000);
});
