// A thin wrapper around node:util parseArgs that turns its errors into UsageError, told in
// Portuguese: node's own messages are English and hint at syntax a user of this tool never needs.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './command.ts';

export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(
  args: readonly string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError(flagErrorSentence(error as NodeJS.ErrnoException));
  }
}

/** parseArgs quotes the offending option or argument between single quotes. */
function flagErrorSentence(error: NodeJS.ErrnoException): string {
  const quoted = /'([^']*)'/.exec(error.message)?.[1]?.replace(/ <value>$/, '').slice(0, 60) ?? '';
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `opção desconhecida: ${quoted}. Veja as opções com --help.`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `argumento inesperado: "${quoted}"; este comando só aceita opções (veja --help).`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(error.message)) return `a opção ${quoted} não aceita valor.`;
      if (/ambiguous/.test(error.message)) return `a opção ${quoted} precisa de um valor (um valor que começa com - se escreve ${quoted}=-VALOR).`;
      return `a opção ${quoted} precisa de um valor.`;
    default:
      return `opções inválidas (veja --help): ${error.message.replace(/\. To specify.*$/s, '.')}`;
  }
}

export function intFlag(value: string | undefined, flag: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`${flag} espera um número inteiro de ${min} a ${max}.`);
  }
  return Number(value);
}
