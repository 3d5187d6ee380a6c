// One resource, one run: read page after page from the checkpoint, load each page with its
// checkpoint in one transaction, reconcile deletions after a full read.
import type { ResourceSpec } from '../cvdw/catalog/index.ts';
import type { CvdwClient } from '../cvdw/client.ts';
import type { Envelope } from '../cvdw/envelope.ts';
import { CvdwBadRequestError } from '../cvdw/errors.ts';
import type { Database, Queryable } from '../db/database.ts';
import { recordFieldProblems } from '../db/queries/field-problems.ts';
import { anonymisedSubjectDigests } from '../db/queries/data-subject.ts';
import { markUnseenDeleted, touchSeenRows, upsertMirrorRows } from '../db/queries/mirror.ts';
import { refreshLookupStatistics, snapshotUnitStates } from '../db/queries/refresh-business.ts';
import { keepAnonymised } from '../lgpd/keep-anonymised.ts';
import { readPageBefore, refreshAfterDeletion, refreshAfterPage } from './business-refresh.ts';
import { mapPage, rejectedWithKey, type MappedPage } from './map-page.ts';
import type { MirrorRow, PiiOptions } from './map-record.ts';
import type { PageProgress } from './observer.ts';
import { fallBackToDay, nextState, requestFor, subtractMs, type CursorState, type PlannedRequest } from './page-plan.ts';
import { countPage } from './page-progress.ts';
import { pagePipeline, type PagePipeline, type ReadStep } from './page-pipeline.ts';
import { parseTimestamp } from './parse-values.ts';
import { beginRunState, saveCheckpoint } from './queries/checkpoint.ts';
import { insertRejections } from './queries/rejections.ts';
import { readResourceState } from './queries/resource-state.ts';
import { addRunCounters, finishRunSucceeded, markRunInterrupted, resumeRun, startRun, type RunMode } from './queries/runs.ts';

/**
 * The page the cursor asks for next. A tenant that refuses a time in the date filter gets the
 * date alone: the cursor to retry with is returned instead of a page.
 */
export async function readPlannedPage(
  ctx: PagedReadContext, spec: ResourceSpec, cursor: CursorState,
): Promise<{ planned: PlannedRequest; envelope: Envelope } | { fallback: CursorState }> {
  const planned = requestFor(cursor);
  try {
    const envelope = await ctx.client.fetchPage(spec.name, spec.urlPath, {
      pagina: planned.pagina, registrosPorPagina: ctx.pageSize, aPartir: planned.aPartir, ate: planned.ate,
    }, ctx.signal);
    return { planned, envelope };
  } catch (error) {
    if (error instanceof CvdwBadRequestError && cursor.phase !== 'day' && planned.aPartir !== undefined && planned.aPartir.length > 10) {
      return { fallback: fallBackToDay(cursor) };
    }
    throw error;
  }
}

/** One page as read, with where the cursor goes after it. */
export interface PageRead {
  /** The cursor the page was read with (after a fallback to the date alone, that one). */
  readonly cursor: CursorState;
  readonly planned: PlannedRequest;
  readonly envelope: Envelope;
  /** referencia_data of each record, in the order received. */
  readonly dates: (string | null)[];
  /** Where the next page is read from; null: this is the last one. */
  readonly next: CursorState | null;
  /** Requests made for the resource up to this page's, its retries and a refused filter included. */
  readonly requestsSoFar: number;
}

/**
 * Pages read ahead of the one being loaded. One is enough for the next request, its wait for the
 * budget included, to overlap the load of the page before it; more only hold more pages in memory.
 */
export const READ_AHEAD_PAGES = 1;

/**
 * The pages of a resource from `cursor` on, each requested while the one before it is loaded.
 * `mayRead` is asked before every request (a reconciliation slice's allowance and window).
 */
export function readPagesAhead(
  ctx: PagedReadContext, spec: ResourceSpec, cursor: CursorState, since: string | null, mayRead?: () => boolean,
): PagePipeline<PageRead> {
  const read = async (first: CursorState, signal: AbortSignal): Promise<ReadStep<CursorState, PageRead>> => {
    const readCtx = { ...ctx, signal };
    for (let at = first; ;) {
      const result = await readPlannedPage(readCtx, spec, at);
      if ('fallback' in result) {
        at = result.fallback;
        continue;
      }
      const { planned, envelope } = result;
      const dates = envelope.dados.map((r) => recordDate(r));
      const next = nextState(at, { dates, pageSize: ctx.pageSize, totalPages: envelope.total_de_paginas, pagina: planned.pagina }, since);
      // Taken as the page arrives: the next request is not sent before this returns.
      const requestsSoFar = ctx.requestCount();
      return { page: { cursor: at, planned, envelope, dates, next, requestsSoFar }, next };
    }
  };
  // The embedded database runs inside this process and holds the event loop for each statement:
  // a request read ahead would wait behind the page's writes after taking its budget slot, so the
  // server would count it later than the budget did (a 429 in a shared budget), and its answer
  // could not be read meanwhile anyway. Read ahead only against a database server.
  const depth = ctx.db.kind === 'pglite' ? 0 : READ_AHEAD_PAGES;
  return pagePipeline(cursor, read, { depth, signal: ctx.signal, ...(mayRead ? { mayRead } : {}) });
}

/** What every paged read of a resource needs: a sync run's, and a reconciliation pass's. */
export interface PagedReadContext {
  readonly db: Database;
  /** The account whose rows and bookkeeping this read writes. */
  readonly conta: string;
  readonly client: CvdwClient;
  readonly holder: string;
  readonly host: string;
  readonly pageSize: number;
  readonly leaseSeconds: number;
  readonly pii: PiiOptions;
  readonly signal?: AbortSignal | undefined;
  /** Requests this process has made for the resource so far (maintained by the client's hook). */
  readonly requestCount: () => number;
}

export interface ResourceSyncContext extends PagedReadContext {
  /** Incremental runs start this long before the watermark, for records committed late. */
  readonly overlapMs: number;
  /** Incremental runs re-read the undated records when the last read is older than this. */
  readonly undatedRecheckMs: number;
  readonly onPage?: (progress: PageProgress) => void;
}

export interface ResourceOutcome {
  readonly mode: RunMode;
  readonly runId: number;
  /** Stopped early by the signal: the run stays resumable. */
  readonly interrupted: boolean;
}

/**
 * Pages of a run after which the planner statistics of the tables the load looks up are
 * refreshed: often while a table is small and growing fast, rarely once it is large.
 */
const STATISTICS_AFTER_PAGES = new Set([2, 8, 32, 128, 512, 2048, 8192, 32768]);

export async function syncResource(ctx: ResourceSyncContext, spec: ResourceSpec, options: { full: boolean; since?: string | undefined }): Promise<ResourceOutcome> {
  return spec.kind === 'cadastro' ? syncList(ctx, spec) : syncPaged(ctx, spec, options);
}

async function syncPaged(ctx: ResourceSyncContext, spec: ResourceSpec, options: { full: boolean; since?: string | undefined }): Promise<ResourceOutcome> {
  const state = await readResourceState(ctx.db, ctx.conta, spec.name);
  const wanted: RunMode = options.full ? 'full' : 'incremental';
  let runId: number;
  let cursor: CursorState;
  let since: string | null;
  let mode: RunMode;

  const resumable = state?.run_id != null && state.phase != null && options.since === undefined && (state.run_mode === wanted || state.run_mode === 'full');
  if (resumable) {
    runId = state.run_id!;
    mode = state.run_mode!;
    since = state.run_since;
    cursor = { phase: state.phase!, cursorData: state.cursor_data, cursorPage: state.cursor_page ?? 1 };
    await resumeRun(ctx.db, runId);
  } else {
    mode = wanted;
    since = options.since ?? (mode === 'incremental' && state?.watermark ? subtractMs(state.watermark, ctx.overlapMs) : null);
    const undatedDue = since === null || state?.undated_checked_at == null || Date.now() - state.undated_checked_at.getTime() > ctx.undatedRecheckMs;
    cursor = undatedDue && options.since === undefined ? { phase: 'undated', cursorData: null, cursorPage: 1 } : { phase: 'range', cursorData: since, cursorPage: 1 };
    runId = await startRun(ctx.db, ctx.conta, spec.name, mode, ctx.host, process.pid);
    await beginRunState(ctx.db, ctx.conta, spec.name, runId, mode, since, cursor.phase);
  }

  let requestsBefore = ctx.requestCount();
  let records = 0;
  let pagesLoaded = 0;
  let previousDates: (string | null)[] | undefined;
  const pages = readPagesAhead(ctx, spec, cursor, since);
  try {
    for (;;) {
      if (ctx.signal?.aborted) {
        // The page read ahead is thrown away: the checkpoint still points at it.
        await pages.close();
        await markRunInterrupted(ctx.db, runId);
        return { mode, runId, interrupted: true };
      }
      // Never undefined here: the loop stops at the page whose cursor has no next.
      const read = (await pages.next())!;
      const { planned, envelope, dates, next } = read;
      cursor = read.cursor;
      const page = await mapPageForLoad(ctx, spec, envelope.dados);
      const { rows } = page;
      const pageMax = maxDate(rows);
      const requests = read.requestsSoFar - requestsBefore;
      requestsBefore = read.requestsSoFar;
      await ctx.db.transaction(async (tx) => {
        const mirrorBefore = await readPageBefore(tx, ctx.conta, spec, rows);
        const upserted = await loadMappedPage(tx, ctx.conta, spec, runId, page);
        await refreshAfterPage(tx, ctx.conta, spec, rows, mirrorBefore);
        await saveCheckpoint(tx, ctx.conta, spec.name, ctx.holder, ctx.leaseSeconds, {
          phase: next?.phase ?? cursor.phase,
          cursorData: next?.cursorData ?? cursor.cursorData,
          cursorPage: next?.cursorPage ?? cursor.cursorPage,
          pageMaxData: pageMax,
          undatedChecked: cursor.phase === 'undated' && next?.phase !== 'undated',
        });
        await addRunCounters(tx, runId, {
          requests, pages: 1, records: envelope.dados.length, upserted, rejected: page.rejections.length, deleted: 0, fieldProblems: page.recordsWithProblems,
        });
      });
      records += envelope.dados.length;
      pagesLoaded++;
      // Best effort: a failure here changes no data, and the next statement reports a lost server.
      if (STATISTICS_AFTER_PAGES.has(pagesLoaded)) await refreshLookupStatistics(ctx.db, spec.name).catch(() => undefined);
      const counts = countPage({
        cursor, request: planned, dates, previousDates, pageSize: ctx.pageSize, total: envelope.total_de_registros, since, finished: next === null,
      });
      ctx.onPage?.({ records, total: envelope.total_de_registros, ...counts });
      previousDates = dates;
      if (next === null) break;
    }
  } finally {
    // A page read ahead of a page that failed to load is thrown away, its request awaited.
    await pages.close();
  }

  await ctx.db.transaction(async (tx) => {
    let deleted = 0;
    if (mode === 'full') {
      const gone = await markUnseenDeleted(tx, ctx.conta, spec, runId);
      await refreshAfterDeletion(tx, ctx.conta, spec, gone);
      deleted = gone.length;
    }
    if (spec.name === 'unidades') await snapshotUnitStates(tx, ctx.conta);
    await addRunCounters(tx, runId, { requests: ctx.requestCount() - requestsBefore, pages: 0, records: 0, upserted: 0, rejected: 0, deleted });
    await finishRunSucceeded(tx, ctx.conta, spec.name, runId, mode);
  });
  return { mode, runId, interrupted: false };
}

/** A plain-array endpoint: one request, loaded and reconciled in one transaction. */
async function syncList(ctx: ResourceSyncContext, spec: ResourceSpec): Promise<ResourceOutcome> {
  const runId = await startRun(ctx.db, ctx.conta, spec.name, 'full', ctx.host, process.pid);
  await beginRunState(ctx.db, ctx.conta, spec.name, runId, 'full', null, 'range');
  const before = ctx.requestCount();
  const list = await ctx.client.fetchList(spec.name, spec.urlPath, ctx.signal);
  const page = await mapPageForLoad(ctx, spec, list);
  await ctx.db.transaction(async (tx) => {
    const mirrorBefore = await readPageBefore(tx, ctx.conta, spec, page.rows);
    const upserted = await loadMappedPage(tx, ctx.conta, spec, runId, page);
    await refreshAfterPage(tx, ctx.conta, spec, page.rows, mirrorBefore);
    const gone = await markUnseenDeleted(tx, ctx.conta, spec, runId);
    await refreshAfterDeletion(tx, ctx.conta, spec, gone);
    await addRunCounters(tx, runId, {
      requests: ctx.requestCount() - before, pages: 1, records: list.length, upserted, rejected: page.rejections.length, deleted: gone.length,
      fieldProblems: page.recordsWithProblems,
    });
    await finishRunSucceeded(tx, ctx.conta, spec.name, runId, 'full');
  });
  ctx.onPage?.({ records: list.length, total: list.length, fresh: list.length, remaining: 0 });
  return { mode: 'full', runId, interrupted: false };
}

/**
 * The page as it is loaded. LGPD: the source still holds an anonymised subject's records as they
 * were, so they are anonymised again here, before anything of them is written.
 */
export async function mapPageForLoad(ctx: PagedReadContext, spec: ResourceSpec, records: readonly unknown[]): Promise<MappedPage> {
  return keepAnonymised(spec, mapPage(spec, records, ctx.pii), await anonymisedSubjectDigests(ctx.db));
}

/**
 * The mirror rows, their field problems and the rejects of one page; returns the rows upserted.
 * A record rejected whole that has a key still exists upstream: its row, if any, counts as seen.
 */
export async function loadMappedPage(tx: Queryable, conta: string, spec: ResourceSpec, runId: number, page: MappedPage): Promise<number> {
  const upserted = await upsertMirrorRows(tx, conta, spec, page.rows, runId);
  await touchSeenRows(tx, conta, spec, rejectedWithKey(page), runId);
  await recordFieldProblems(tx, conta, spec.name, runId, page.rows.map((r) => r.referencia), page.problems);
  await insertRejections(tx, conta, spec.name, runId, page.rejections);
  return upserted;
}

export function recordDate(record: unknown): string | null {
  if (record === null || typeof record !== 'object') return null;
  const parsed = parseTimestamp((record as Record<string, unknown>).referencia_data);
  return typeof parsed === 'string' ? parsed : null;
}

function maxDate(rows: readonly MirrorRow[]): string | null {
  let max: string | null = null;
  for (const row of rows) if (row.referencia_data !== null && (max === null || row.referencia_data > max)) max = row.referencia_data;
  return max;
}

