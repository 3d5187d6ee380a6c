// Wraps a Database so a sync's time can be split per resource: how long its page transactions
// took, and inside them how long the mirror upsert, the sales refresh, the bi refresh and the
// bookkeeping (checkpoint, run counters) each took. The resource is whatever the caller last
// named with `setResource` (runSync loads one resource at a time).
import type { Database, Queryable } from '../../src/db/database.ts';

export type StatementShare = 'mirror' | 'sales' | 'bi' | 'bookkeeping';

export interface ResourceTimes {
  /** Transactions that wrote mirror rows: one per page loaded. */
  pageTransactions: number;
  pageTransactionMs: number;
  /** Other transactions (the end-of-run reconciliation, run bookkeeping). */
  otherTransactionMs: number;
  /** Statement time inside page transactions, by what the statement writes. */
  readonly inPages: Record<StatementShare, number>;
}

export interface PageTiming {
  readonly db: Database;
  setResource(name: string): void;
  readonly byResource: ReadonlyMap<string, ResourceTimes>;
}

/** What a statement is for, from the tables it names (bi before sales: a bi refresh reads sales views). */
export function shareOf(sql: string): StatementShare {
  const text = sql.replace(/"/g, '').replace(/\s+/g, ' ').toLowerCase();
  if (/\bbi\.\w/.test(text)) return 'bi';
  if (/(insert into|update|delete from) public\./.test(text)) return 'sales';
  if (/\bcvdw\.\w/.test(text)) return 'mirror';
  return 'bookkeeping';
}

function emptyTimes(): ResourceTimes {
  return { pageTransactions: 0, pageTransactionMs: 0, otherTransactionMs: 0, inPages: { mirror: 0, sales: 0, bi: 0, bookkeeping: 0 } };
}

export function pageTiming(db: Database): PageTiming {
  const byResource = new Map<string, ResourceTimes>();
  let current = '(none)';
  const timesOf = (name: string) => {
    let times = byResource.get(name);
    if (!times) byResource.set(name, (times = emptyTimes()));
    return times;
  };

  const wrapped: Database = {
    kind: db.kind,
    query: (sql, params) => db.query(sql, params),
    async transaction(work) {
      const resource = current;
      const shares: Record<StatementShare, number> = { mirror: 0, sales: 0, bi: 0, bookkeeping: 0 };
      let wroteMirror = false;
      const started = performance.now();
      try {
        return await db.transaction((tx) => work({
          async query(sql, params) {
            const share = shareOf(sql);
            if (share === 'mirror' && /\binsert into cvdw\./i.test(sql.replace(/"/g, ''))) wroteMirror = true;
            const t0 = performance.now();
            try {
              return await tx.query(sql, params);
            } finally {
              shares[share] += performance.now() - t0;
            }
          },
          ...(tx.copyRows ? {
            async copyRows(table: string, columns: readonly string[], text: string) {
              const t0 = performance.now();
              try {
                return await tx.copyRows!(table, columns, text);
              } finally {
                shares.mirror += performance.now() - t0;
              }
            },
          } : {}),
        } satisfies Queryable));
      } finally {
        const ms = performance.now() - started;
        const times = timesOf(resource);
        if (wroteMirror) {
          times.pageTransactions++;
          times.pageTransactionMs += ms;
          for (const key of Object.keys(shares) as StatementShare[]) times.inPages[key] += shares[key];
        } else {
          times.otherTransactionMs += ms;
        }
      }
    },
    exec: (sql) => db.exec(sql),
    tlsState: () => db.tlsState(),
    close: () => db.close(),
  };
  return {
    db: wrapped,
    setResource: (name) => {
      current = name;
    },
    byResource,
  };
}
