// The one database interface the rest of the product talks to. Two implementations: a pool on a
// real PostgreSQL server, and the embedded PGlite. Same SQL on both.

export interface QueryResult<Row> {
  readonly rows: Row[];
  readonly rowCount: number;
}

/** Anything that runs a parameterised statement: the database itself or an open transaction. */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
  /**
   * Copies rows in COPY's text format (tab-separated, `\N` for null, backslash escapes) into
   * `table (columns)`, both given quoted; returns the rows copied. The server parses COPY data far
   * faster than the same values sent as a statement's parameter. Optional: a handle that wraps
   * another without forwarding it has none, and callers then send the rows as a statement.
   */
  copyRows?(table: string, columns: readonly string[], text: string): Promise<number>;
}

export interface Database extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Several statements separated by semicolons, no parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Whether the connection is encrypted, and a short description of how. */
  tlsState(): Promise<{ readonly encrypted: boolean; readonly description: string }>;
  close(): Promise<void>;
}

/**
 * Result types read the same on both implementations: bigint and numeric as JS numbers,
 * `date` and `timestamp` (naive) as the text PostgreSQL prints, timestamptz as Date.
 * Money in reais and ids fit safely in a double.
 */
export const TYPE_PARSERS: Readonly<Record<number, (value: string) => unknown>> = {
  20: (v) => Number(v), // int8
  1700: (v) => Number(v), // numeric
  1082: (v) => v, // date
  1114: (v) => v, // timestamp without time zone
};
