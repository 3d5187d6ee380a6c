// Compiles src/ into dist/ (what bin/cvcrm-etl.js runs) and copies the files the code reads at run
// time next to it. Plain JavaScript so that it runs before anything is compiled and without tsx.
//
//   node scripts/build.mjs             always builds; fails when TypeScript is not installed
//   node scripts/build.mjs --if-stale  builds only when dist/ is missing or older than src/, and
//                                      quietly does nothing where TypeScript is not installed
//                                      (a production install: the image or `npm ci --omit=dev`)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { BUILD_STAMP, DIST, ROOT, distIsStale } from './build-state.mjs';

/** Copied as they are: the dashboard's browser scripts and styles, read by src/web/static-routes.ts. */
const ASSETS = ['web/static'];

function typescriptCompiler() {
  try {
    return createRequire(join(ROOT, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    return undefined;
  }
}

function build(tsc) {
  const compiled = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
  if (compiled.status !== 0) return compiled.status ?? 1;
  for (const asset of ASSETS) {
    // Replaced whole, so a file removed from src/ is not served from an old copy.
    rmSync(join(DIST, asset), { recursive: true, force: true });
    cpSync(join(ROOT, 'src', asset), join(DIST, asset), {
      recursive: true,
      filter: (path) => !path.endsWith('.d.ts'),
    });
  }
  writeFileSync(BUILD_STAMP, `${new Date().toISOString()}\n`);
  return 0;
}

const ifStale = process.argv.includes('--if-stale');
const tsc = typescriptCompiler();
if (tsc === undefined) {
  if (!ifStale) {
    console.error('cvcrm-etl: o TypeScript não está instalado; rode `npm install` (com as dependências de desenvolvimento) antes de `npm run build`.');
    process.exit(1);
  }
} else if (!ifStale || distIsStale()) {
  if (ifStale) console.error(existsSync(BUILD_STAMP) ? 'cvcrm-etl: src/ mudou desde a última compilação; compilando dist/…' : 'cvcrm-etl: compilando dist/…');
  process.exitCode = build(tsc);
}
