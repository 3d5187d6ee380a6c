// The dashboard left open in Chromium: it says why it is empty when the sync failed, its chart
// tooltips show the figures of the current filter, and "Ano atual" follows the server's date
// across new year (not the browser's, not the day the page was loaded).
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startSimulator } from '../../src/simulator/index.ts';
import { runSync } from '../../src/sync/run-sync.ts';
import { createApp } from '../../src/web/app.ts';
import { startWebServer, type RunningWebServer } from '../../src/web/server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { CORE, FAST_TUNING, configFor, sourceFor, withPrincipal } from '../helpers/sync-harness.ts';
import { seedFixtures } from '../web/fixtures.ts';
import { testConfig } from '../web/app-setup.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const INT = new Intl.NumberFormat('pt-BR');
const DEC = new Intl.NumberFormat('pt-BR', { minimumFractionDigits: 1, maximumFractionDigits: 2 });

type ChartApi = {
  getChart(id: string): {
    setActiveElements(a: { datasetIndex: number; index: number }[]): void;
    tooltip: {
      setActiveElements(a: { datasetIndex: number; index: number }[], at: { x: number; y: number }): void;
      body: { before: string[]; lines: string[]; after: string[] }[];
    };
    update(): void;
  };
};

/** The tooltip lines of a chart's first bar/slice, as Chart.js builds them when it is hovered. */
function tooltipOfFirst(page: Page, id: string): Promise<string[]> {
  return page.evaluate((chartId) => {
    const chart = (window as unknown as { Chart: ChartApi }).Chart.getChart(chartId);
    // Leave the element first: hovering the same element again would keep the old tooltip.
    chart.tooltip.setActiveElements([], { x: 0, y: 0 });
    chart.setActiveElements([{ datasetIndex: 0, index: 0 }]);
    chart.tooltip.setActiveElements([{ datasetIndex: 0, index: 0 }], { x: 10, y: 10 });
    chart.update();
    return chart.tooltip.body.flatMap((b) => [...b.before, ...b.lines, ...b.after]);
  }, id);
}

describe.skipIf(!hasChromium)('the dashboard left open, in Chromium', () => {
  let browser: Browser;
  const databases: TestDatabase[] = [];
  const servers: RunningWebServer[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });
  afterAll(async () => {
    await browser?.close();
    for (const server of servers) await server.close();
    for (const database of databases) await database.dispose();
  });

  async function serve(seed: boolean, now: () => Date): Promise<{ url: string; database: TestDatabase }> {
    const database = await createTestDatabase('pglite');
    databases.push(database);
    if (seed) await seedFixtures(database.db);
    const server = await startWebServer(createApp({ db: database.db, config: testConfig(), now }), { host: '127.0.0.1', port: 0 });
    servers.push(server);
    return { url: server.url, database };
  }

  async function open(url: string, browserTime?: Date): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'pt-BR', timezoneId: 'America/Sao_Paulo', reducedMotion: 'reduce' });
    if (browserTime) await context.clock.install({ time: browserTime });
    const page = await context.newPage();
    page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console: ${msg.text()}`); });
    page.on('pageerror', (error) => problems.push(`page: ${error.message}`));
    await page.goto(url);
    await waitForLoad(page);
    return page;
  }

  const waitForLoad = (page: Page) => page.waitForFunction(() => {
    const node = document.querySelector('[data-card="vendas"] [data-value]') as HTMLElement | null;
    return node?.dataset.raw !== undefined && !document.body.classList.contains('loading');
  }, null, { polling: 100 });

  it('says in words that the sync failed with refused credentials, instead of "em execução" over zeros', async () => {
    const { url, database } = await serve(false, () => new Date());
    // Nothing synced yet: the zeros are explained as such.
    const empty = await open(`${url}/`);
    await expect.poll(() => empty.locator('#sync-note').isVisible()).toBe(true);
    expect(await empty.locator('#sync-note').innerText()).toBe(
      'Ainda não há dados do CV CRM: nenhuma sincronização terminou até agora. Rode cvcrm-etl sync ou aguarde o próximo horário agendado.',
    );
    expect(await empty.locator('#sync-failure').isVisible()).toBe(false);
    await empty.context().close();

    const sim = await startSimulator({ scale: 20, seed: 3, today: '2025-03-15', rateLimit: false });
    try {
      const summary = await runSync(
        { db: database.db, ...withPrincipal(configFor(sim)), source: { ...sourceFor(sim), token: 'a-wrong-token-0000000000000000' }, tuning: FAST_TUNING },
        { resources: [...CORE] },
      );
      expect(summary.ok).toBe(false);
    } finally {
      await sim.stop();
    }
    const page = await open(`${url}/`);
    const banner = page.locator('#sync-failure');
    await expect.poll(() => banner.isVisible()).toBe(true);
    const text = await banner.innerText();
    expect(text).toContain('A última sincronização falhou (reservas em ');
    expect(text).toContain('O CV CRM recusou as credenciais (401). Confira CVCRM_API_EMAIL e CVCRM_API_TOKEN e rode cvcrm-etl check.');
    expect(await banner.locator('code').innerText()).toBe('cvcrm-etl check');
    expect(await banner.getAttribute('data-tipo')).toBe('credenciais_recusadas');
    expect(await page.locator('#sync-note').isVisible()).toBe(false);
    const pill = await page.locator('#sync-summary').innerText();
    expect(pill).toContain('com falha');
    expect(pill).not.toContain('em execução');
    expect(await page.locator('#table-sync tbody').innerText()).toContain('falhou');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('shows the current figures in chart tooltips after a filter change', async () => {
    const { url, database } = await serve(true, () => new Date('2025-03-15T15:00:00Z'));
    const page = await open(`${url}/?periodo=30`);
    type Dash = { empreendimentos: { empreendimentos: { vendas: number }[] }; origens: { origens: { participacao_pct: number }[] } };
    const expected = async (query: string) => {
      const body = await page.evaluate(async (q) => (await fetch(`/api/dashboard?${q}`)).json(), query) as Dash;
      return { vendas: `Vendas: ${INT.format(body.empreendimentos.empreendimentos[0]!.vendas)}`, share: `(${DEC.format(body.origens.origens[0]!.participacao_pct)}%)` };
    };

    const before = await expected('periodo=30');
    expect(await tooltipOfFirst(page, 'chart-empreendimentos')).toContain(before.vendas);
    expect((await tooltipOfFirst(page, 'chart-origem')).join(' ')).toContain(before.share);

    await page.selectOption('#f-empreendimento', '2');
    await page.waitForFunction(() => (document.querySelector('[data-card="vendas"] [data-value]') as HTMLElement).dataset.raw === '1', null, { polling: 100 });
    await waitForLoad(page);
    const after = await expected('periodo=30&empreendimento=2');
    expect(after.vendas).not.toBe(before.vendas); // the filter changes the figure under the first bar
    expect(await tooltipOfFirst(page, 'chart-empreendimentos')).toContain(after.vendas);
    expect((await tooltipOfFirst(page, 'chart-origem')).join(' ')).toContain(after.share);
    expect(problems).toEqual([]);

    // The database goes away under the web server: the page says so in Portuguese and keeps the
    // last figures, instead of a bare "Erro 500".
    await database.dispose();
    await page.click('button[data-preset="7"]');
    const banner = page.locator('#error-banner');
    await expect.poll(() => banner.isVisible()).toBe(true);
    expect(await banner.innerText()).toMatch(/^Não foi possível carregar os dados \(erro 500\): Erro interno\. .* Os números podem estar desatualizados; a página tenta de novo a cada 30 s\.$/);
    problems.length = 0; // the browser logs the 500 itself
    await page.context().close();
  });

  it('"Ano atual" follows the server across new year, not the browser clock', async () => {
    let serverNow = new Date('2026-01-01T02:59:30Z'); // 31/12/2025 23:59:30 in São Paulo
    const { url } = await serve(true, () => serverNow);
    // The browser's own clock is months away: the page must not use it.
    const page = await open(`${url}/?preset=ano`, new Date('2025-06-10T12:00:00Z'));
    expect(await page.locator('#f-de').inputValue()).toBe('2025-01-01');
    expect(await page.locator('#f-ate').inputValue()).toBe('2025-12-31');
    expect(await page.locator('#period-label').innerText()).toContain('01/01/2025 a 31/12/2025');
    expect(await page.locator('#updated-at').innerText()).toContain('23:59:30');

    serverNow = new Date('2026-01-01T03:00:30Z'); // 01/01/2026 00:00:30
    await page.clock.fastForward(30_000); // the 30-second refresh
    await page.waitForFunction(() => (document.getElementById('f-de') as HTMLInputElement).value === '2026-01-01', null, { polling: 100 });
    await waitForLoad(page);
    expect(await page.locator('#f-ate').inputValue()).toBe('2026-01-01');
    expect(await page.locator('#period-label').innerText()).toContain('01/01/2026 a 01/01/2026');
    expect(await page.locator('#updated-at').innerText()).toContain('00:00:30');
    expect(page.url()).toContain('preset=ano');
    expect(await page.locator('button[data-preset="ano"]').getAttribute('aria-pressed')).toBe('true');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
