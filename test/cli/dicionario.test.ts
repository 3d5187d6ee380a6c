// `cvcrm-etl dicionario` through the real CLI, and docs/dicionario.md kept equal to its output.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { runCli } from '../helpers/run-cli.ts';
import { databaseUrlFor, runAsAdmin } from '../helpers/test-env.ts';

const DOC = join(import.meta.dirname, '..', '..', 'docs', 'dicionario.md');

describe('cvcrm-etl dicionario', () => {
  let target: TestDatabase;
  const emptyName = `cvcrm_etl_dict_empty_${process.pid}_${Date.now().toString(36)}`;
  beforeAll(async () => {
    target = await createTestDatabase('postgres');
    await runAsAdmin(`create database ${emptyName}`);
  });
  afterAll(async () => {
    await target.dispose();
    await runAsAdmin(`drop database if exists ${emptyName} with (force)`);
  });

  it('prints Markdown by default, equal to docs/dicionario.md (run `npm run dicionario` when this fails)', async () => {
    const result = await runCli(['dicionario'], { DATABASE_URL: target.url! });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('## cvdw.reservas (tabela)');
    expect(result.stdout).toContain('| `data_cad` | timestamp without time zone | Data de cadastro da reserva. |');
    expect(result.stdout).toBe(readFileSync(DOC, 'utf8'));
  });

  it('prints CSV with a header and one row per table and column', async () => {
    const result = await runCli(['dicionario', '--formato', 'csv'], { DATABASE_URL: target.url! });
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('esquema,tabela,tipo_objeto,coluna,tipo,descricao');
    expect(lines).toContain('cvdw,reservas,tabela,data_cad,timestamp without time zone,Data de cadastro da reserva.');
    expect(lines.some((l) => l.startsWith('bi,'))).toBe(true);
  });

  it('says in one sentence that the database is not migrated, and rejects an unknown format', async () => {
    const empty = await runCli(['dicionario'], { DATABASE_URL: databaseUrlFor(emptyName) });
    expect(empty.code).toBe(1);
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toMatch(/não foi migrado/);
    const bad = await runCli(['dicionario', '--formato', 'xml'], { DATABASE_URL: target.url! });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/md ou csv/);
    const help = await runCli(['dicionario', '--help']);
    expect(help.stdout).toMatch(/Uso: cvcrm-etl dicionario \[--formato md\|csv\]/);
  });
});
