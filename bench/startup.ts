// Start-up time and idle memory of `cvcrm-etl serve` as users run it: the real bin/cvcrm-etl.js in
// its own process against a throw-away, already migrated PostgreSQL database. Each round measures
// the time from spawn until /health answers, then the resident set size (VmRSS) of that same node
// process after it has sat idle. Usage: npm run bench:startup [-- --runs 5 --idle 10]
// `--bin <path>` (repeatable) compares other copies of the command, e.g. an older checkout: their
// rounds are interleaved so that every copy sees the same load on a shared machine.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createBenchDatabase } from './lib/db.ts';
import { fmt, machineLine, table } from './lib/machine.ts';
import { median } from './lib/percentiles.ts';

const OWN_BIN = join(import.meta.dirname, '..', 'bin', 'cvcrm-etl.js');

interface Round {
  readonly readyMs: number;
  readonly status: number;
  readonly idleRssMiB: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** VmRSS of a process in MiB; the spawned pid is the node process that serves (no wrapper). */
function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return line ? Number(line.replace(/\D+/g, '')) / 1024 : Number.NaN;
}

async function oneRound(bin: string, databaseUrl: string, idleSeconds: number): Promise<Round> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'cvcrm-etl-bench-startup-'));
  const started = performance.now();
  const child = spawn(process.execPath, [bin, 'serve'], {
    // Only this environment: nothing of the developer's CVCRM_* or .env reaches the process.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: databaseUrl, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    let status = 0;
    while (status === 0) {
      if (child.exitCode !== null) throw new Error(`serve exited ${child.exitCode}: ${stderr}`);
      if (performance.now() - started > 60_000) throw new Error(`no answer on /health within a minute: ${stderr}`);
      status = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.status, () => 0);
      if (status === 0) await new Promise((r) => setTimeout(r, 10));
    }
    const readyMs = performance.now() - started;
    await new Promise((r) => setTimeout(r, idleSeconds * 1000));
    const idleRssMiB = rssMiB(child.pid!);
    return { readyMs, status, idleRssMiB };
  } finally {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '5' }, idle: { type: 'string', default: '10' }, bin: { type: 'string', multiple: true } },
  });
  const runs = Number(values.runs);
  const idleSeconds = Number(values.idle);
  const bins = values.bin?.length ? values.bin : [OWN_BIN];
  console.log(`# cvcrm-etl start-up: serve, ${runs} runs, ${idleSeconds} s idle`);
  console.log(machineLine());
  const database = await createBenchDatabase('postgres', 1);
  const rounds = new Map<string, Round[]>(bins.map((bin) => [bin, []]));
  try {
    // The database is migrated beforehand, so each start measures loading the code and opening
    // the pool, not applying migrations.
    for (let i = 0; i < runs; i++) {
      for (const bin of bins) {
        const round = await oneRound(bin, database.url!, idleSeconds);
        rounds.get(bin)!.push(round);
        console.log(`run ${i + 1} ${bin}: /health ${round.status} after ${fmt(round.readyMs)} ms, idle RSS ${fmt(round.idleRssMiB, 1)} MiB`);
      }
    }
  } finally {
    await database.dispose();
  }
  const summary = (label: string, values: number[], digits: number) =>
    [label, fmt(median(values), digits), fmt(Math.min(...values), digits), fmt(Math.max(...values), digits)];
  for (const [bin, list] of rounds) {
    console.log(`\n${bin}`);
    console.log(table(['figure', 'median', 'min', 'max'], [
      summary('spawn → /health answers, ms', list.map((r) => r.readyMs), 0),
      summary(`idle RSS after ${idleSeconds} s, MiB`, list.map((r) => r.idleRssMiB), 1),
    ]));
  }
  if (bins.length > 1) {
    const [first, ...others] = bins;
    for (const other of others) {
      const ratio = (pick: (r: Round) => number) => median(rounds.get(other)!.map(pick)) / median(rounds.get(first!)!.map(pick));
      console.log(`\n${other} ÷ ${first}: start-up ×${ratio((r) => r.readyMs).toFixed(3)}, idle RSS ×${ratio((r) => r.idleRssMiB).toFixed(3)}`);
    }
  }
  console.log(`\nload average at the end: ${machineLine().replace(/^.*load average ([\d. ]+),.*$/, '$1')}`);
}

await main();
