// What a person reads while a sync runs: the pt-BR words and numbers, the in-place redraw on a
// terminal, and one line per page elsewhere.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/ops/logger.ts';
import type { ResourceSummary } from '../../src/sync/observer.ts';
import { createProgressObserver } from '../../src/sync/progress-display.ts';
import { progressLogObserver } from '../../src/sync/progress-log.ts';
import type { ResourceView } from '../../src/sync/progress-model.ts';
import { formatDuration, overallLine, pageLogLine, percent, resourceLine, waitText } from '../../src/sync/progress-text.ts';

const T0 = Date.parse('2026-11-20T17:01:00Z'); // 14:01 in São Paulo
const ESC = String.fromCharCode(27);

class Screen extends Writable {
  text = '';
  constructor(readonly isTTY: boolean, readonly columns = 100) {
    super();
  }
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

const running = (over: Partial<ResourceView> = {}): ResourceView => ({
  resource: 'reservas', status: 'running', done: 1500, expected: 10_000, perMinute: 1000, etaSeconds: 510, ...over,
});

const summary = (over: Partial<ResourceSummary> = {}): ResourceSummary => ({
  resource: 'reservas', status: 'succeeded', mode: 'full', requests: 3, pages: 3, records: 1020, upserted: 1000, rejected: 0, deleted: 0, seconds: 9.2, ...over,
});

describe('the words of progress', () => {
  it('says durations the way a person reads them, rounded up', () => {
    expect(formatDuration(0.2)).toBe('1 s');
    expect(formatDuration(38)).toBe('38 s');
    expect(formatDuration(61)).toBe('2 min');
    expect(formatDuration(240)).toBe('4 min');
    expect(formatDuration(2 * 3600 + 5 * 60)).toBe('2 h 05 min');
  });

  it('says what it waits for, and until when', () => {
    expect(waitText({ reason: 'budget', until: T0 + 38_000, secondsLeft: 38 })).toBe('aguardando o limite de requisições (38 s)');
    expect(waitText({ reason: 'pause', until: T0 + 240_000, secondsLeft: 240 }, 'America/Sao_Paulo')).toBe('pausado por 429 até 14:05 (4 min)');
  });

  it('shows records done of expected, the rate and the time left', () => {
    expect(resourceLine(running(), 10, 10)).toBe('reservas   █░░░░░░░░░ 1.500 de 10.000 registros (15%) · 1.000 reg/min · faltam ~9 min');
    expect(resourceLine(running({ expected: undefined, etaSeconds: undefined }), 8, 4)).toBe('reservas ░░░░ 1.500 registros (total ainda desconhecido) · 1.000 reg/min');
    expect(resourceLine(running({ status: 'succeeded', done: 10_000, perMinute: undefined, etaSeconds: undefined }), 8, 4)).toBe('reservas ████ 10.000 de 10.000 registros (100%) · concluído');
    expect(resourceLine(running({ status: 'pending', done: 0, expected: undefined }), 8)).toBe('reservas na fila');
    expect(pageLogLine(running())).toBe('reservas: 1.500 de 10.000 registros (15%) · 1.000 reg/min · faltam ~9 min');
    // 100 % only when everything is read.
    expect(percent(9999, 10_000)).toBe(99);
    expect(percent(10_000, 10_000)).toBe(100);
  });

  it('gives the overall figures as lower bounds while a resource has not told its size', () => {
    const overall = { done: 1500, expected: 10_000, partial: true, finished: 1, resources: 7, perMinute: 1000, etaSeconds: 510 };
    expect(overallLine(overall, 8)).toBe('total    1.500 de pelo menos 10.000 registros · 1 de 7 recursos · 1.000 reg/min · faltam pelo menos 9 min');
    expect(overallLine({ ...overall, done: 0, expected: 0, perMinute: undefined, etaSeconds: undefined }, 5)).toBe('total 0 registros (total ainda desconhecido) · 1 de 7 recursos');
    expect(overallLine({ ...overall, partial: false }, 5)).toBe('total 1.500 de 10.000 registros (15%) · 1 de 7 recursos · 1.000 reg/min · faltam ~9 min');
  });
});

describe('off a terminal', () => {
  it('writes one line per page, and the waits worth knowing about', () => {
    const out = new Screen(false);
    let now = T0;
    const o = createProgressObserver(out, { resources: ['reservas'], timeZone: 'America/Sao_Paulo', now: () => now });
    o.onResourceStart?.('reservas', 'full');
    now += 30_000;
    o.onPage?.('reservas', { records: 500, total: 1000, fresh: 500, remaining: 500 });
    o.onRateLimitWait?.(3000, 'budget'); // short: not worth a line
    o.onRateLimitWait?.(38_000, 'budget');
    o.onRateLimitWait?.(240_000, 'pause');
    now += 30_000;
    o.onPage?.('reservas', { records: 1001, total: 501, fresh: 500, remaining: 0 });
    o.onResourceDone?.(summary({ seconds: 60 }));
    o.stop();
    expect(out.text.split('\n')).toEqual([
      'reservas: sincronização completa iniciada',
      'reservas: 500 de 1.000 registros (50%) · 1.000 reg/min · faltam ~30 s',
      'aguardando o limite de requisições (38 s)',
      'pausado por 429 até 14:05 (4 min)',
      'reservas: 1.000 de 1.000 registros (100%) · 1.000 reg/min',
      'reservas: concluído, 1.000 registros em 1 min 00 s',
      '',
    ]);
  });

  it('names a failure with its sentence', () => {
    const out = new Screen(false);
    const o = createProgressObserver(out, { resources: ['vendas'] });
    o.onResourceStart?.('vendas', 'incremental');
    o.onResourceDone?.(summary({ resource: 'vendas', status: 'failed', error: 'HTTP 503 after 5 retries' }));
    expect(out.text).toBe('vendas: sincronização incremental iniciada\nvendas: falhou (HTTP 503 after 5 retries)\n');
  });
});

describe('on a terminal', () => {
  it('redraws its lines in place, never wider than the terminal, and gives the cursor back', () => {
    const out = new Screen(true, 60);
    let now = T0;
    const o = createProgressObserver(out, { resources: ['reservas', 'reservas/condicoes'], timeZone: 'America/Sao_Paulo', now: () => now });
    o.onResourceStart?.('reservas', 'full');
    now += 10_000;
    o.onPage?.('reservas', { records: 500, total: 2000, fresh: 500, remaining: 1500 });
    o.onRateLimitWait?.(240_000, 'pause');
    now += 5000;
    o.stop();
    const frames = out.text.replace(`${ESC}[?25l`, '').replace(`${ESC}[?25h`, '').split(new RegExp(`\\r${ESC}\\[(\\d+)A${ESC}\\[J`));
    // frame, lines climbed, frame, lines climbed, …: a redraw per event, each climbing exactly the frame before it.
    expect((frames.length - 1) / 2).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < frames.length; i += 2) expect(Number(frames[i])).toBe(frames[i - 1]!.split('\n').length - 1);
    const last = frames[frames.length - 1]!.split('\n').slice(0, -1);
    for (const line of out.text.split(new RegExp(`\\n|${ESC}\\[J`))) expect(line.replace(new RegExp(`${ESC}\\[[?\\d]*[a-zA-Z]|\\r`, 'g'), '').length).toBeLessThanOrEqual(59);
    expect(last).toHaveLength(4);
    // Cut to the terminal's width, and says so.
    expect(last[0]).toMatch(/^reservas +█████░+ 500 de 2\.000 regis.*…$/);
    expect(last[1]).toMatch(/^reservas\/condicoes na fila$/);
    expect(last[2]).toMatch(/^total +500 de pelo menos 2\.000 registros · 0 d/);
    expect(last[3]).toBe('pausado por 429 até 14:05 (4 min)');
    expect(out.text.startsWith('\x1b[?25l')).toBe(true);
    expect(out.text.endsWith('\x1b[?25h')).toBe(true);
  });
});

describe('in the logs of a scheduled sync', () => {
  it('writes one structured line per page, and warns of a 429 pause', async () => {
    const out = new Screen(false);
    const logger = createLogger({ level: 'info', destination: out });
    let now = T0;
    const o = progressLogObserver((level, fields, message) => logger[level](fields, message), { timeZone: 'America/Sao_Paulo', now: () => now });
    o.onResourceStart?.('vendas', 'incremental');
    now += 60_000;
    o.onPage?.('vendas', { records: 200, total: 600, fresh: 200, remaining: 400 });
    o.onRateLimitWait?.(1000, 'budget');
    o.onRateLimitWait?.(240_000, 'pause');
    now += 60_000;
    o.onPage?.('vendas', { records: 401, total: 401, fresh: 200, remaining: 200 });
    await new Promise((resolve) => setImmediate(resolve));
    const lines = out.text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ level: 30, resource: 'vendas', done: 200, expected: 600, perMinute: 200, etaSeconds: 120, msg: 'vendas: 200 de 600 registros (33%) · 200 reg/min · faltam ~2 min' });
    expect(lines[1]).toMatchObject({ level: 40, reason: 'pause', waitSeconds: 240, msg: 'pausado por 429 até 14:06 (4 min)' });
    expect(lines[2]).toMatchObject({ done: 400, expected: 600, perMinute: 200, etaSeconds: 60 });
  });
});
