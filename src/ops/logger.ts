// Structured logs: JSON lines to stdout (and LOG_FILE when set), pretty on a terminal. Personal
// data and secrets are redacted by key wherever they appear in a log object.
import { pino, type Logger } from 'pino';
import type { Config } from '../config.ts';

export type { Logger } from 'pino';

/** Keys whose values never reach a log line. */
export const REDACTED_KEYS = [
  'token', 'password', 'senha', 'authorization', 'cookie', 'email', 'cliente', 'cliente_email',
  'documento', 'documento_cliente', 'cpf', 'renda', 'telefone', 'celular', 'payload', 'secret',
  'apiToken', 'connectionString', 'databaseUrl', 'url',
];

const REDACT_PATHS = REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

export interface LoggerOptions {
  readonly level: Config['log']['level'];
  readonly file?: string | undefined;
  readonly pretty?: boolean;
  /** For tests: where JSON lines go instead of stdout. */
  readonly destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const base = {
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: 'cvcrm-etl' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (options.destination) return pino(base, options.destination as pino.DestinationStream);
  const targets: pino.TransportTargetOptions[] = [
    options.pretty
      ? { target: 'pino-pretty', options: { destination: 1, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service' } }
      : { target: 'pino/file', options: { destination: 1 } },
  ];
  if (options.file) targets.push({ target: 'pino/file', options: { destination: options.file, mkdir: true } });
  if (targets.length === 1 && !options.pretty) return pino(base, pino.destination(1));
  return pino(base, pino.transport({ targets }));
}

export function loggerFromConfig(config: Config, stdoutIsTty: boolean): Logger {
  return createLogger({ level: config.log.level, file: config.log.file, pretty: stdoutIsTty });
}
