import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG, dataFields, type FieldType } from '../../src/cvdw/catalog/index.ts';
import type { Database } from '../../src/db/database.ts';
import { BOOKKEEPING_COLUMNS } from '../../src/db/ddl/mirror-ddl.ts';
import { migrate, readMigrations, splitStatements } from '../../src/db/migrate.ts';
import { openPostgres } from '../../src/db/postgres-database.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { adminUrl, databaseUrlFor } from '../helpers/test-env.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** information_schema data_type of each catalog type. */
const DATA_TYPES: Readonly<Record<FieldType, string>> = {
  text: 'text',
  integer: 'bigint',
  numeric: 'numeric',
  timestamp: 'timestamp without time zone',
  json: 'jsonb',
};

async function columnsOf(db: Database, schema: string): Promise<Map<string, Map<string, string>>> {
  const { rows } = await db.query<{ table_name: string; column_name: string; data_type: string }>(
    `select table_name, column_name, data_type from information_schema.columns
     where table_schema = $1 order by table_name, ordinal_position`,
    [schema],
  );
  const tables = new Map<string, Map<string, string>>();
  for (const row of rows) {
    let table = tables.get(row.table_name);
    if (table === undefined) tables.set(row.table_name, (table = new Map()));
    table.set(row.column_name, row.data_type);
  }
  return tables;
}

describeEachDatabase('migrations', (get) => {
  it('applies nothing to an already migrated database', async () => {
    const { db } = get();
    const all = readMigrations();
    const result = await migrate(db);
    expect(result.applied).toEqual([]);
    expect(result.alreadyApplied).toBe(all.length);
    const { rows } = await db.query<{ id: number; name: string }>('select id, name from etl.migrations order by id');
    expect(rows).toEqual(all.map((m) => ({ id: m.id, name: m.name })));
  });

  it('gives every catalog resource a cvdw table with a typed column per field', async () => {
    const tables = await columnsOf(get().db, 'cvdw');
    const problems: string[] = [];
    for (const spec of CATALOG.values()) {
      const columns = tables.get(spec.table);
      if (columns === undefined) {
        problems.push(`missing table cvdw.${spec.table}`);
        continue;
      }
      const expected = new Map<string, string>([
        ['referencia', 'text'],
        ['referencia_data', 'timestamp without time zone'],
        ...dataFields(spec).map((f): [string, string] => [f.name, DATA_TYPES[f.type]]),
        ['payload', 'jsonb'],
        ['synced_at', 'timestamp with time zone'],
        ['deleted_at', 'timestamp with time zone'],
        ['seen_in_run', 'bigint'],
        ['conta', 'text'],
      ]);
      for (const [name, type] of expected) {
        if (columns.get(name) !== type) problems.push(`cvdw.${spec.table}.${name}: ${columns.get(name) ?? 'missing'}, expected ${type}`);
      }
      for (const name of columns.keys()) if (!expected.has(name)) problems.push(`cvdw.${spec.table}.${name}: not in the catalog`);
    }
    expect(problems).toEqual([]);
    expect([...tables.keys()].sort()).toEqual([...CATALOG.values()].map((s) => s.table).sort());
    expect(BOOKKEEPING_COLUMNS).toEqual(['payload', 'synced_at', 'deleted_at', 'seen_in_run', 'conta']);
  });

  it('keys every mirror table by account and referencia', async () => {
    const { rows } = await get().db.query<{ table_name: string; column_name: string }>(
      `select tc.table_name, kcu.column_name
       from information_schema.table_constraints tc
       join information_schema.key_column_usage kcu
         on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema and kcu.table_name = tc.table_name
       where tc.table_schema = 'cvdw' and tc.constraint_type = 'PRIMARY KEY'
       order by tc.table_name, kcu.ordinal_position`,
    );
    const keys = new Map<string, string[]>();
    for (const row of rows) keys.set(row.table_name, [...(keys.get(row.table_name) ?? []), row.column_name]);
    for (const spec of CATALOG.values()) expect(keys.get(spec.table), spec.table).toEqual(['conta', 'referencia']);
  });

  it('defaults synced_at and requires payload', async () => {
    const { rows } = await get().db.query<{ column_name: string; is_nullable: string; column_default: string | null }>(
      `select column_name, is_nullable, column_default from information_schema.columns
       where table_schema = 'cvdw' and table_name = 'reservas' and column_name in ('payload', 'synced_at', 'deleted_at')
       order by column_name`,
    );
    expect(rows.map((r) => [r.column_name, r.is_nullable, r.column_default !== null])).toEqual([
      ['deleted_at', 'YES', false],
      ['payload', 'NO', false],
      ['synced_at', 'NO', true],
    ]);
  });

  it('creates the etl bookkeeping and the public business tables and views', async () => {
    const { rows } = await get().db.query<{ table_schema: string; table_name: string; table_type: string }>(
      `select table_schema, table_name, table_type from information_schema.tables
       where table_schema in ('etl', 'public') order by table_schema, table_name`,
    );
    const found = rows.map((r) => `${r.table_schema}.${r.table_name}:${r.table_type}`);
    expect(found).toEqual(expect.arrayContaining([
      'etl.api_pause:BASE TABLE',
      'etl.api_requests:BASE TABLE',
      'etl.migrations:BASE TABLE',
      'etl.rejected_records:BASE TABLE',
      'etl.resource_state:BASE TABLE',
      'etl.runs:BASE TABLE',
      'etl.schedule_ticks:BASE TABLE',
      'etl.unit_snapshots:BASE TABLE',
      'public.empreendimentos:BASE TABLE',
      'public.unidades:BASE TABLE',
      'public.vendas:BASE TABLE',
      'public.vw_kpis_vendas:VIEW',
      'public.vw_vendas_ativas:VIEW',
      'public.vw_vendas_mes_atual:VIEW',
    ]));
  });

  it('gives the business tables and views the contract columns', async () => {
    const columns = await columnsOf(get().db, 'public');
    const expectColumns = (table: string, names: string[]) => {
      expect([...(columns.get(table)?.keys() ?? [])], table).toEqual(expect.arrayContaining(names));
    };
    expectColumns('vendas', [
      'cvcrm_id', 'reserva_id', 'empreendimento', 'corretor', 'time_corretor', 'cliente', 'cliente_email', 'valor', 'data_venda',
      'data_registro', 'ativo', 'situacao', 'comissao_valor', 'comissao_percentual', 'forma_pagamento', 'origem_lead', 'observacoes',
    ]);
    expectColumns('empreendimentos', ['cvcrm_id', 'nome', 'cidade', 'estado', 'status', 'total_unidades', 'unidades_vendidas']);
    expectColumns('unidades', ['cvcrm_id', 'empreendimento_id', 'numero', 'bloco', 'andar', 'tipologia', 'metragem', 'vagas_garagem', 'valor', 'status']);
    expect([...(columns.get('vw_kpis_vendas')?.keys() ?? [])]).toEqual([
      'total_vendas', 'valor_total', 'ticket_medio', 'comissao_total', 'total_corretores', 'total_empreendimentos',
    ]);
    expect([...(columns.get('vw_vendas_mes_atual')?.keys() ?? [])]).toEqual(['mes', 'vendas', 'receita', 'ticket_medio']);
    expect(columns.get('vendas')?.get('data_venda')).toBe('date');
  });
});

describe('readMigrations', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cvcrm-etl-migrations-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the project migrations in order, numbered uniquely', () => {
    const migrations = readMigrations();
    expect(migrations.length).toBeGreaterThanOrEqual(3);
    expect(migrations.slice(0, 3).map((m) => m.name)).toEqual(['0001_etl_bookkeeping', '0002_cvdw_mirror', '0003_business_tables']);
    const ids = migrations.map((m) => m.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('orders by number, ignores other files and refuses two migrations with one number', () => {
    writeFileSync(join(dir, '0002_second.sql'), 'select 2;');
    writeFileSync(join(dir, '0001_first.sql'), 'select 1;');
    writeFileSync(join(dir, 'README.md'), 'not a migration');
    writeFileSync(join(dir, '0003_draft.sql.bak'), 'select 3;');
    expect(readMigrations(dir)).toEqual([
      { id: 1, name: '0001_first', sql: 'select 1;' },
      { id: 2, name: '0002_second', sql: 'select 2;' },
    ]);
    writeFileSync(join(dir, '0002_again.sql'), 'select 22;');
    expect(() => readMigrations(dir)).toThrow(/mesmo número/);
  });
});

describe('splitStatements', () => {
  it('splits on semicolons and drops empty statements', () => {
    expect(splitStatements('create table a (x int);\n\n;  create table b (y int)  ;;')).toEqual([
      'create table a (x int)',
      'create table b (y int)',
    ]);
  });

  it('keeps a last statement without a semicolon', () => {
    expect(splitStatements('select 1; select 2')).toEqual(['select 1', 'select 2']);
  });

  it('ignores semicolons inside single quotes, including doubled quotes', () => {
    expect(splitStatements(`insert into t values ('a;b', 'it''s; fine'); select 1`)).toEqual([
      `insert into t values ('a;b', 'it''s; fine')`,
      'select 1',
    ]);
  });

  it('ignores semicolons inside quoted identifiers', () => {
    expect(splitStatements('create table "odd;name" ("col;1" int); select 1')).toEqual([
      'create table "odd;name" ("col;1" int)',
      'select 1',
    ]);
  });

  it('keeps dollar-quoted bodies whole, tagged or not', () => {
    const fn = `create function f() returns int language plpgsql as $$ begin perform 1; return 2; end $$`;
    const tagged = `do $body$ begin raise notice 'a;b'; perform '$$;'; end $body$`;
    expect(splitStatements(`${fn};\n${tagged};\nselect 3;`)).toEqual([fn, tagged, 'select 3']);
  });

  it('drops comments, even ones holding semicolons or quotes', () => {
    const sql = [
      '-- first; with a semicolon and an apostrophe: it\'s',
      'create table a (x int); -- trailing; comment',
      '/* block; comment with \'quote */ create table b (y int);',
      '/* unterminated block at the end',
    ].join('\n');
    const statements = splitStatements(sql);
    expect(statements).toEqual(['create table a (x int)', 'create table b (y int)']);
  });

  it('keeps comment markers inside strings', () => {
    expect(splitStatements(`select '-- not a comment; really', '/* nor; this */'; select 2`)).toEqual([
      `select '-- not a comment; really', '/* nor; this */'`,
      'select 2',
    ]);
  });

  it('splits the mirror migration into one statement per table and per index', () => {
    const mirror = readMigrations().find((m) => m.name === '0002_cvdw_mirror');
    const statements = splitStatements(mirror?.sql ?? '');
    expect(statements.filter((s) => /^create table /i.test(s))).toHaveLength(CATALOG.size);
    expect(statements.filter((s) => /^create index /i.test(s))).toHaveLength(CATALOG.size);
    expect(statements.filter((s) => !/^create (table|index|schema) /i.test(s))).toEqual([]);
  });
});

describe('migrating an empty database from several processes at once', () => {
  const created: string[] = [];
  let admin: pg.Client;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
  });

  afterAll(async () => {
    for (const name of created) await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await admin.end();
  });

  async function emptyDatabase(): Promise<string> {
    const name = `cvcrm_etl_t_${process.ppid}_${process.pid}_m${created.length}_${Date.now().toString(36)}`;
    await admin.query(`create database ${name}`);
    created.push(name);
    return databaseUrlFor(name);
  }

  async function recorded(url: string): Promise<{ id: number; n: number }[]> {
    const db = openPostgres({ url, poolSize: 1 });
    try {
      const { rows } = await db.query<{ id: number; n: number }>('select id, count(*)::int as n from etl.migrations group by id order by id');
      return rows;
    } finally {
      await db.close();
    }
  }

  it('applies each migration exactly once when two pools migrate at the same moment', async () => {
    const all = readMigrations();
    for (let round = 0; round < 3; round++) {
      const url = await emptyDatabase();
      const a = openPostgres({ url, poolSize: 2 });
      const b = openPostgres({ url, poolSize: 2 });
      try {
        const results = await Promise.all([migrate(a), migrate(b)]);
        const applied = results.map((r) => r.applied.length).sort();
        expect(applied).toEqual([0, all.length]);
        expect(results.flatMap((r) => r.applied)).toEqual(all.map((m) => m.name));
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
      expect(await recorded(url)).toEqual(all.map((m) => ({ id: m.id, n: 1 })));
    }
  });

  it('lets two `cvcrm-etl migrate` processes run at once, both exiting 0', async () => {
    const url = await emptyDatabase();
    const run = () =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, NODE_ENV: 'test', LOG_LEVEL: 'silent' };
        delete env.CVCRM_API_EMAIL;
        delete env.CVCRM_API_TOKEN;
        const child = spawn(process.execPath, [join(ROOT, 'bin', 'cvcrm-etl.js'), 'migrate'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    const results = await Promise.all([run(), run()]);
    for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0, stderr: '' });
    const count = readMigrations().length;
    const outputs = results.map((r) => r.stdout.trim()).sort();
    expect(outputs[0]).toMatch(new RegExp(`^${count} migrações aplicadas: 0001_etl_bookkeeping, `));
    expect(outputs[1]).toBe(`banco de dados em dia (${count} migrações)`);
    expect(await recorded(url)).toEqual(readMigrations().map((m) => ({ id: m.id, n: 1 })));
  });
});
