// Applies the numbered .sql files of migrations/ in order. The whole run holds a transaction-level
// advisory lock, so two processes migrating at once apply each migration exactly once: the second
// waits, then finds everything recorded. Each migration's row is written in the same transaction
// as its statements.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.ts';

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'migrations');

/** Arbitrary constant shared by every cvcrm-etl process: "the migration lock". */
const MIGRATION_LOCK_KEY = 7_202_611;

export interface Migration {
  readonly id: number;
  readonly name: string;
  readonly sql: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort();
  const migrations = files.map((file) => ({
    id: Number(file.slice(0, 4)),
    name: file.replace(/\.sql$/, ''),
    sql: readFileSync(join(dir, file), 'utf8'),
  }));
  const ids = new Set(migrations.map((m) => m.id));
  if (ids.size !== migrations.length) throw new Error(`duas migrações têm o mesmo número em ${dir}`);
  return migrations;
}

export interface MigrateResult {
  readonly applied: readonly string[];
  readonly alreadyApplied: number;
}

export async function migrate(db: Database, migrations: readonly Migration[] = readMigrations()): Promise<MigrateResult> {
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.query('create schema if not exists etl');
    await tx.query(
      `create table if not exists etl.migrations (
         id int primary key,
         name text not null,
         applied_at timestamptz not null default now()
       )`,
    );
    const { rows } = await tx.query<{ id: number }>('select id from etl.migrations');
    const done = new Set(rows.map((r) => r.id));
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.id)) continue;
      await tx.query('insert into etl.migrations (id, name) values ($1, $2)', [migration.id, migration.name]);
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      applied.push(migration.name);
    }
    return { applied, alreadyApplied: done.size };
  });
}

/**
 * Splits a migration into statements so each runs through the same parameterised query path on
 * both databases. Understands quotes, comments and dollar-quoted bodies.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    const rest = sql.slice(i);
    if (rest.startsWith('--')) {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
      current += '\n';
      continue;
    }
    if (rest.startsWith('/*')) {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
      continue;
    }
    const dollar = /^\$[A-Za-z_]*\$/.exec(rest);
    if (dollar) {
      const tag = dollar[0];
      const end = sql.indexOf(tag, i + tag.length);
      const stop = end === -1 ? sql.length : end + tag.length;
      current += sql.slice(i, stop);
      i = stop;
      continue;
    }
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === ch) {
          if (sql[j + 1] === ch) j += 2;
          else break;
        } else j++;
      }
      current += sql.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === ';') {
      if (current.trim() !== '') statements.push(current.trim());
      current = '';
      i++;
      continue;
    }
    current += ch;
    i++;
  }
  if (current.trim() !== '') statements.push(current.trim());
  return statements;
}
