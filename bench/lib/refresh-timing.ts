// Times the per-page refresh (src/sync/business-refresh.ts refreshAfterPage: the sales and bi
// rows a page touched) on pages of rows already in the mirror, each in a transaction of its own
// as the sync does, and adds up which statements the time went to.
import { getResource } from '../../src/cvdw/catalog/index.ts';
import type { Database } from '../../src/db/database.ts';
import { quoteIdent } from '../../src/db/ddl/mirror-ddl.ts';
import { PRINCIPAL_ACCOUNT } from '../../src/config-accounts.ts';
import { readPageBefore, refreshAfterPage } from '../../src/sync/business-refresh.ts';
import { median, percentile } from './percentiles.ts';
import { timedDatabase } from './timed-db.ts';

export interface RefreshTiming {
  readonly resource: string;
  readonly pageRows: number;
  readonly runs: number;
  readonly medianMs: number;
  readonly p90Ms: number;
  readonly minMs: number;
  /** The statements that took most of the time, slowest first: [kind, ms per page]. */
  readonly top: readonly [string, number][];
}

/** `runs` pages of `pageRows` rows spread evenly over the mirror table, each refreshed and committed. */
export async function timeRefresh(db: Database, resource: string, wantedRows: number, runs: number): Promise<RefreshTiming> {
  const spec = getResource(resource);
  const table = `cvdw.${quoteIdent(spec.table)}`;
  const { rows: counted } = await db.query<{ n: number }>(`select count(*)::int as n from ${table} where deleted_at is null`);
  const live = counted[0]!.n;
  // A small mirror (a tiny simulator) gives a smaller page rather than no figure.
  const pageRows = Math.min(wantedRows, live);
  if (pageRows === 0) throw new Error(`${resource}: no rows in the mirror to refresh`);
  const { db: timed, times } = timedDatabase(db);
  const samples: number[] = [];
  for (let k = 0; k < runs; k++) {
    const offset = runs === 1 ? 0 : Math.floor((k * (live - pageRows)) / (runs - 1));
    const { rows } = await db.query(
      `select * from ${table} where deleted_at is null order by referencia limit $1 offset $2`, [pageRows, offset],
    );
    const started = performance.now();
    // The rows are already in the mirror, so what the page had before is what it has now.
    await timed.transaction(async (tx) => refreshAfterPage(tx, PRINCIPAL_ACCOUNT, spec, rows, await readPageBefore(tx, PRINCIPAL_ACCOUNT, spec, rows)));
    samples.push(performance.now() - started);
  }
  const top = [...times.byKind.entries()]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, 3)
    .map(([kind, v]) => [kind, v.ms / runs] as [string, number]);
  return { resource, pageRows, runs, medianMs: median(samples), p90Ms: percentile(samples, 90), minMs: Math.min(...samples), top };
}
