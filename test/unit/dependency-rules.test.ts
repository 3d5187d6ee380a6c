// The dependency check of `npm test` (`npm run deps`): the real tree passes, and each kind of
// wrong dependency (a folder cycle, a client that reads the database, pure sync logic that reads
// db/) makes the real dependency-cruiser fail, run exactly as npm runs it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const DEPCRUISE = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const CONFIG = join(ROOT, '.dependency-cruiser.mjs');

function depcruise(cwd: string): { code: number | null; output: string } {
  const run = spawnSync(process.execPath, [DEPCRUISE, 'src', '--config', CONFIG], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

const trees: string[] = [];
afterAll(() => {
  for (const dir of trees) rmSync(dir, { recursive: true, force: true });
});

/** A throwaway project holding only the given modules (path → source). */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cvcrm-deps-'));
  trees.push(dir);
  copyFileSync(join(ROOT, 'tsconfig.json'), join(dir, 'tsconfig.json'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), source);
  }
  return dir;
}

describe('npm run deps', () => {
  it('passes on the project itself', () => {
    const { code, output } = depcruise(ROOT);
    expect(output).toContain('no dependency violations found');
    expect(code).toBe(0);
  });

  it('fails on two folders that import each other', () => {
    const { code, output } = depcruise(tree({
      'src/ops/alerts.ts': "import { page } from '../web/page.ts';\nexport const alerts = page;\n",
      'src/ops/health.ts': 'export const health = 1;\n',
      'src/web/page.ts': "import { health } from '../ops/health.ts';\nexport const page = health;\n",
    }));
    expect(output).toContain('no-folder-cycle');
    expect(output).not.toContain('no-module-cycle');
    expect(code).not.toBe(0);
  });

  it('fails when the CVDW client reads the database', () => {
    const { code, output } = depcruise(tree({
      'src/cvdw/request-budget.ts': "import { slot } from '../db/queries/request-budget.ts';\nexport const budget = slot;\n",
      'src/db/queries/request-budget.ts': 'export const slot = 1;\n',
    }));
    expect(output).toContain('cvdw-knows-no-database');
    expect(code).not.toBe(0);
  });

  it('fails when pure sync logic takes a type from db/, but not when a sync query module does', () => {
    const { code, output } = depcruise(tree({
      'src/db/database.ts': 'export type Queryable = { query(sql: string): Promise<unknown> };\n',
      'src/sync/page-plan.ts': "import type { Queryable } from '../db/database.ts';\nexport type Plan = Queryable;\n",
      'src/sync/queries/runs.ts': "import type { Queryable } from '../../db/database.ts';\nexport type Runs = Queryable;\n",
    }));
    expect(output).toContain('pure-sync-logic-has-no-io: src/sync/page-plan.ts → src/db/database.ts');
    expect(output).not.toContain('src/sync/queries/runs.ts →');
    expect(code).not.toBe(0);
  });
});
