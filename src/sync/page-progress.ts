// What one page says about a run's progress: how many of its records are read for the first time
// in the run, and how many records the run still has to read after it. Pure.
//
// The cursor re-reads on purpose (each range request starts at the last date read, so the records
// of that date come again) and total_de_registros is the total of one request, not of the run: a
// range request counts from its own a_partir, a tie request one second, an unfiltered request
// everything. Each page is read for what it can tell, and nothing more.
import type { CursorState, PlannedRequest } from './page-plan.ts';

export interface PageReading {
  /** The state the page was requested in, and the request made. */
  readonly cursor: CursorState;
  readonly request: PlannedRequest;
  /** referencia_data of each record of the page, in order (null when null, zero or unreadable). */
  readonly dates: readonly (string | null)[];
  /** Dates of the previous page of this run in this process; undefined for its first page. */
  readonly previousDates: readonly (string | null)[] | undefined;
  readonly pageSize: number;
  /** The request's total_de_registros. */
  readonly total: number;
  /** The run's start (incremental runs), or null when it reads everything. */
  readonly since: string | null;
  /** The cursor has nothing left to read after this page. */
  readonly finished: boolean;
}

export interface PageCounts {
  /** Records of the page not already read by the previous page. */
  readonly fresh: number;
  /** Records the run still has to read after this page; undefined when the request cannot tell. */
  readonly remaining: number | undefined;
}

export function countPage(page: PageReading): PageCounts {
  return { fresh: page.dates.length - rereadRecords(page), remaining: remainingAfter(page) };
}

/**
 * A request filtered from a date starts with the records of the previous page from that date on
 * (the overlap the cursor takes on purpose): those are not new.
 */
function rereadRecords(page: PageReading): number {
  const from = page.request.aPartir;
  if (page.previousDates === undefined || from === undefined || page.request.pagina !== 1) return 0;
  // 'YYYY-MM-DD' and 'YYYY-MM-DD HH:MM:SS' compare correctly as text.
  const overlap = page.previousDates.filter((d) => d !== null && d >= from).length;
  return Math.min(overlap, page.dates.length);
}

function remainingAfter(page: PageReading): number | undefined {
  if (page.finished) return 0;
  // The records of the filtered (or unfiltered) result after this page.
  const afterThisPage = Math.max(0, page.total - ((page.request.pagina - 1) * page.pageSize + page.dates.length));
  switch (page.cursor.phase) {
    case 'range':
    case 'day':
      return afterThisPage;
    case 'undated':
      // Unfiltered: everything after this page is read only when the run reads everything;
      // an incremental run skips the records before its start, and how many is unknown.
      return page.since === null ? afterThisPage : undefined;
    case 'tie':
      // The total of one second says nothing of what follows it.
      return undefined;
  }
}
