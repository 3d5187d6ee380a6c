// The numbers a sync's progress shows: counted from what each page tells, never backwards, never
// past the total, with the rate, the time left and the waits.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextState, requestFor, type CursorState } from '../../src/sync/page-plan.ts';
import { countPage } from '../../src/sync/page-progress.ts';
import { ProgressModel, RATE_WINDOW_MS, waitWorthALine } from '../../src/sync/progress-model.ts';

const T0 = Date.parse('2026-11-20T12:00:00Z');

describe('what a page tells', () => {
  const range = (cursorData: string): CursorState => ({ phase: 'range', cursorData, cursorPage: 1 });

  it('does not count again the records the cursor re-reads at its start', () => {
    const previousDates = ['2024-01-01 10:00:00', '2024-01-02 10:00:00', '2024-01-02 10:00:00'];
    const counts = countPage({
      cursor: range('2024-01-02 10:00:00'), request: { pagina: 1, aPartir: '2024-01-02 10:00:00' },
      dates: ['2024-01-02 10:00:00', '2024-01-02 10:00:00', '2024-01-03 09:00:00'], previousDates,
      pageSize: 3, total: 40, since: null, finished: false,
    });
    // Two of the three were on the previous page; 40 from the cursor on, 3 of them on this page.
    expect(counts).toEqual({ fresh: 1, remaining: 37 });
  });

  it('reads a filtered total as what is left of the run, not as the run', () => {
    // An incremental run: the total counts from the request's own start.
    expect(countPage({
      cursor: range('2026-11-20 08:00:00'), request: { pagina: 1, aPartir: '2026-11-20 08:00:00' },
      dates: ['2026-11-20 08:00:00', '2026-11-20 09:00:00'], previousDates: undefined, pageSize: 2, total: 101, since: '2026-11-20 08:00:00', finished: false,
    })).toEqual({ fresh: 2, remaining: 99 });
  });

  it('says nothing of the rest during a tie, nor of an incremental run from an unfiltered page', () => {
    const tie: CursorState = { phase: 'tie', cursorData: '2024-01-02 10:00:00', cursorPage: 2 };
    expect(countPage({
      cursor: tie, request: requestFor(tie), dates: ['2024-01-02 10:00:00'], previousDates: ['2024-01-02 10:00:00'],
      pageSize: 1, total: 5, since: null, finished: false,
    })).toEqual({ fresh: 1, remaining: undefined });
    const undated: CursorState = { phase: 'undated', cursorData: null, cursorPage: 2 };
    const page = { cursor: undated, request: requestFor(undated), dates: [null, null], previousDates: [null, null], pageSize: 2, total: 9, finished: false };
    expect(countPage({ ...page, since: null })).toEqual({ fresh: 2, remaining: 5 });
    expect(countPage({ ...page, since: '2026-01-01 00:00:00' })).toEqual({ fresh: 2, remaining: undefined });
    expect(countPage({ ...page, since: '2026-01-01 00:00:00', finished: true }).remaining).toBe(0);
  });
});

describe('the progress model', () => {
  it('shows done of expected, the rate and the time left on a slow first load', () => {
    const model = new ProgressModel(['reservas', 'vendas']);
    model.start('reservas', T0);
    // 10,000 records, 500 a page, a page every 30 s.
    for (let i = 1; i <= 3; i++) model.page('reservas', { fresh: 500, remaining: 10_000 - 500 * i }, T0 + 30_000 * i);
    const view = model.view(T0 + 90_000);
    expect(view.resources[0]).toEqual({ resource: 'reservas', status: 'running', done: 1500, expected: 10_000, perMinute: 1000, etaSeconds: 510 });
    expect(view.resources[1]).toMatchObject({ resource: 'vendas', status: 'pending', done: 0, expected: undefined });
    // vendas has not told its size: the overall expected and time left are lower bounds.
    expect(view.overall).toEqual({ done: 1500, expected: 10_000, partial: true, finished: 0, resources: 2, perMinute: 1000, etaSeconds: 510 });
  });

  it('measures the rate over the last minutes only', () => {
    const model = new ProgressModel(['reservas']);
    model.start('reservas', T0);
    model.page('reservas', { fresh: 10_000, remaining: 50_000 }, T0 + 60_000);
    // Then ten minutes at 100 a minute.
    for (let m = 2; m <= 11; m++) model.page('reservas', { fresh: 100, remaining: 50_000 - 100 * (m - 1) }, T0 + m * 60_000);
    expect(model.view(T0 + 11 * 60_000).resources[0]!.perMinute).toBeCloseTo(100, 5);
    expect(RATE_WINDOW_MS).toBe(5 * 60_000);
  });

  it('gives a wait a line of its own off a terminal only when it looks like a stall, and always for a 429 pause', () => {
    expect(waitWorthALine('budget', 4999)).toBe(false);
    expect(waitWorthALine('budget', 5000)).toBe(true);
    expect(waitWorthALine('pause', 300)).toBe(true);
  });

  it('says when it waits for the budget or a 429 pause, and for how long', () => {
    const model = new ProgressModel(['reservas']);
    model.start('reservas', T0);
    model.wait('budget', 38_000, T0);
    expect(model.view(T0 + 500).waiting).toEqual({ reason: 'budget', until: T0 + 38_000, secondsLeft: 38 });
    model.page('reservas', { fresh: 10, remaining: 0 }, T0 + 39_000);
    expect(model.view(T0 + 39_000).waiting).toBeUndefined();
    model.wait('pause', 240_000, T0 + 40_000);
    expect(model.view(T0 + 100_000).waiting).toEqual({ reason: 'pause', until: T0 + 280_000, secondsLeft: 180 });
    // Over when its time has passed, even before the next page.
    expect(model.view(T0 + 280_001).waiting).toBeUndefined();
  });

  it('grows the expected when the API reports more, and ends a succeeded resource at what it read', () => {
    const model = new ProgressModel(['reservas']);
    model.start('reservas', T0);
    model.page('reservas', { fresh: 100, remaining: 100 }, T0 + 1000);
    model.page('reservas', { fresh: 100, remaining: 50 }, T0 + 2000); // 50 records appeared upstream
    expect(model.view(T0 + 2000).resources[0]).toMatchObject({ done: 200, expected: 250 });
    model.page('reservas', { fresh: 100, remaining: undefined }, T0 + 3000); // a tie: no news on the rest
    expect(model.view(T0 + 3000).resources[0]).toMatchObject({ done: 300, expected: 300 });
    model.page('reservas', { fresh: 0, remaining: 0 }, T0 + 4000);
    model.finish('reservas', 'succeeded', T0 + 4000);
    const view = model.view(T0 + 4000);
    expect(view.resources[0]).toMatchObject({ status: 'succeeded', done: 300, expected: 300, etaSeconds: undefined });
    expect(view.overall).toMatchObject({ done: 300, expected: 300, partial: false, finished: 1, etaSeconds: undefined });
  });

  it('keeps counts sane on the incremental run that once showed 601/101', () => {
    // Six pages of an incremental run; each request's total counts from its own start.
    const model = new ProgressModel(['reservas']);
    model.start('reservas', T0);
    const totals = [601, 501, 401, 301, 201, 101];
    let previousDates: string[] | undefined;
    let shown: { done: number; expected: number | undefined } = { done: 0, expected: undefined };
    totals.forEach((total, i) => {
      const from = `2026-11-20 0${i}:00:00`;
      const dates = [from, ...Array.from({ length: 99 }, () => `2026-11-20 0${i}:30:00`), `2026-11-20 0${i + 1}:00:00`];
      const counts = countPage({
        cursor: { phase: 'range', cursorData: from, cursorPage: 1 }, request: { pagina: 1, aPartir: from }, dates, previousDates,
        pageSize: 101, total, since: '2026-11-20 00:00:00', finished: i === totals.length - 1,
      });
      model.page('reservas', counts, T0 + i * 3000);
      previousDates = dates;
      const view = model.view(T0 + i * 3000).resources[0]!;
      expect(view.done).toBeGreaterThanOrEqual(shown.done);
      expect(view.done).toBeLessThanOrEqual(view.expected!);
      expect(view.expected).toBe(601);
      shown = view;
    });
    expect(shown).toMatchObject({ done: 601, expected: 601 });
  });
});

// ---- Whole runs, through the real cursor, against an API simulated over a list of dates ----

interface Api { dates: (string | null)[] }

function stamp(second: number): string {
  return new Date(Date.UTC(2024, 0, 1) + second * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

/** The API's answer: nulls first, then by date, ties in a stable order; filters exclude nulls. */
function answer(api: Api, request: { pagina: number; aPartir?: string; ate?: string }, pageSize: number) {
  const sorted = api.dates.map((d, i) => ({ d, i })).sort((a, b) => (a.d === b.d ? a.i - b.i : a.d === null ? -1 : b.d === null ? 1 : a.d < b.d ? -1 : 1));
  const matching = sorted.filter(({ d }) => (request.aPartir === undefined || (d !== null && d >= request.aPartir)) && (request.ate === undefined || (d !== null && d <= request.ate)));
  const page = matching.slice((request.pagina - 1) * pageSize, request.pagina * pageSize);
  return { ids: page.map((r) => r.i), dates: page.map((r) => r.d), total: matching.length, totalPages: Math.ceil(matching.length / pageSize) };
}

interface Step { done: number; expected: number | undefined; status: string }

/** Runs one resource to its end; `between` may change the data between requests. */
function walk(api: Api, pageSize: number, since: string | null, undatedFirst: boolean, between: (request: number) => void) {
  const model = new ProgressModel(['r']);
  model.start('r', T0);
  let cursor: CursorState = undatedFirst ? { phase: 'undated', cursorData: null, cursorPage: 1 } : { phase: 'range', cursorData: since, cursorPage: 1 };
  let previousDates: (string | null)[] | undefined;
  const steps: Step[] = [];
  const read = new Set<number>();
  for (let request = 0; request < 5000; request++) {
    between(request);
    const planned = requestFor(cursor);
    const page = answer(api, planned, pageSize);
    page.ids.forEach((id) => read.add(id));
    const next = nextState(cursor, { dates: page.dates, pageSize, totalPages: page.totalPages, pagina: planned.pagina }, since);
    model.page('r', countPage({ cursor, request: planned, dates: page.dates, previousDates, pageSize, total: page.total, since, finished: next === null }), T0 + request * 3000);
    steps.push(model.view(T0 + request * 3000).resources[0]!);
    previousDates = page.dates;
    if (next === null) break;
    cursor = next;
  }
  model.finish('r', 'succeeded', T0 + 10_000_000);
  steps.push(model.view(T0 + 10_000_000).resources[0]!);
  return { steps, read };
}

function expectSane(steps: readonly Step[]): void {
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    if (s.expected !== undefined) expect(s.done).toBeLessThanOrEqual(s.expected);
    if (i === 0) continue;
    const before = steps[i - 1]!;
    expect(s.done).toBeGreaterThanOrEqual(before.done);
    if (s.status === 'running' && before.expected !== undefined) expect(s.expected).toBeGreaterThanOrEqual(before.expected);
  }
}

// Dates with nulls, long ties and gaps, like the real data.
const datasets = fc.array(fc.oneof(
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 60 }) },
), { maxLength: 120 }).map((xs) => xs.map((x) => (x === null ? null : stamp(x))));

describe('whole runs through the cursor', () => {
  it('count each record once and know the total from the first page that can tell it', () => {
    fc.assert(fc.property(datasets, fc.integer({ min: 1, max: 12 }), fc.option(fc.integer({ min: 0, max: 60 })), fc.boolean(), (dates, pageSize, sinceSecond, undatedFirst) => {
      const since = sinceSecond === null ? null : stamp(sinceSecond);
      const { steps, read } = walk({ dates }, pageSize, since, since === null || undatedFirst, () => undefined);
      expectSane(steps);
      const last = steps[steps.length - 1]!;
      // Every record read is counted once: no re-read counted twice, none missed.
      expect(last.done).toBe(read.size);
      // Once a page could tell the size of the run, it was right all along.
      for (const s of steps.slice(0, -1)) if (s.expected !== undefined) expect(s.expected).toBe(read.size);
    }), { numRuns: 400 });
  });

  it('never go backwards nor past the total while records are added and updated mid-run', () => {
    const changes = fc.array(fc.tuple(fc.nat(40), fc.constantFrom('add', 'update'), fc.nat(200)), { maxLength: 30 });
    fc.assert(fc.property(datasets, fc.integer({ min: 1, max: 10 }), changes, (initial, pageSize, plan) => {
      const api: Api = { dates: [...initial] };
      let clock = 61;
      const { steps } = walk(api, pageSize, null, true, (request) => {
        for (const [at, kind, which] of plan) {
          if (at !== request) continue;
          clock += 1 + (which % 3);
          // An update moves a record to the end, as referencia_data becomes now.
          if (kind === 'update' && api.dates.length > 0) api.dates[which % api.dates.length] = stamp(clock);
          else api.dates.push(stamp(clock));
        }
      });
      expectSane(steps);
    }), { numRuns: 300 });
  });
});
