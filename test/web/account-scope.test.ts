// What "every account" and an id mean with several accounts: every account is the configured
// ones (rows left under an account no longer configured count nowhere), an id belongs to one
// account (without one `conta` it is a 400, not the sum of unrelated projects), and the API's
// headline figures are the per-account views' rows.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';
import { getJson, testApp } from './app-setup.ts';
import { ACCOUNT_A, ACCOUNT_B, ALL_TOKEN, B_MARKER, TWO_ACCOUNTS_ENV, seedTwoAccounts } from './account-fixtures.ts';

type App = ReturnType<typeof testApp>;
type Kpis = Record<string, number>;

const auth = { headers: { authorization: `Bearer ${ALL_TOKEN}` } };

/** Only account B configured: A's rows (the old `principal`) are still in the warehouse. */
const ONLY_B_ENV: Record<string, string> = {
  CVCRM_ACCOUNTS: ACCOUNT_B,
  CVCRM_CONTA_B_API_EMAIL: 'b@example.com',
  CVCRM_CONTA_B_API_TOKEN: 'token-da-conta-b',
  CVCRM_CONTA_B_SUBDOMAIN: 'contab',
  API_TOKENS: ALL_TOKEN,
};

const numbers = (row: Record<string, unknown>): Kpis =>
  Object.fromEntries(Object.entries(row).filter(([k]) => k !== 'conta').map(([k, v]) => [k, Number(v)]));

describeEachDatabase('accounts: every account is the configured ones, an id is one account\'s', (get) => {
  let two: App;
  let onlyB: App;
  beforeAll(async () => {
    await seedTwoAccounts(get().db);
    two = testApp(get().db, TWO_ACCOUNTS_ENV);
    onlyB = testApp(get().db, ONLY_B_ENV);
  });

  it('a project or broker id without one account is a 400; with conta it is that account\'s; a name stays valid', async () => {
    for (const query of ['empreendimento=1', 'corretor=1', `empreendimento=1&conta=${ACCOUNT_A},${ACCOUNT_B}`]) {
      for (const path of [`/api/kpis?${query}`, `/api/funnel?${query}`, `/api/dashboard?periodo=3650&${query.replace('corretor', 'empreendimento')}`]) {
        const { status, body } = await getJson<{ error: { message: string } }>(two, path, auth);
        expect(status, path).toBe(400);
        expect(body.error.message).toMatch(/informe também conta=/);
      }
    }
    const a = (await getJson<Kpis>(two, `/api/kpis?empreendimento=1&conta=${ACCOUNT_A}`, auth)).body;
    const b = (await getJson<Kpis>(two, `/api/kpis?empreendimento=1&conta=${ACCOUNT_B}`, auth)).body;
    expect(a.total_vendas).toBeGreaterThan(0);
    expect(Number(b.valor_total)).not.toBe(Number(a.valor_total));
    const named = await getJson<Kpis>(two, '/api/kpis?corretor=Inexistente', auth);
    expect(named.status).toBe(200);
    // One account configured: an id needs no account.
    expect((await getJson(onlyB, '/api/kpis?empreendimento=1', auth)).status).toBe(200);
  });

  it('rows of an account no longer configured count nowhere: figures, projects, sync status, page', async () => {
    const all = (await getJson<Kpis>(onlyB, '/api/kpis', auth)).body;
    const b = (await getJson<Kpis>(two, `/api/kpis?conta=${ACCOUNT_B}`, auth)).body;
    const both = (await getJson<Kpis>(two, '/api/kpis', auth)).body;
    expect(all).toEqual(b);
    expect(both.total_vendas).toBeGreaterThan(all.total_vendas!);

    const projects = (await getJson<{ empreendimentos: { nome: string }[] }>(onlyB, '/api/projects', auth)).body.empreendimentos;
    expect(projects.length).toBeGreaterThan(0);
    for (const p of projects) expect(p.nome.startsWith(B_MARKER), p.nome).toBe(true);

    type Sync = { recursos: { recurso: string }[] };
    const syncB = (await getJson<Sync>(onlyB, '/api/sync-status', auth)).body.recursos;
    const syncBothB = (await getJson<Sync>(two, `/api/sync-status?conta=${ACCOUNT_B}`, auth)).body.recursos;
    expect(syncB.length).toBeGreaterThan(0);
    expect(syncB.map((r) => r.recurso)).toEqual(syncBothB.map((r) => r.recurso));

    const page = await (await onlyB.request('/', auth)).text();
    const options = [...page.matchAll(/<option value="[^"]+">([^<]*)<\/option>/g)].map((m) => m[1]!);
    expect(options.length).toBeGreaterThan(0);
    for (const name of options) expect(name.startsWith(B_MARKER), name).toBe(true);
  });

  it('/api/kpis is vw_kpis_vendas with every account, and the vw_kpis_vendas_por_conta row with one', async () => {
    const { db } = get();
    const [view] = (await db.query<Kpis>('select * from public.vw_kpis_vendas')).rows;
    expect((await getJson<Kpis>(two, '/api/kpis', auth)).body).toEqual(numbers(view!));
    const perAccount = (await db.query<Record<string, unknown>>('select * from public.vw_kpis_vendas_por_conta order by conta')).rows;
    expect(perAccount.map((r) => r.conta)).toEqual([ACCOUNT_B, ACCOUNT_A].sort());
    for (const row of perAccount) {
      expect((await getJson<Kpis>(two, `/api/kpis?conta=${String(row.conta)}`, auth)).body).toEqual(numbers(row));
    }
    // The same names in two accounts are two brokers and two projects.
    const a = perAccount.find((r) => r.conta === ACCOUNT_A)!;
    expect(Number(view!.total_empreendimentos)).toBe(2 * Number(a.total_empreendimentos));
  });
});
