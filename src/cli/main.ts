// Entry point of the `cvcrm-etl` command: reads .env and argv, dispatches to one command, and
// turns expected failures into one sentence on stderr and a non-zero exit.
import { config as readDotenv } from 'dotenv';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { scrubText } from '../util/scrub.ts';
import { KnownError } from '../util/known-error.ts';
import type { Command, CommandContext } from './command.ts';
import { COMMANDS } from './commands/index.ts';

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Uso: cvcrm-etl <comando> [opções]',
    '',
    'Comandos:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Rode `cvcrm-etl <comando> --help` para ver as opções de um comando.',
  ].join('\n');
}

export async function main(argv: readonly string[], processEnv: NodeJS.ProcessEnv): Promise<number> {
  const stdout = process.stdout;
  const stderr = process.stderr;
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    stdout.write(`${usage()}\n`);
    return name === undefined ? 1 : 0;
  }
  const command: Command | undefined = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    stderr.write(`cvcrm-etl: comando desconhecido "${name.slice(0, 40)}". Rode cvcrm-etl --help para ver a lista.\n`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    stdout.write(`${command.help.trim()}\n`);
    return 0;
  }

  // .env fills in what the real environment does not set; the real environment wins.
  const env: Record<string, string | undefined> = { ...processEnv };
  readDotenv({ processEnv: env as Record<string, string>, quiet: true });
  let cached: Config | undefined;
  const ctx: CommandContext = {
    env,
    config: () => (cached ??= loadConfig(env)),
    stdout,
    stderr,
  };
  try {
    return await command.run(args, ctx);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof KnownError) {
      stderr.write(`cvcrm-etl ${command.name}: ${error.message}\n`);
      return error.name === 'UsageError' ? 2 : 1;
    }
    // A driver's message can quote a URL with its password or a token: scrubbed like the logs.
    const message = scrubText(error instanceof Error ? error.message : String(error));
    stderr.write(`cvcrm-etl ${command.name}: erro inesperado: ${message}\n`);
    if (env.LOG_LEVEL === 'debug' && error instanceof Error && error.stack) stderr.write(`${error.stack}\n`);
    return 1;
  }
}
