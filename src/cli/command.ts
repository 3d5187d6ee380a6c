// What every CLI command looks like. Commands receive parsed configuration and arguments; only
// main.ts reads process.env and process.argv.
import type { Config } from '../config.ts';
import { KnownError } from '../util/known-error.ts';

export interface CommandContext {
  /** Raw environment (for commands that must pass it on, e.g. to a child process). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Loaded lazily so that `--help` and the simulator work even with a bad configuration. */
  readonly config: () => Config;
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream;
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Full `--help` text. */
  readonly help: string;
  /** Resolves to the exit code. Throws UsageError for a bad flag. */
  run(args: readonly string[], ctx: CommandContext): Promise<number>;
}

/** An expected failure: printed as one sentence, no stack trace. */
export class UserError extends KnownError {
  override readonly name: string = 'UserError';
}

export class UsageError extends UserError {
  override readonly name = 'UsageError';
}
