// The web side's pure pieces: dates, parameters, masking, CSV, sessions, rate limits, and the
// OpenAPI document against the routes the app really has.
import { describe, expect, it } from 'vitest';
import { SessionSigner } from '../../src/web/auth/session.ts';
import { csvCell, toCsv } from '../../src/web/csv.ts';
import { addMonths, daysInclusive, formatDateBr, isValidIsoDate, todayInSaoPaulo } from '../../src/figures/dates.ts';
import { HttpError } from '../../src/web/errors.ts';
import { readQuery, resolveFilters, SALES_KEYS } from '../../src/web/params.ts';
import { seriesMonths } from '../../src/figures/months.ts';
import { maskCpf, maskEmail, maskName } from '../../src/figures/pii.ts';
import { RateLimiter } from '../../src/web/middleware/rate-limit.ts';
import { forwardedClientAddress } from '../../src/web/middleware/security.ts';
import { createApp } from '../../src/web/app.ts';
import { testConfig } from './app-setup.ts';

describe('dates', () => {
  it('today is the São Paulo date', () => {
    expect(todayInSaoPaulo(new Date('2025-03-16T02:59:00Z'))).toBe('2025-03-15');
    expect(todayInSaoPaulo(new Date('2025-03-16T03:00:00Z'))).toBe('2025-03-16');
  });
  it('validates calendar dates and does month arithmetic', () => {
    expect(isValidIsoDate('2024-02-29')).toBe(true);
    expect(isValidIsoDate('2023-02-29')).toBe(false);
    expect(isValidIsoDate('2023-13-01')).toBe(false);
    expect(addMonths('2025-03-31', -1)).toBe('2025-02-01');
    expect(daysInclusive('2025-02-14', '2025-03-15')).toBe(30);
    expect(formatDateBr('2024-08-10')).toBe('10/08/2024');
  });
  it('series cover at least 12 and at most 120 months', () => {
    expect(seriesMonths({ de: null, ate: null }, '2025-03-15')).toHaveLength(12);
    expect(seriesMonths({ de: '2025-03-01', ate: '2025-03-15' }, '2025-03-15')[0]).toBe('2024-04-01');
    const long = seriesMonths({ de: '1990-01-01', ate: '2025-03-15' }, '2025-03-15');
    expect(long).toHaveLength(120);
    expect(long.at(-1)).toBe('2025-03-01');
  });
});

describe('parameters', () => {
  const parse = (qs: string) => resolveFilters(readQuery(`http://x/api?${qs}`, [...SALES_KEYS, 'limit', 'offset']), '2025-03-15', { contas: ['principal'], accountInRows: false });
  it('periodo is the last N days counting today', () => {
    expect(parse('periodo=30')).toMatchObject({ de: '2025-02-14', ate: '2025-03-15', label: 'últimos 30 dias' });
    expect(parse('periodo=1')).toMatchObject({ de: '2025-03-15', ate: '2025-03-15', label: 'hoje' });
    expect(parse('')).toMatchObject({ de: null, ate: null, label: 'todo o período' });
    expect(parse('de=2025-01-01')).toMatchObject({ label: 'desde 01/01/2025' });
  });
  it('a number names an id, anything else a name', () => {
    expect(parse('empreendimento=12&corretor=Ana%20Prado')).toMatchObject({ project: { id: 12, name: null }, broker: { id: null, name: 'Ana Prado' } });
  });
  it('rejects with HttpError 400', () => {
    for (const qs of ['periodo=1e3', 'periodo=', 'de=2025-1-1', 'de=2025-03-02&ate=2025-03-01', 'x=1', 'limit=5&limit=6']) {
      expect(() => parse(qs), qs).toThrow(HttpError);
    }
  });
});

describe('personal data masking', () => {
  it('names, e-mails and CPFs', () => {
    expect(maskName('Maria Silva Souza')).toBe('Maria S.');
    expect(maskName('  maria   de souza ')).toBe('maria S.');
    expect(maskName('Cher')).toBe('Cher');
    expect(maskName('')).toBeNull();
    expect(maskName(null)).toBeNull();
    expect(maskEmail('maria.souza@dominio.com')).toBe('m***@d***.com');
    expect(maskEmail('x@y')).toBe('x***@y***');
    expect(maskEmail('sem-arroba')).toBe('***');
    expect(maskCpf('123.456.789-09')).toBe('***.456.789-**');
    expect(maskCpf('12345678909')).toBe('***.456.789-**');
    expect(maskCpf('12.345.678/0001-90')).toBe('***');
  });
});

describe('CSV', () => {
  it('quotes, decimal commas and formula neutralisation', () => {
    expect(csvCell(1234.5)).toBe('1234,5');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('diz "oi"\n')).toBe('"diz ""oi""\n"');
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx']) expect(csvCell(s).replace(/^"/, '')).toMatch(/^'/);
    // Blanks before the sign, and the full-width signs, are formulas to a spreadsheet too.
    for (const s of ['  =1+1', ' \u00A0+1', '\u3000-1', ' @SUM(A1)', '\n=1', '\rx', '＝1+1', '＋1', '－1', '＠SUM(A1)', '  ＝HYPERLINK("x")']) {
      expect(csvCell(s).replace(/^"/, ''), JSON.stringify(s)).toMatch(/^'/);
    }
    for (const s of ['a=1', 'Ana - Prado', '1-2', ' texto', '']) expect(csvCell(s).replace(/^"/, ''), JSON.stringify(s)).not.toMatch(/^'/);
    expect(csvCell(-1234.5)).toBe('-1234,5');
    expect(csvCell(null)).toBe('');
    expect(toCsv([{ a: 1 }], [{ header: 'a', value: (r) => r.a }])).toBe('\uFEFFa\r\n1\r\n');
  });
});

describe('sessions', () => {
  it('sign, verify, expire; another key or credentials never verify; exactly three parts', () => {
    const signer = new SessionSigner('segredo', 'fp');
    const { value, session } = signer.create('ana', false, 1000);
    expect(signer.verify(value, 1001)).toEqual(session);
    expect(signer.verify(value, session.exp)).toBeUndefined();
    expect(new SessionSigner('outro', 'fp').verify(value, 1001)).toBeUndefined();
    expect(new SessionSigner('segredo', 'fp2').verify(value, 1001)).toBeUndefined();
    expect(signer.verify(`${value}x`, 1001)).toBeUndefined();
    expect(signer.verify('v1.e30.', 1001)).toBeUndefined();
    // Extra dot-separated parts are refused, wherever they are added.
    expect(signer.verify(`${value}.extra`, 1001)).toBeUndefined();
    expect(signer.verify(`${value}.`, 1001)).toBeUndefined();
    expect(signer.verify(`x.${value}`, 1001)).toBeUndefined();
    expect(signer.verify(value.replace('.', '..'), 1001)).toBeUndefined();
  });
});

describe('client address behind TRUST_PROXY reverse proxies', () => {
  it('ignores X-Forwarded-For without trusted proxies; otherwise takes the entry the outermost proxy added', () => {
    expect(forwardedClientAddress('1.1.1.1', '10.0.0.5', 0)).toBe('10.0.0.5');
    expect(forwardedClientAddress(undefined, '10.0.0.5', 1)).toBe('10.0.0.5');
    expect(forwardedClientAddress(' , ', '10.0.0.5', 1)).toBe('10.0.0.5');
    expect(forwardedClientAddress('203.0.113.7', '10.0.0.5', 1)).toBe('203.0.113.7');
    expect(forwardedClientAddress('6.6.6.6, 203.0.113.7', '10.0.0.5', 1)).toBe('203.0.113.7');
    expect(forwardedClientAddress('6.6.6.6, 203.0.113.7, 10.1.1.1', '10.0.0.5', 2)).toBe('203.0.113.7');
    // Fewer entries than proxies: the leftmost is the best known, never a claimed one beyond it.
    expect(forwardedClientAddress('203.0.113.7', '10.0.0.5', 3)).toBe('203.0.113.7');
  });
});

describe('rate limiter', () => {
  it('counts per key within the window', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 1000, () => now);
    expect(limiter.hit('a').allowed).toBe(true);
    expect(limiter.hit('a').allowed).toBe(true);
    expect(limiter.hit('a')).toMatchObject({ allowed: false, remaining: 0, resetSeconds: 1 });
    expect(limiter.hit('b').allowed).toBe(true);
    now = 1000;
    expect(limiter.hit('a').allowed).toBe(true);
  });
});

describe('OpenAPI document', () => {
  it('describes every route the app has', async () => {
    const app = createApp({ db: {} as never, config: testConfig() });
    const doc = await (await app.request('/api/openapi.json')).json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\./);
    const routes = app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => [r.method.toLowerCase(), r.path.replace(/:(\w+)/g, '{$1}')] as const);
    expect(routes.length).toBeGreaterThan(15);
    for (const [method, path] of routes) expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    for (const path of Object.keys(doc.paths)) expect(routes.some(([, p]) => p === path), path).toBe(true);
  });
});
