// The dashboard's "Funil comercial" in a real browser (Chromium driven by playwright-core) against
// a real server on a loopback port: the figures the page shows are the API's, the broker table
// sorts on a header click, the help names the cohort's age, and an empty period says so.
import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createApp } from '../../src/web/app.ts';
import { DEFINITIONS } from '../../src/web/page/help-text.ts';
import { startWebServer, type RunningWebServer } from '../../src/web/server.ts';
import { CHROMIUM, launchChromium, openLoggedIn } from '../helpers/browser.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { MARCH, seedFunnel } from '../figures/funnel-fixtures.ts';
import { FIXED_NOW, seedFixtures } from '../web/fixtures.ts';
import { testConfig } from '../web/app-setup.ts';

const OUTPUT = 'test-output';
const USER = 'diretoria';
const PASSWORD = 'senha-do-painel-123';
const hasChromium = existsSync(CHROMIUM);

const INT = new Intl.NumberFormat('pt-BR');
const PCT = new Intl.NumberFormat('pt-BR', { minimumFractionDigits: 1, maximumFractionDigits: 2 });

interface FunnelAnswer {
  safra: { idade_dias: number };
  etapas: { etapa: string; quantidade: number; conversao_pct: number | null }[];
  fluxo: Record<string, number>;
  dias_ate_venda_mediana: number | null;
  leads_com_venda_medidos: number;
  horas_primeiro_atendimento_mediana: number | null;
}

describe.skipIf(!hasChromium)('Funil comercial in Chromium', () => {
  let database: TestDatabase;
  let server: RunningWebServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    await seedFixtures(database.db);
    await seedFunnel(database.db);
    const app = createApp({ db: database.db, config: testConfig({ DASHBOARD_USER: USER, DASHBOARD_PASSWORD: PASSWORD }), now: () => FIXED_NOW });
    server = await startWebServer(app, { host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    page = await openLoggedIn(browser, `${server.url}/?${MARCH}`, { user: USER, password: PASSWORD }, problems);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.dispose();
  });

  const firstColumn = () => page.locator('#table-funil-corretores tbody tr td:first-child').allInnerTexts();
  const sortOf = (key: string) => page.locator(`#table-funil-corretores th:has(button[data-sort="${key}"])`).getAttribute('aria-sort');

  it('shows the cohort, the flow and the medians exactly as /api/funnel answers', async () => {
    await page.waitForURL((url) => url.search.includes('de=2025-03-01'));
    await expect.poll(() => page.locator('#funil-etapas li').count()).toBe(4);
    const api = await page.evaluate(async (q) => (await fetch(`/api/funnel?${q}`)).json(), MARCH) as FunnelAnswer;
    expect(api.etapas[0]!.quantidade).toBe(5);
    const steps = await page.locator('#funil-etapas li .funnel-step-value').allInnerTexts();
    expect(steps).toEqual(api.etapas.map((e) => INT.format(e.quantidade)));
    const rates = await page.locator('#funil-etapas li .funnel-step-rate').allInnerTexts();
    api.etapas.forEach((e, i) => expect(rates[i]).toContain(`${PCT.format(e.conversao_pct!)}%`));
    const flow = await page.locator('#funil-fluxo li .funnel-step-value').allInnerTexts();
    expect(flow).toEqual(['leads', 'visitas', 'reservas', 'vendas'].map((k) => INT.format(api.fluxo[k]!)));
    expect(await page.locator('[data-funnel-card="dias_ate_venda"] [data-value]').innerText()).toBe(`${INT.format(api.dias_ate_venda_mediana!)} dias`);
    // The median's base: the sold leads with a valid time, 1001 and 1003.
    expect(api.leads_com_venda_medidos).toBe(2);
    expect(await page.locator('[data-funnel-card="dias_ate_venda"] [data-note]').innerText()).toBe('sobre 2 leads vendidos da safra');
    expect(await page.locator('[data-funnel-card="horas_primeiro_atendimento"] [data-value]').innerText()).toBe(`${INT.format(api.horas_primeiro_atendimento_mediana!)} h`);
    expect(await page.locator('#panel-funil-conversao h3').innerText()).toBe('Conversão da safra (leads cadastrados no período)');
    expect(await page.locator('#panel-funil-fluxo h3').innerText()).toContain('Fluxo do período');
    expect(await page.locator('#funil-vazio').isHidden()).toBe(true);
    const charts = ['chart-funil', 'chart-funil-fluxo', 'chart-funil-origem', 'chart-funil-motivos'];
    const drawn = await page.evaluate((ids) => ids.filter((id) => (window as unknown as { Chart: { getChart(id: string): unknown } }).Chart.getChart(id) !== undefined), charts);
    expect(drawn).toEqual(charts);
    mkdirSync(OUTPUT, { recursive: true });
    await page.locator('#funil').screenshot({ path: `${OUTPUT}/dashboard-funnel.png` });
  });

  it('explains each figure with its definition and the cohort’s age', async () => {
    const help = await page.locator('[data-funnel-help="conversao"]').textContent();
    // The help ends with the same observation as the heading, for this cohort's age.
    const note = 'Período encerrado há 5 dias: safras recentes ainda não converteram tudo; visitas, reservas e vendas desses leads ainda podem acontecer.';
    expect(help?.endsWith(note)).toBe(true);
    expect(await page.locator('#funil-safra').innerText()).toBe(`Safra: leads cadastrados de 01/03/2025 a 10/03/2025. ${note}`);
    expect(await page.locator('#panel-funil-conversao summary').getAttribute('title')).toBe(help);
    expect(help).toContain(DEFINITIONS.lead_visita.text);
    expect(help).toContain(DEFINITIONS.lead_venda.text);
    expect(await page.locator('[data-funnel-help="dias_ate_venda"]').textContent()).toContain(DEFINITIONS.dias_ate_venda.text);
    expect(await page.locator('[data-funnel-help="motivos"]').textContent()).toContain(DEFINITIONS.motivo_perda.text);
    await page.locator('#panel-funil-conversao summary').click();
    await expect.poll(() => page.locator('[data-funnel-help="conversao"]').isVisible()).toBe(true);
  });

  it('sorts the broker table on a header click, with aria-sort', async () => {
    await page.locator('#panel-funil-corretores').scrollIntoViewIfNeeded();
    expect(await page.locator('#panel-funil-corretores h3').innerText()).toBe('Conversão por corretor (50 corretores com mais leads na safra)');
    expect(await page.locator('#funil-corretores-escopo').innerText()).toContain('/api/funnel/by-broker?limit=1000');
    expect(await sortOf('leads')).toBe('descending');
    expect(await firstColumn()).toEqual(['Ana Prado', 'Carlos Lima', 'Não informado']);
    await page.click('button[data-sort="conversao_venda_pct"]');
    expect(await sortOf('conversao_venda_pct')).toBe('descending');
    expect(await sortOf('leads')).toBe('none');
    expect((await firstColumn())[0]).toBe('Carlos Lima');
    await page.click('button[data-sort="conversao_venda_pct"]');
    expect(await sortOf('conversao_venda_pct')).toBe('ascending');
    expect((await firstColumn()).at(-1)).toBe('Carlos Lima');
    await page.click('button[data-sort="corretor"]');
    expect(await sortOf('corretor')).toBe('ascending');
    expect(await firstColumn()).toEqual(['Ana Prado', 'Carlos Lima', 'Não informado']);
    await page.click('button[data-sort="corretor"]');
    expect(await firstColumn()).toEqual(['Não informado', 'Carlos Lima', 'Ana Prado']);
  });

  it('names a sold lead left out of the median of days to sale', async () => {
    await page.fill('#f-de', '2025-02-10');
    await page.fill('#f-ate', '2025-02-11');
    await page.click('#custom-period button[type="submit"]');
    // 3001 sold before its registration and 3003 without days: only 3002 is in the median.
    await expect.poll(() => page.locator('[data-funnel-card="dias_ate_venda"] [data-note]').innerText())
      .toBe('sobre 1 de 3 leads vendidos da safra (os demais sem tempo válido)');
    expect(await page.locator('[data-funnel-card="dias_ate_venda"] [data-value]').innerText()).toBe('4 dias');
  });

  it('speaks of a period ending today without a "0 dias" cohort', async () => {
    await page.goto(`${server.url}/?periodo=30`);
    await expect.poll(() => page.locator('#funil-safra').innerText()).toMatch(/^Safra: leads cadastrados nos últimos 30 dias\. O período termina hoje/);
    const help = await page.locator('[data-funnel-help="conversao"]').textContent();
    expect(help).toContain('O período termina hoje');
    expect(help).not.toMatch(/\d+ dias?:/);
  });

  it('says so when the period has no leads', async () => {
    await page.fill('#f-de', '2024-01-01');
    await page.fill('#f-ate', '2024-01-31');
    await page.click('#custom-period button[type="submit"]');
    await expect.poll(() => page.locator('#funil-vazio').isVisible()).toBe(true);
    expect(await page.locator('#funil-vazio').innerText()).toContain('Nenhum lead cadastrado no período');
    expect(await page.locator('#table-funil-corretores tbody').innerText()).toContain('Nenhum lead cadastrado no período.');
    expect(problems).toEqual([]);
  });
});
