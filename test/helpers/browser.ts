// Chromium for the page tests: the machine's browser with the flags it needs here, and a
// dashboard page opened in pt-BR and São Paulo time, logged in, with console and page errors
// collected so a test can require there were none.
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/** Opens `url`, signs in through the login form and waits for the dashboard. */
export async function openLoggedIn(browser: Browser, url: string, login: { user: string; password: string }, problems: string[]): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'pt-BR', timezoneId: 'America/Sao_Paulo', reducedMotion: 'reduce' });
  const page = await context.newPage();
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console: ${msg.text()}`); });
  page.on('pageerror', (error) => problems.push(`page: ${error.message}`));
  await page.goto(url);
  await page.fill('input[name="usuario"]', login.user);
  await page.fill('input[name="senha"]', login.password);
  await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('button[type="submit"]')]);
  return page;
}
