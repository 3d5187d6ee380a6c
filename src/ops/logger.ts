// Structured logs: JSON lines to stdout (and LOG_FILE when set), pretty on a terminal. Personal
// data and secrets are redacted by key wherever they appear in a log object, and free text
// (messages, error messages, string fields) is scrubbed of e-mails, CPFs, tokens and URL
// credentials, since a driver's error can quote any of them.
import { closeSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { pino, type Logger } from 'pino';
import type { Config } from '../config.ts';
import { ensureDirectory } from '../util/ensure-directory.ts';
import { KnownError } from '../util/known-error.ts';
import { scrubText } from '../util/scrub.ts';

export type { Logger } from 'pino';

/** Keys whose values never reach a log line. */
export const REDACTED_KEYS = [
  'token', 'password', 'senha', 'authorization', 'cookie', 'email', 'cliente', 'cliente_email',
  'documento', 'documento_cliente', 'cpf', 'cnpj', 'renda', 'telefone', 'celular', 'payload', 'secret',
  'apiToken', 'connectionString', 'databaseUrl', 'DATABASE_URL', 'url', 'webhookUrl', 'emailPassword', 'pass',
];

const REDACT_PATHS = REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

export interface LoggerOptions {
  readonly level: Config['log']['level'];
  readonly file?: string | undefined;
  readonly pretty?: boolean;
  /** For tests: where JSON lines go instead of stdout (LOG_FILE, when set, still gets a copy). */
  readonly destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const fileFd = options.file ? openLogFile(options.file) : undefined;
  const base: pino.LoggerOptions = {
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: 'cvcrm-etl' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { log: (object) => scrubValue(object, 0) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        // Scrub the message and its interpolation arguments; the object (if any) is scrubbed by
        // the log formatter above.
        const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrubText(arg) : arg)) as typeof args;
        method.apply(this, scrubbed);
      },
    },
  };
  if (options.pretty && !options.destination) {
    const targets: pino.TransportTargetOptions[] = [
      { target: 'pino-pretty', options: { destination: 1, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service' } },
    ];
    if (fileFd !== undefined) {
      // The transport's worker opens the file again by name; the directory exists by now.
      closeSync(fileFd);
      targets.push({ target: 'pino/file', options: { destination: options.file } });
    }
    return pino(base, pino.transport({ targets }));
  }
  // JSON: written in-process and synchronously, so no line is lost when the process exits.
  const primary = (options.destination ?? pino.destination(1)) as pino.DestinationStream;
  if (fileFd === undefined) return pino(base, primary);
  const file = pino.destination({ dest: fileFd, sync: true });
  // Each stream accepts every level; the logger's own level decides what is written.
  return pino(base, pino.multistream([
    { stream: primary, level: 'trace' },
    { stream: file, level: 'trace' },
  ]));
}

/**
 * Opens LOG_FILE for appending, creating its directory, before any logger uses it: a path that
 * cannot be written is a start-up failure naming LOG_FILE, not a process that hangs or logs nowhere.
 */
function openLogFile(file: string): number {
  try {
    ensureDirectory(dirname(file));
    return openSync(file, 'a');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'erro';
    throw new KnownError(`LOG_FILE: não foi possível abrir ${file} para escrita (${code}); aponte LOG_FILE para um arquivo numa pasta com permissão de escrita, ou remova a variável.`, { cause: error });
  }
}

export function loggerFromConfig(config: Config, stdoutIsTty: boolean): Logger {
  return createLogger({ level: config.log.level, file: config.log.file, pretty: stdoutIsTty });
}

/** Scrubs every string in a log object, including the message, stack and cause of errors. */
function scrubValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object' || depth > 6) return value;
  if (value instanceof Error) return scrubError(value, depth);
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[key] = scrubValue(inner, depth + 1);
  return out;
}

/** A copy of the error with the same prototype (so pino still serializes it as an error), scrubbed. */
function scrubError(error: Error, depth: number): Error {
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error;
  for (const key of Object.getOwnPropertyNames(error)) {
    const descriptor = Object.getOwnPropertyDescriptor(error, key);
    if (descriptor === undefined || !('value' in descriptor)) continue;
    Object.defineProperty(copy, key, { ...descriptor, value: scrubValue(descriptor.value, depth + 1) });
  }
  return copy;
}
