// Creates a directory and its missing parents one level at a time. Node 20's
// mkdirSync(path, { recursive: true }) never returns for a path under /proc (it retries the
// parent forever), so a bad LOG_FILE or DATA_DIR would hang the process instead of failing.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Throws the first mkdir error (ENOENT, EACCES, EROFS, ENOTDIR…); bounded by the path's depth. */
export function ensureDirectory(path: string): void {
  const missing: string[] = [];
  let current = resolve(path);
  while (!existsSync(current)) {
    missing.push(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const directory of missing.reverse()) {
    try {
      mkdirSync(directory);
    } catch (error) {
      // Another process may have created it in between.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
