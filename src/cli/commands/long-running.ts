// start, serve, worker and demo: the same process shape with different roles.
import { join } from 'node:path';
import { loadConfig } from '../../config.ts';
import { startRuntime } from '../runtime.ts';
import type { Command, CommandContext } from '../command.ts';
import { parseFlags } from '../parse-flags.ts';

async function runUntilStopped(ctx: CommandContext, roles: { web: boolean; worker: boolean; syncAtStart: boolean }, demo = false): Promise<number> {
  const config = demo
    ? loadConfig({ ...ctx.env, CVCRM_API_EMAIL: '', CVCRM_API_TOKEN: '', DATABASE_URL: '', DATA_DIR: join(ctx.config().dataDir, 'demo') })
    : ctx.config();
  const runtime = await startRuntime({ config, ...roles, stdoutIsTty: Boolean(ctx.stdout.isTTY) });
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

Runs the sync on SYNC_CRON in SYNC_TIMEZONE. Several workers against one PostgreSQL run each
scheduled sync once; a tick missed while all were down runs at start.`,
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
