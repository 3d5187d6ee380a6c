// The outcome of every CVDW exchange, per credential, resource and HTTP status: written by the
// client after each request, read by /health (latest answer and failure) and /metrics (counts).
import type { Queryable } from '../database.ts';

export interface ApiExchangeRow {
  readonly resource: string;
  readonly status: number;
  readonly exchanges: number;
  readonly lastAt: Date;
  readonly lastDetail: string | null;
}

export async function recordApiExchange(db: Queryable, credential: string, resource: string, status: number, detail: string | null): Promise<void> {
  await db.query(
    `insert into etl.api_exchanges (credential, resource, status, exchanges, last_at, last_detail)
     values ($1::text, $2::text, $3::int, 1, clock_timestamp(), $4::text)
     on conflict (credential, resource, status) do update
       set exchanges = etl.api_exchanges.exchanges + 1, last_at = excluded.last_at, last_detail = excluded.last_detail`,
    [credential, resource, status, detail],
  );
}

/** The latest exchange of each status with one credential (any credential when undefined), whatever the resource. */
export async function readLatestExchanges(db: Queryable, credential: string | undefined): Promise<ApiExchangeRow[]> {
  const { rows } = await db.query<{ resource: string; status: number; exchanges: number; last_at: Date; last_detail: string | null }>(
    `select distinct on (status) resource, status, exchanges, last_at, last_detail
       from etl.api_exchanges where $1::text is null or credential = $1::text
      order by status, last_at desc`,
    [credential ?? null],
  );
  return rows.map(toRow);
}

/** Exchanges by resource and status, summed over every credential (for /metrics). */
export async function countExchanges(db: Queryable): Promise<ApiExchangeRow[]> {
  const { rows } = await db.query<{ resource: string; status: number; exchanges: number; last_at: Date; last_detail: string | null }>(
    `select resource, status, sum(exchanges)::float8 as exchanges, max(last_at) as last_at, null::text as last_detail
       from etl.api_exchanges group by resource, status order by resource, status`,
  );
  return rows.map(toRow);
}

function toRow(r: { resource: string; status: number; exchanges: number; last_at: Date; last_detail: string | null }): ApiExchangeRow {
  return { resource: r.resource, status: Number(r.status), exchanges: Number(r.exchanges), lastAt: r.last_at, lastDetail: r.last_detail };
}
