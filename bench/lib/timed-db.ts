// Wraps a Database so the time spent in each kind of statement is added up (by its first words),
// inside transactions too: shows where a page's load time goes.
import type { Database, Queryable } from '../../src/db/database.ts';

export interface StatementTimes {
  readonly byKind: Map<string, { ms: number; count: number }>;
}

function kindOf(sql: string): string {
  const text = sql.replace(/\s+/g, ' ').trim().toLowerCase();
  const insert = /^insert into ([\w."]+)/.exec(text);
  if (insert) return `insert ${insert[1]!.replace(/"/g, '')}`;
  const update = /^update ([\w."]+)/.exec(text);
  if (update) return `update ${update[1]!.replace(/"/g, '')}`;
  const del = /^delete from ([\w."]+)/.exec(text);
  if (del) return `delete ${del[1]!.replace(/"/g, '')}`;
  return text.split(' ').slice(0, 2).join(' ');
}

export function timedDatabase(db: Database): { db: Database; times: StatementTimes } {
  const byKind = new Map<string, { ms: number; count: number }>();
  const add = (sql: string, ms: number) => {
    const kind = kindOf(sql);
    const entry = byKind.get(kind) ?? { ms: 0, count: 0 };
    entry.ms += ms;
    entry.count += 1;
    byKind.set(kind, entry);
  };
  const wrap = (target: Queryable): Queryable => ({
    async query(sql, params) {
      const started = performance.now();
      try {
        return await target.query(sql, params);
      } finally {
        add(sql, performance.now() - started);
      }
    },
    ...(target.copyRows ? {
      async copyRows(table: string, columns: readonly string[], text: string) {
        const started = performance.now();
        try {
          return await target.copyRows!(table, columns, text);
        } finally {
          add(`copy ${table}`, performance.now() - started);
        }
      },
    } : {}),
  });
  const wrapped: Database = {
    kind: db.kind,
    ...wrap(db),
    transaction: (work) => db.transaction((tx) => work(wrap(tx))),
    exec: (sql) => db.exec(sql),
    tlsState: () => db.tlsState(),
    close: () => db.close(),
  };
  return { db: wrapped, times: { byKind } };
}
