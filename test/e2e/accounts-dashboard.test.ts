// The account selector in Chromium: with two accounts configured the filters bar offers "Todas
// as contas" and each account, the choice goes into the URL, and the cards switch to the chosen
// account's figures (the API's for that account).
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createApp } from '../../src/web/app.ts';
import { startWebServer, type RunningWebServer } from '../../src/web/server.ts';
import { CHROMIUM, launchChromium, openLoggedIn } from '../helpers/browser.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { FIXED_NOW } from '../web/fixtures.ts';
import { testConfig } from '../web/app-setup.ts';
import { ACCOUNT_A, ACCOUNT_B, AMOUNT_FACTOR_B, TWO_ACCOUNTS_ENV, seedTwoAccounts } from '../web/account-fixtures.ts';

const USER = 'diretoria';
const PASSWORD = 'senha-do-painel-123';
const hasChromium = existsSync(CHROMIUM);
const PERIOD = 'periodo=3650';

describe.skipIf(!hasChromium)('the account selector in Chromium', () => {
  let database: TestDatabase;
  let server: RunningWebServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    await seedTwoAccounts(database.db);
    const config = testConfig({ ...TWO_ACCOUNTS_ENV, DASHBOARD_USER: USER, DASHBOARD_PASSWORD: PASSWORD });
    server = await startWebServer(createApp({ db: database.db, config, now: () => FIXED_NOW }), { host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    page = await openLoggedIn(browser, `${server.url}/?${PERIOD}`, { user: USER, password: PASSWORD }, problems);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.dispose();
  });

  const vgvShown = () => page.locator('[data-card="vgv"] [data-value]').getAttribute('data-raw');
  const vgvOf = async (conta: string, more = '') => {
    const query = (conta === '' ? PERIOD : `${PERIOD}&conta=${conta}`) + more;
    const body = await page.evaluate(async (q) => (await fetch(`/api/dashboard?${q}`)).json(), query) as { resumo: { vgv: { valor: number } } };
    return body.resumo.vgv.valor;
  };

  it('offers every account and "Todas as contas", and the cards follow the choice', async () => {
    const options = await page.locator('#f-conta option').allInnerTexts();
    expect(options).toEqual(['Todas as contas', ACCOUNT_A, ACCOUNT_B]);
    const [all, a, b] = [await vgvOf(''), await vgvOf(ACCOUNT_A), await vgvOf(ACCOUNT_B)];
    expect(a).toBeGreaterThan(0);
    expect(b).toBeCloseTo(a * AMOUNT_FACTOR_B, 2);
    expect(all).toBeCloseTo(a + b, 2);
    await expect.poll(vgvShown).toBe(String(all));

    await page.selectOption('#f-conta', ACCOUNT_B);
    await page.waitForURL((url) => url.searchParams.get('conta') === ACCOUNT_B);
    await expect.poll(vgvShown).toBe(String(b));

    await page.selectOption('#f-conta', ACCOUNT_A);
    await expect.poll(vgvShown).toBe(String(a));
    // Reloading keeps the account, as the other filters.
    await page.reload();
    expect(await page.locator('#f-conta').inputValue()).toBe(ACCOUNT_A);
    await expect.poll(vgvShown).toBe(String(a));

    await page.selectOption('#f-conta', '');
    await expect.poll(vgvShown).toBe(String(all));
    expect(new URL(page.url()).searchParams.has('conta')).toBe(false);
    expect(problems).toEqual([]);
  });

  it('picking a project of one account under "Todas as contas" shows only that account\'s figures', async () => {
    await page.selectOption('#f-conta', '');
    await page.waitForURL((url) => !url.searchParams.has('conta'));
    // The same project id in both accounts: the option of A, not the first with that value.
    const idsOf = (conta: string) => page.locator(`#f-empreendimento option[data-conta="${conta}"]`).evaluateAll((options) =>
      options.map((o) => (o as HTMLOptionElement).value).filter((v) => /^\d+$/.test(v)));
    const idsOfB = await idsOf(ACCOUNT_B);
    let id = '';
    let [ofA, ofB] = [0, 0];
    for (const candidate of (await idsOf(ACCOUNT_A)).filter((v) => idsOfB.includes(v))) {
      [ofA, ofB] = [await vgvOf(ACCOUNT_A, `&empreendimento=${candidate}`), await vgvOf(ACCOUNT_B, `&empreendimento=${candidate}`)];
      if (ofA > 0) {
        id = candidate;
        break;
      }
    }
    expect(id).not.toBe('');
    const label = await page.locator(`#f-empreendimento option[data-conta="${ACCOUNT_A}"][value="${id}"]`).innerText();
    expect(ofB).not.toBe(ofA);

    await page.selectOption('#f-empreendimento', { label });
    await page.waitForURL((url) => url.searchParams.get('empreendimento') === id && url.searchParams.get('conta') === ACCOUNT_A);
    await expect.poll(vgvShown).toBe(String(ofA));
    // Reloading keeps A's project selected, not B's option with the same value.
    await page.reload();
    await expect.poll(vgvShown).toBe(String(ofA));
    expect(await page.locator('#f-empreendimento option:checked').innerText()).toBe(label);
    expect(problems).toEqual([]);
  });
});
