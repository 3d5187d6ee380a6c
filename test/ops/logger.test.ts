import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/ops/logger.ts';
import { KnownError } from '../../src/util/known-error.ts';

const SECRETS = {
  email: 'maria.souza@example.com.br',
  cpf: '123.456.789-09',
  bareCpf: '98765432100',
  token: 'a3f1c9e0b2d4f6a8c0e2a4b6c8d0e2f4a6b8c0d2',
  password: 'Sup3rS3cret!',
  dbPassword: 'neonPass123',
};
const DATABASE_URL = `postgres://etl_user:${SECRETS.dbPassword}@ep-x.neon.tech/app?sslmode=require`;

function capture() {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { stream, lines: () => chunks.join('').split('\n').filter((l) => l !== '') };
}

function expectNoSecret(text: string) {
  for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
}

describe('logger', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cvcrm-etl-log-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one JSON object per line with level, time, service and message', () => {
    const out = capture();
    const logger = createLogger({ level: 'info', destination: out.stream });
    logger.info({ resource: 'reservas', records: 500 }, 'page loaded');
    logger.debug('not written at info');
    const lines = out.lines();
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ level: 30, service: 'cvcrm-etl', resource: 'reservas', records: 500, msg: 'page loaded' });
    expect(typeof entry.time).toBe('string');
  });

  it('redacts secret and personal keys at any depth', () => {
    const out = capture();
    const logger = createLogger({ level: 'info', destination: out.stream });
    logger.info({
      email: SECRETS.email,
      cpf: SECRETS.cpf,
      token: SECRETS.token,
      password: SECRETS.password,
      databaseUrl: DATABASE_URL,
      request: { headers: { authorization: `Bearer ${SECRETS.token}` } },
      record: { cliente: 'Maria Souza', documento: SECRETS.bareCpf },
    }, 'with keys');
    const text = out.lines().join('\n');
    expectNoSecret(text);
    expect(text).not.toContain('Maria Souza');
    expect(text).toContain('[redacted]');
  });

  it('scrubs secrets out of messages, free-text fields and errors', () => {
    const out = capture();
    const logger = createLogger({ level: 'info', destination: out.stream });
    logger.warn(`login failed for ${SECRETS.email} with cpf ${SECRETS.cpf}`);
    logger.warn('connecting to %s', DATABASE_URL);
    logger.error({ err: new Error(`connect ${DATABASE_URL} failed; token ${SECRETS.token}`) }, 'database down');
    logger.info({ detail: `documento ${SECRETS.bareCpf} rejected`, note: `password=${SECRETS.password}` }, 'record rejected');
    const lines = out.lines();
    expect(lines).toHaveLength(4);
    expectNoSecret(lines.join('\n'));
    const error = JSON.parse(lines[2]!);
    expect(error.err.type).toBe('Error');
    expect(error.err.message).toContain('postgres://[redacted]@ep-x.neon.tech');
  });

  it('also writes to LOG_FILE when set', async () => {
    const file = join(dir, 'nested', 'etl.log');
    const out = capture();
    const logger = createLogger({ level: 'info', file, destination: out.stream });
    logger.info({ resource: 'vendas' }, 'sync finished');
    logger.info(`alert sent to ${SECRETS.email}`);
    logger.flush();
    const fileLines = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
    expect(fileLines).toHaveLength(2);
    expect(JSON.parse(fileLines[0]!)).toMatchObject({ msg: 'sync finished', resource: 'vendas' });
    expectNoSecret(fileLines.join('\n'));
    expect(out.lines()).toHaveLength(2);
  });

  it('appends to an existing LOG_FILE and creates missing directories', () => {
    const file = join(dir, 'a', 'b', 'c', 'etl.log');
    for (const msg of ['first run', 'second run']) {
      const logger = createLogger({ level: 'info', file, destination: capture().stream });
      logger.info(msg);
      logger.flush();
    }
    const messages = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(messages).toEqual(['first run', 'second run']);
  });

  it('refuses a LOG_FILE it cannot open with a sentence naming LOG_FILE, instead of hanging', () => {
    const blocker = join(dir, 'not-a-directory');
    writeFileSync(blocker, '');
    for (const file of ['/proc/nope/x.log', join(blocker, 'etl.log')]) {
      let thrown: unknown;
      try {
        createLogger({ level: 'info', file, destination: capture().stream });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(KnownError);
      expect((thrown as Error).message).toMatch(new RegExp(`^LOG_FILE: não foi possível abrir ${file.replace(/[.]/g, '\\.')} para escrita \\((ENOENT|ENOTDIR)\\)`));
    }
  });
});
