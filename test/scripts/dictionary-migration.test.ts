// The committed dictionary migration is what its generator writes today: a field added to the
// catalog or a new table of ours without a text makes this fail until it is regenerated.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const OPENAPI = [join(ROOT, '..', 'shared'), join(ROOT, '..', '..', 'shared')]
  .map((dir) => join(dir, 'cvdw', 'openapi-cvdw.yaml'))
  .find((file) => existsSync(file));

it.skipIf(OPENAPI === undefined)('migrations/0021_data_dictionary.sql equals the generator\'s output', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'generate-dictionary-migration.ts')], {
    cwd: ROOT, env: { PATH: process.env.PATH ?? '', CVDW_OPENAPI: OPENAPI ?? '' }, maxBuffer: 16 * 1024 * 1024,
  });
  expect(stdout).toBe(readFileSync(join(ROOT, 'migrations', '0021_data_dictionary.sql'), 'utf8'));
}, 60_000);
