import { parseNaive } from '../../simulator/naive-time.ts';
import { DEFAULT_SCALE, DEFAULT_SEED, DEMO_CREDENTIALS, startSimulator, type Credential, type RunningSimulator } from '../../simulator/index.ts';
import { UsageError, UserError, type Command, type CommandContext } from '../command.ts';
import { intFlag, parseFlags } from '../parse-flags.ts';

const DEFAULT_PORT = 4010;

const HELP = `Usage: cvcrm-etl simulator [--port N] [--seed N] [--scale N] [--limit N] [--window S]
                           [--lockout S] [--today YYYY-MM-DD] [--retry-after]

Runs a fake CV CRM data-warehouse server (CVDW) on 127.0.0.1 with deterministic pt-BR data:
the same paths, headers, paging, ordering, date filters, errors, rate limit and data quirks
as the real API. Stop it with Ctrl-C.

  --port N         port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --seed N         data seed (default ${DEFAULT_SEED}); the same seed, scale and day give the same data
  --scale N        number of reservations (default ${DEFAULT_SCALE}; up to 10,000,000); each comes
                   with its funnel: 12 leads, 3 visits, 5 losses, 1 win-back, 14 history rows
                   and 2 pré-cadastros
  --limit N        requests per window per credential before 429 (default 20)
  --window S       rate-limit window in seconds (default 60)
  --lockout S      seconds of 429 after going over the limit (default 60)
  --today DAY      pin generated dates to end on this day (default: today in Brazil)
  --retry-after    send a Retry-After header with each 429 (the real API is not known to)

Credentials: CVCRM_API_EMAIL and CVCRM_API_TOKEN when both are set, else a fixed demo
credential printed at start. Point the product at it with CVCRM_BASE_URL=http://127.0.0.1:PORT.
Changes and faults can be switched on while it runs through POST /__control/… (loopback only).`;

/** Runs the simulator until `until` aborts; the command wires it to SIGINT and SIGTERM. */
export async function runSimulatorCommand(args: readonly string[], ctx: CommandContext, until: AbortSignal): Promise<number> {
  const { values } = parseFlags(args, {
    port: { type: 'string' },
    seed: { type: 'string' },
    scale: { type: 'string' },
    limit: { type: 'string' },
    window: { type: 'string' },
    lockout: { type: 'string' },
    today: { type: 'string' },
    'retry-after': { type: 'boolean' },
  });
  const port = intFlag(values.port, '--port', DEFAULT_PORT, 0, 65_535);
  const seed = intFlag(values.seed, '--seed', DEFAULT_SEED, 0, 2 ** 32 - 1);
  const scale = intFlag(values.scale, '--scale', DEFAULT_SCALE, 1, 10_000_000);
  const limit = intFlag(values.limit, '--limit', 20, 1, 1_000_000);
  const windowSeconds = intFlag(values.window, '--window', 60, 1, 86_400);
  const lockoutSeconds = intFlag(values.lockout, '--lockout', 60, 0, 86_400);
  const today = values.today;
  if (today !== undefined) {
    const parsed = parseNaive(today);
    if (parsed === undefined || parsed.hasTime) throw new UsageError('--today expects a date as YYYY-MM-DD.');
  }
  const fromEnv = Boolean(ctx.env.CVCRM_API_EMAIL?.trim()) && Boolean(ctx.env.CVCRM_API_TOKEN?.trim());
  const credential: Credential = fromEnv
    ? { email: (ctx.env.CVCRM_API_EMAIL ?? '').trim(), token: (ctx.env.CVCRM_API_TOKEN ?? '').trim() }
    : DEMO_CREDENTIALS;

  let simulator: RunningSimulator;
  try {
    simulator = await startSimulator({
      port,
      seed,
      scale,
      ...(today === undefined ? {} : { today }),
      credentials: [credential],
      rateLimit: { limit, windowMs: windowSeconds * 1000, lockoutMs: lockoutSeconds * 1000, retryAfterHeader: values['retry-after'] ?? false },
      control: true,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UserError(`port ${port} is already in use; choose another with --port (0 picks a free one).`);
    if (code === 'EACCES') throw new UserError(`not allowed to listen on port ${port}; choose another with --port.`);
    throw error;
  }

  ctx.stdout.write(
    `CVDW simulator: ${scale} reservations, seed ${seed}, today ${simulator.today}; ` +
      `${limit} requests per ${windowSeconds} s, then ${lockoutSeconds} s of 429\n`,
  );
  // The demo token is public; a real one from the environment is never echoed.
  ctx.stdout.write(fromEnv
    ? `credentials: email ${credential.email}, token from CVCRM_API_TOKEN\n`
    : `credentials: email ${credential.email}, token ${credential.token}\n`);
  ctx.stdout.write(`listening on ${simulator.url}\n`);

  if (!until.aborted) await new Promise<void>((resolve) => until.addEventListener('abort', () => resolve(), { once: true }));
  await simulator.stop();
  ctx.stdout.write('simulator stopped\n');
  return 0;
}

export const simulatorCommand: Command = {
  name: 'simulator',
  summary: 'run the fake CVDW server (deterministic data, rate limit, faults)',
  help: HELP,
  async run(args, ctx) {
    const stop = new AbortController();
    const onSignal = (): void => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      return await runSimulatorCommand(args, ctx, stop.signal);
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};
