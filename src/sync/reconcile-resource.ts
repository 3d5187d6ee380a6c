// One resource's part of a reconciliation slice: continue its pass (a complete re-read, with the
// same cursor as every sync) page by page until the pass ends or the slice's allowance or time is
// spent. Each page commits with the pass's checkpoint, so a killed slice resumes at the next one.
// Only the transaction that loads the last page marks the rows the pass did not see.
import type { ResourceSpec } from '../cvdw/catalog/index.ts';
import {
  beginOrResumePass, finishPass, finishReconcileRun, markNotSeenSincePassStart, saveReconcileCheckpoint, startReconcileRun,
} from './queries/reconcile-state.ts';
import { snapshotUnitStates } from '../db/queries/refresh-business.ts';
import { readPageBefore, refreshAfterDeletion, refreshAfterPage } from './business-refresh.ts';
import type { CursorState } from './page-plan.ts';
import { addRunCounters } from './queries/runs.ts';
import { loadMappedPage, mapPageForLoad, readPagesAhead, type PagedReadContext } from './sync-resource.ts';

export interface ReconcileResourceContext extends PagedReadContext {
  /** False once the slice has spent its allowance or its time: the pass pauses there. */
  readonly mayContinue: () => boolean;
}

export interface ReconcileResourceOutcome {
  readonly runId: number;
  /** 'completed': the pass reached the end and marked; 'paused': it continues next slice. */
  readonly result: 'completed' | 'paused' | 'interrupted';
  readonly resumed: boolean;
  readonly passStartedAt: Date;
  readonly pages: number;
  readonly records: number;
  readonly deleted: number;
}

export async function reconcileResource(ctx: ReconcileResourceContext, spec: ResourceSpec): Promise<ReconcileResourceOutcome> {
  const { pass, resumed } = await beginOrResumePass(ctx.db, ctx.conta, spec.name);
  const runId = await startReconcileRun(ctx.db, ctx.conta, spec.name, ctx.host, process.pid);
  const cursor: CursorState = { phase: pass.phase, cursorData: pass.cursorData, cursorPage: pass.cursorPage };
  let requestsBefore = ctx.requestCount();
  let pages = 0;
  let records = 0;
  const outcome = (result: ReconcileResourceOutcome['result'], deleted = 0): ReconcileResourceOutcome =>
    ({ runId, result, resumed, passStartedAt: pass.startedAt, pages, records, deleted });
  // A pass reads everything, so no lower bound (since) applies. No request is sent, ahead or
  // not, once the slice has spent its allowance or its time.
  const reading = readPagesAhead(ctx, spec, cursor, null, ctx.mayContinue);
  try {
    for (;;) {
      if (ctx.signal?.aborted) {
        await reading.close();
        await finishReconcileRun(ctx.db, runId, 'interrupted');
        return outcome('interrupted');
      }
      const read = await reading.next();
      if (read === undefined) {
        if (ctx.signal?.aborted) continue;
        // A pause is the slice doing its job, not a failure: the run succeeded at its share.
        await finishReconcileRun(ctx.db, runId, 'succeeded');
        return outcome('paused');
      }
      const { envelope, next } = read;
      const page = await mapPageForLoad(ctx, spec, envelope.dados);
      const { rows } = page;
      const requests = read.requestsSoFar - requestsBefore;
      requestsBefore = read.requestsSoFar;
      const deleted = await ctx.db.transaction(async (tx) => {
        const mirrorBefore = await readPageBefore(tx, ctx.conta, spec, rows);
        const upserted = await loadMappedPage(tx, ctx.conta, spec, runId, page);
        await refreshAfterPage(tx, ctx.conta, spec, rows, mirrorBefore);
        let gone: string[] = [];
        if (next === null) {
          gone = await markNotSeenSincePassStart(tx, ctx.conta, spec);
          await refreshAfterDeletion(tx, ctx.conta, spec, gone);
          if (spec.name === 'unidades') await snapshotUnitStates(tx, ctx.conta);
          await finishPass(tx, ctx.conta, spec.name);
        } else {
          await saveReconcileCheckpoint(tx, ctx.conta, spec.name, ctx.holder, ctx.leaseSeconds, next);
        }
        await addRunCounters(tx, runId, {
          requests, pages: 1, records: envelope.dados.length, upserted, rejected: page.rejections.length, deleted: gone.length, fieldProblems: page.recordsWithProblems,
        });
        return gone.length;
      });
      pages++;
      records += envelope.dados.length;
      if (next === null) {
        await finishReconcileRun(ctx.db, runId, 'succeeded');
        return outcome('completed', deleted);
      }
    }
  } catch (error) {
    // The pass keeps its checkpoint; the next slice continues from there.
    if (ctx.signal?.aborted) await finishReconcileRun(ctx.db, runId, 'interrupted').catch(() => undefined);
    else await finishReconcileRun(ctx.db, runId, 'failed', error instanceof Error ? error.message.slice(0, 300) : String(error)).catch(() => undefined);
    throw error;
  } finally {
    // A page read ahead of one that failed to load is thrown away, its request awaited.
    await reading.close();
  }
}
