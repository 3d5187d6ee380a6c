// Where the tests find PostgreSQL: DATABASE_URL (set by .ci/run), else the local server.
export function adminUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function databaseUrlFor(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** One statement on the server's maintenance database (create or drop a throw-away database). */
export async function runAsAdmin(sql: string, admin: string = adminUrl()): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
