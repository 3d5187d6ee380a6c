// Whether dist/ still matches src/: the build writes a stamp file last, and any file or folder of
// src/ (a folder's time changes when a file in it is removed or renamed) or a tsconfig newer than
// that stamp means dist/ holds older code. Shared by the build and by bin/cvcrm-etl.js.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(ROOT, 'dist');
export const BUILD_STAMP = join(DIST, '.build-stamp');

function newestUnder(path) {
  const stat = statSync(path);
  let newest = stat.mtimeMs;
  if (stat.isDirectory()) {
    for (const entry of readdirSync(path)) newest = Math.max(newest, newestUnder(join(path, entry)));
  }
  return newest;
}

/** True when there is no finished build or src/ changed after it; false where src/ is absent (an image). */
export function distIsStale() {
  const src = join(ROOT, 'src');
  if (!existsSync(src)) return false;
  if (!existsSync(BUILD_STAMP)) return true;
  const built = statSync(BUILD_STAMP).mtimeMs;
  const inputs = [src, join(ROOT, 'tsconfig.json'), join(ROOT, 'tsconfig.build.json')].filter((p) => existsSync(p));
  return inputs.some((p) => newestUnder(p) > built);
}
