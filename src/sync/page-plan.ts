// The cursor that walks a CVDW resource without skipping records while rows shift. Pure.
//
// Paging by page number over a result sorted by referencia_data loses records: an updated record
// jumps to the end and the one after it slides onto a page already read. So each request starts
// at the last referencia_data read (the upsert absorbs the overlap). A run of records sharing one
// referencia_data larger than a page is read by page number within that exact second
// (a_partir = ate), then the cursor moves one second on. Records with a null or zero
// referencia_data sort first and no date filter returns them: they are read unfiltered from page 1.

/** Undated records first, then date ranges, a tie of one second read by page, a day read whole. */
export type SyncPhase = 'undated' | 'range' | 'tie' | 'day';

export interface CursorState {
  readonly phase: SyncPhase;
  /** 'YYYY-MM-DD HH:MM:SS'; null only in the undated phase. */
  readonly cursorData: string | null;
  readonly cursorPage: number;
}

export interface PlannedRequest {
  readonly pagina: number;
  readonly aPartir?: string;
  readonly ate?: string;
}

export interface PageFacts {
  /** referencia_data of each record in the order received (null for null/zero/unreadable). */
  readonly dates: readonly (string | null)[];
  readonly pageSize: number;
  readonly totalPages: number;
  readonly pagina: number;
}

export function requestFor(state: CursorState): PlannedRequest {
  switch (state.phase) {
    case 'undated':
      return { pagina: state.cursorPage };
    case 'range':
      return state.cursorData === null ? { pagina: 1 } : { pagina: 1, aPartir: state.cursorData };
    case 'tie':
      return { pagina: state.cursorPage, aPartir: state.cursorData!, ate: state.cursorData! };
    case 'day':
      return state.cursorData === null ? { pagina: state.cursorPage } : { pagina: state.cursorPage, aPartir: state.cursorData.slice(0, 10) };
  }
}

/** Where the cursor goes after a page, or null when the resource has been read to its end. */
export function nextState(state: CursorState, page: PageFacts, since: string | null): CursorState | null {
  const isLastPage = page.dates.length < page.pageSize || page.pagina >= page.totalPages;
  const lastDate = lastNonNull(page.dates);
  switch (state.phase) {
    case 'undated': {
      if (isLastPage) return null;
      if (lastDate === null) return { phase: 'undated', cursorData: null, cursorPage: state.cursorPage + 1 };
      const cursor = since !== null && since > lastDate ? since : lastDate;
      return { phase: 'range', cursorData: cursor, cursorPage: 1 };
    }
    case 'range': {
      if (isLastPage) return null;
      if (lastDate !== null && (state.cursorData === null || lastDate > state.cursorData)) {
        return { phase: 'range', cursorData: lastDate, cursorPage: 1 };
      }
      // The whole page shares the cursor's referencia_data: a tie larger than a page.
      return { phase: 'tie', cursorData: state.cursorData, cursorPage: 2 };
    }
    case 'tie': {
      if (isLastPage) return { phase: 'range', cursorData: addOneSecond(state.cursorData!), cursorPage: 1 };
      return { phase: 'tie', cursorData: state.cursorData, cursorPage: state.cursorPage + 1 };
    }
    case 'day':
      return isLastPage ? null : { phase: 'day', cursorData: state.cursorData, cursorPage: state.cursorPage + 1 };
  }
}

/** The API refused a time in the filter: continue by page number from the cursor's day. */
export function fallBackToDay(state: CursorState): CursorState {
  return { phase: 'day', cursorData: state.cursorData, cursorPage: 1 };
}

export function addOneSecond(timestamp: string): string {
  const date = new Date(`${timestamp.replace(' ', 'T')}Z`);
  date.setUTCSeconds(date.getUTCSeconds() + 1);
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

export function subtractMs(timestamp: string, ms: number): string {
  const date = new Date(`${timestamp.replace(' ', 'T')}Z`);
  return new Date(date.getTime() - ms).toISOString().slice(0, 19).replace('T', ' ');
}

function lastNonNull(values: readonly (string | null)[]): string | null {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] != null) return values[i]!;
  return null;
}
