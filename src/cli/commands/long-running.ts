// start, serve, worker and demo: the same process shape with different roles.
import { join } from 'node:path';
import { loadConfig } from '../../config.ts';
import { startRuntime } from '../runtime.ts';
import type { Command, CommandContext } from '../command.ts';
import { parseFlags } from '../parse-flags.ts';

/**
 * WORK_UNIT_LEASE_SECONDS: how long a worker keeps a claimed (account, resource) unit without
 * renewing it, i.e. how soon another worker resumes the unit of a worker that died. A tuning knob
 * of the worker processes, not of the installation, so it is read here and not in the config.
 */
export function workUnitLeaseSeconds(env: Readonly<Record<string, string | undefined>>): number | undefined {
  const raw = env.WORK_UNIT_LEASE_SECONDS?.trim();
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 2 || value > 3600) {
    throw new Error(`WORK_UNIT_LEASE_SECONDS deve ser um número inteiro de segundos entre 2 e 3600 (recebido "${raw.slice(0, 20)}").`);
  }
  return value;
}

async function runUntilStopped(ctx: CommandContext, roles: { web: boolean; worker: boolean; syncAtStart: boolean }, demo = false): Promise<number> {
  const config = demo
    ? loadConfig({ ...ctx.env, CVCRM_API_EMAIL: '', CVCRM_API_TOKEN: '', DATABASE_URL: '', DATA_DIR: join(ctx.config().dataDir, 'demo') })
    : ctx.config();
  const lease = workUnitLeaseSeconds(ctx.env);
  const runtime = await startRuntime({ config, ...roles, stdoutIsTty: Boolean(ctx.stdout.isTTY), ...(lease !== undefined ? { workUnitLeaseSeconds: lease } : {}) });
  if (runtime.url) ctx.stdout.write(`${runtime.demo ? 'DEMO: ' : ''}dashboard on ${runtime.url.replace('127.0.0.1', 'localhost')}\n`);
  return runtime.shutdown.done;
}

export const startCommand: Command = {
  name: 'start',
  summary: 'migrate, web server, scheduler; first sync at start-up (what npm start runs)',
  help: `Usage: cvcrm-etl start

Migrates the database, serves the dashboard on HOST:PORT, runs the scheduler (SYNC_CRON in
SYNC_TIMEZONE) and one sync at start-up. Without CVCRM credentials it runs in demo mode, with the
built-in simulator as the source. Stops cleanly on SIGTERM/SIGINT.`,
  async run(args, ctx) {
    parseFlags(args, {});
    return runUntilStopped(ctx, { web: true, worker: true, syncAtStart: true });
  },
};

export const serveCommand: Command = {
  name: 'serve',
  summary: 'web server only (Procfile web)',
  help: `Usage: cvcrm-etl serve

Serves the dashboard, the APIs, /health and /metrics on HOST:PORT; no scheduler.`,
  async run(args, ctx) {
    parseFlags(args, {});
    return runUntilStopped(ctx, { web: true, worker: false, syncAtStart: false });
  },
};

export const workerCommand: Command = {
  name: 'worker',
  summary: 'scheduler only (Procfile worker)',
  help: `Usage: cvcrm-etl worker

Runs the sync on SYNC_CRON in SYNC_TIMEZONE. Each tick becomes one work unit per (account,
resource); every worker claims units through PostgreSQL under a lease (WORK_UNIT_LEASE_SECONDS,
default 60), so several workers against one PostgreSQL run each scheduled sync once, accounts in
parallel, and the unit of a worker that died is resumed by another when its lease lapses. A tick
missed while all were down runs at start.`,
  async run(args, ctx) {
    parseFlags(args, {});
    return runUntilStopped(ctx, { web: false, worker: true, syncAtStart: false });
  },
};

export const demoCommand: Command = {
  name: 'demo',
  summary: 'simulator + embedded database + sync + web server',
  help: `Usage: cvcrm-etl demo

Runs everything against the built-in simulator, in an embedded database under DATA_DIR/demo,
whatever credentials are configured: a working dashboard with realistic data in a minute.`,
  async run(args, ctx) {
    parseFlags(args, {});
    return runUntilStopped(ctx, { web: true, worker: true, syncAtStart: true }, true);
  },
};
