// The real PostgreSQL server, through a pg pool.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pgConnectionOptions } from './connection-options.ts';
import { TYPE_PARSERS, type Database, type Queryable, type QueryResult } from './database.ts';

const types = {
  getTypeParser(oid: number, format?: string) {
    const parser = TYPE_PARSERS[oid];
    if (parser !== undefined && format !== 'binary') return parser;
    return (pg.types.getTypeParser as (oid: number, format?: string) => unknown)(oid, format);
  },
};

export interface PostgresOptions {
  readonly url: string;
  readonly poolSize: number;
  readonly applicationName?: string;
}

export function openPostgres(options: PostgresOptions): Database {
  const conn = pgConnectionOptions(options.url);
  const pool = new pg.Pool({
    connectionString: conn.connectionString,
    ssl: conn.ssl,
    max: options.poolSize,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    application_name: options.applicationName ?? 'cvcrm-etl',
    types: types as pg.CustomTypesConfig,
  });
  // A client losing its server (restart, network) must not crash the process: idle clients
  // report on the pool, checked-out ones on themselves; the query in flight rejects either way.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));

  const run = async <Row>(client: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> => {
    const result = await client.query(sql, params as unknown[] | undefined);
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
  };

  const copy = async (client: pg.PoolClient, table: string, columns: readonly string[], text: string): Promise<number> => {
    const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
    await pipeline(Readable.from([Buffer.from(text, 'utf8')]), stream);
    return stream.rowCount;
  };

  return {
    kind: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    async copyRows(table, columns, text) {
      const client = await pool.connect();
      let broken = false;
      try {
        return await copy(client, table, columns, text);
      } catch (error) {
        broken = true;
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async transaction(work) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('begin');
        const tx: Queryable = {
          query: (sql, params) => run(client, sql, params),
          copyRows: (table, columns, text) => copy(client, table, columns, text),
        };
        const result = await work(tx);
        await client.query('commit');
        return result;
      } catch (error) {
        try {
          await client.query('rollback');
        } catch {
          broken = true;
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async tlsState() {
      const { rows } = await pool.query<{ ssl: boolean | null; version: string | null }>(
        'select ssl, version from pg_stat_ssl where pid = pg_backend_pid()',
      );
      const row = rows[0];
      return row?.ssl
        ? { encrypted: true, description: `TLS em uso (${row.version ?? 'versão desconhecida'}, sslmode=${conn.sslMode})` }
        : { encrypted: false, description: `TLS não está em uso (sslmode=${conn.sslMode})` };
    },
    async close() {
      await pool.end();
    },
  };
}
