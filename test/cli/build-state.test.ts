// bin/cvcrm-etl.js runs the compiled dist/: without it, one sentence and exit 1; with a dist/ older
// than src/, a warning before running it. Each case is a small copy of bin/ and scripts/ (no
// compiler needed) with a stand-in dist/cli/main.js.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function checkout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cvcrm-etl-build-state-'));
  dirs.push(dir);
  cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  cpSync(join(ROOT, 'scripts', 'build-state.mjs'), join(dir, 'scripts', 'build-state.mjs'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'config.ts'), 'export {};\n');
  return dir;
}

function compiled(dir: string, builtAt: Date): void {
  mkdirSync(join(dir, 'dist', 'cli'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'cli', 'main.js'), "export async function main(args) { console.log('main', args.join(' ')); return 0; }\n");
  writeFileSync(join(dir, 'dist', '.build-stamp'), 'built\n');
  utimesSync(join(dir, 'dist', '.build-stamp'), builtAt, builtAt);
}

function run(dir: string) {
  return spawnSync(process.execPath, [join(dir, 'bin', 'cvcrm-etl.js'), 'serve'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
}

it('without dist/, says so in Portuguese and exits 1', () => {
  const result = run(checkout());
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('o código compilado (dist/) não foi encontrado');
  expect(result.stdout).toBe('');
});

it('runs dist/ with the arguments, silently when it is newer than src/', () => {
  const dir = checkout();
  compiled(dir, new Date(Date.now() + 60_000));
  const result = run(dir);
  expect(result.status).toBe(0);
  expect(result.stdout).toBe('main serve\n');
  expect(result.stderr).toBe('');
});

it('warns before running a dist/ older than src/, and when a file of src/ was removed', () => {
  const dir = checkout();
  compiled(dir, new Date(Date.now() - 60_000));
  const stale = run(dir);
  expect(stale.status).toBe(0);
  expect(stale.stdout).toBe('main serve\n');
  expect(stale.stderr).toContain('dist/ tem o código anterior');

  const later = new Date(Date.now() + 60_000);
  utimesSync(join(dir, 'dist', '.build-stamp'), later, later);
  expect(run(dir).stderr).toBe('');
  rmSync(join(dir, 'src', 'config.ts'));
  // Removing a file changes its folder's time: set it past the stamp as a later edit would.
  const after = new Date(later.getTime() + 60_000);
  utimesSync(join(dir, 'src'), after, after);
  expect(run(dir).stderr).toContain('dist/ tem o código anterior');
});

it('in an image (no src/), runs dist/ with no check', () => {
  const dir = checkout();
  compiled(dir, new Date(Date.now() - 60_000));
  rmSync(join(dir, 'src'), { recursive: true });
  const result = run(dir);
  expect(result.status).toBe(0);
  expect(result.stderr).toBe('');
});
