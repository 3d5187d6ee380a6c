// The cursor that walks a resource: pure transitions.
import { describe, expect, it } from 'vitest';
import { addOneSecond, fallBackToDay, nextState, requestFor, subtractMs } from '../../src/sync/page-plan.ts';

const facts = (dates: (string | null)[], pageSize = 3, totalPages = 9, pagina = 1) => ({ dates, pageSize, totalPages, pagina });

describe('the page cursor', () => {
  it('reads undated records unfiltered, then moves to the last date read', () => {
    const start = { phase: 'undated' as const, cursorData: null, cursorPage: 1 };
    expect(requestFor(start)).toEqual({ pagina: 1 });
    expect(nextState(start, facts([null, null, null]), null)).toEqual({ phase: 'undated', cursorData: null, cursorPage: 2 });
    expect(nextState(start, facts([null, '2024-01-01 10:00:00', '2024-01-02 10:00:00']), null))
      .toEqual({ phase: 'range', cursorData: '2024-01-02 10:00:00', cursorPage: 1 });
    // An incremental run jumps to its own start when that is later.
    expect(nextState(start, facts([null, '2024-01-01 10:00:00', '2024-01-02 10:00:00']), '2025-05-05 00:00:00'))
      .toEqual({ phase: 'range', cursorData: '2025-05-05 00:00:00', cursorPage: 1 });
    expect(nextState(start, facts([null]), null)).toBeNull();
  });

  it('starts each range request at the last referencia_data read', () => {
    const state = { phase: 'range' as const, cursorData: '2024-01-01 00:00:00', cursorPage: 1 };
    expect(requestFor(state)).toEqual({ pagina: 1, aPartir: '2024-01-01 00:00:00' });
    expect(nextState(state, facts(['2024-01-01 00:00:00', '2024-01-03 00:00:00', '2024-01-05 00:00:00']), null))
      .toEqual({ phase: 'range', cursorData: '2024-01-05 00:00:00', cursorPage: 1 });
    expect(nextState(state, facts(['2024-01-03 00:00:00']), null)).toBeNull();
    expect(nextState(state, facts(['2024-01-03 00:00:00', '2024-01-04 00:00:00', '2024-01-05 00:00:00'], 3, 1), null)).toBeNull();
  });

  it('pages through a tie larger than a page within that second, then moves one second on', () => {
    const t = '2024-02-02 12:00:00';
    const state = { phase: 'range' as const, cursorData: t, cursorPage: 1 };
    const tie = nextState(state, facts([t, t, t]), null);
    expect(tie).toEqual({ phase: 'tie', cursorData: t, cursorPage: 2 });
    expect(requestFor(tie!)).toEqual({ pagina: 2, aPartir: t, ate: t });
    expect(nextState(tie!, facts([t, t, t]), null)).toEqual({ phase: 'tie', cursorData: t, cursorPage: 3 });
    expect(nextState(tie!, facts([t]), null)).toEqual({ phase: 'range', cursorData: '2024-02-02 12:00:01', cursorPage: 1 });
  });

  it('falls back to paging by number from the day when a time is refused', () => {
    const day = fallBackToDay({ phase: 'range', cursorData: '2024-03-03 08:09:10', cursorPage: 1 });
    expect(requestFor(day)).toEqual({ pagina: 1, aPartir: '2024-03-03' });
    expect(nextState(day, facts(['a', 'b', 'c']), null)).toEqual({ phase: 'day', cursorData: '2024-03-03 08:09:10', cursorPage: 2 });
    expect(nextState(day, facts(['a']), null)).toBeNull();
  });

  it('does date arithmetic on naive timestamps', () => {
    expect(addOneSecond('2024-12-31 23:59:59')).toBe('2025-01-01 00:00:00');
    expect(subtractMs('2024-01-01 00:10:00', 30 * 60_000)).toBe('2023-12-31 23:40:00');
  });
});
