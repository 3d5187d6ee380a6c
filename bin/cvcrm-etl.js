#!/usr/bin/env node
// Runs the compiled JavaScript in dist/ (`npm run build`; `npm install` builds it too), so no
// TypeScript is transpiled at run time.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('cvcrm-etl: o código compilado (dist/) não foi encontrado. Rode `npm install` e `npm run build` nesta pasta e tente de novo.');
  process.exit(1);
}
// In a checkout (src/ present; the image has none) an edit not yet compiled would silently run the
// older code: say so. `npm start` and `npm test` rebuild first, so this concerns direct calls.
const buildState = new URL('../scripts/build-state.mjs', import.meta.url);
if (existsSync(new URL('../src', import.meta.url)) && existsSync(buildState)) {
  const { distIsStale } = await import(buildState.href);
  if (distIsStale()) console.error('cvcrm-etl: aviso: src/ mudou desde a última compilação e dist/ tem o código anterior; rode `npm run build`.');
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2), process.env);
