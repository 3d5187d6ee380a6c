// Everything a user of the command reads is Brazilian Portuguese: the usage, every command's
// --help, and the errors of a bad command, flag or setting, as the real `cvcrm-etl` prints them.
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.ts';
import { runCli, type CliResult } from '../helpers/run-cli.ts';

/**
 * Words of an English sentence that never occur in a Portuguese one. Flags, variables and header
 * names are removed first (they are the contract: --retry-after, WORK_UNIT_LEASE_SECONDS…). Word
 * edges are Unicode letters, not \b, which would find "or" in "orçamento".
 */
const ENGLISH = /(?<![\p{L}\d_])(the|and|or|of|to|is|are|be|in|on|at|with|without|which|when|where|for|from|into|only|each|every|this|that|these|its|it|usage|commands?|options?|database|default|runs?|stops?|exit|writes?|reads?|sends?|waits?|after|before|expects?|must|unknown|not|failed|error|listening|here|then)(?![\p{L}\d_])/giu;

function englishWords(text: string): string[] {
  const prose = text
    .replace(/(?<![\w-])--?[a-z][\w-]*/gi, ' ') // flags
    .replace(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g, ' ') // environment variables
    .replace(/\bRetry-After\b/g, ' ')
    .replace(/\b(?:https?|postgres(?:ql)?):\/\/\S+/g, ' ')
    .replace(/`[^`]*`/g, ' '); // quoted commands
  return [...prose.matchAll(ENGLISH)].map((m) => m[0]);
}

/** Runs a few spawns at a time: each one loads the TypeScript sources, slow on a busy machine. */
async function runAll(jobs: readonly (readonly string[])[], env: Record<string, string> = {}): Promise<CliResult[]> {
  const results: CliResult[] = new Array(jobs.length);
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await runCli(jobs[index]!, env);
    }
  };
  await Promise.all([lane(), lane()]);
  return results;
}

describe('the command line speaks Portuguese', () => {
  it('the word list catches an English sentence but not flags, variables or pt-BR text', () => {
    expect(englishWords('Usage: cvcrm-etl sync [RESOURCE…]')).toEqual(['Usage']);
    expect(englishWords('database: FAILED: the server refused the connection')).toEqual(['database', 'FAILED', 'the', 'the']);
    expect(englishWords('  --retry-after    envia o cabeçalho Retry-After com cada 429 (WORK_UNIT_LEASE_SECONDS, padrão 60)')).toEqual([]);
    expect(englishWords('orçamento de requisições, só então, às vezes')).toEqual([]);
    expect(englishWords('Uso: cvcrm-etl worker — cada worker reserva unidades pelo PostgreSQL; token, payload e leads')).toEqual([]);
  });

  it('usage, with --help, help, no command at all, or an unknown command', { timeout: 300_000 }, async () => {
    const [help, word, none, unknown] = await runAll([['--help'], ['help'], [], ['frobnicate']]);
    expect(help!.code).toBe(0);
    expect(help!.stdout).toMatch(/^Uso: cvcrm-etl <comando> \[opções\]\n\nComandos:\n/);
    for (const command of COMMANDS) expect(help!.stdout).toMatch(new RegExp(`^  ${command.name} +\\S`, 'm'));
    expect(help!.stdout).toContain('Rode `cvcrm-etl <comando> --help` para ver as opções de um comando.');
    expect(englishWords(help!.stdout)).toEqual([]);
    expect(word).toMatchObject({ code: 0, stdout: help!.stdout });
    expect(none).toMatchObject({ code: 1, stdout: help!.stdout });
    expect(unknown!.code).toBe(2);
    expect(unknown!.stdout).toBe('');
    expect(unknown!.stderr).toBe('cvcrm-etl: comando desconhecido "frobnicate". Rode cvcrm-etl --help para ver a lista.\n');
  });

  it('--help of every command', { timeout: 600_000 }, async () => {
    const results = await runAll(COMMANDS.map((c) => [c.name, '--help']));
    for (const [index, command] of COMMANDS.entries()) {
      const result = results[index]!;
      expect(result.code, command.name).toBe(0);
      expect(result.stderr, command.name).toBe('');
      expect(result.stdout, command.name).toMatch(new RegExp(`^Uso: cvcrm-etl ${command.name}\\b`));
      expect(result.stdout.split('\n').length, command.name).toBeGreaterThan(2);
      expect({ command: command.name, english: englishWords(result.stdout) }).toEqual({ command: command.name, english: [] });
      expect({ command: command.name, english: englishWords(command.summary) }).toEqual({ command: command.name, english: [] });
    }
  });

  it('a bad flag, a bad argument or a bad setting: one Portuguese sentence on stderr and the exit code', { timeout: 600_000 }, async () => {
    const cases: readonly { args: string[]; env?: Record<string, string>; code: number; stderr: string }[] = [
      { args: ['sync', '--bogus'], code: 2, stderr: 'cvcrm-etl sync: opção desconhecida: --bogus. Veja as opções com --help.' },
      { args: ['simulator', '--port'], code: 2, stderr: 'cvcrm-etl simulator: a opção --port precisa de um valor.' },
      { args: ['simulator', '--retry-after=sim'], code: 2, stderr: 'cvcrm-etl simulator: a opção --retry-after não aceita valor.' },
      { args: ['simulator', '--scale', '0'], code: 2, stderr: 'cvcrm-etl simulator: --scale espera um número inteiro de 1 a 10000000.' },
      { args: ['migrate', 'agora'], code: 2, stderr: 'cvcrm-etl migrate: argumento inesperado: "agora"; este comando só aceita opções (veja --help).' },
      { args: ['sync', 'propostas'], code: 2, stderr: 'cvcrm-etl sync: "propostas" não é um recurso conhecido do CVDW (use o caminho, por exemplo reservas/condicoes).' },
      { args: ['sync', '--since', '2025-13-01'], code: 2, stderr: 'cvcrm-etl sync: --since não é uma data que existe.' },
      { args: ['backup', 'a.dump', 'b.dump'], code: 2, stderr: 'cvcrm-etl backup: backup aceita no máximo um ARQUIVO.' },
      { args: ['check'], env: { CVCRM_PAGE_SIZE: '900' }, code: 1, stderr: 'cvcrm-etl check: CVCRM_PAGE_SIZE espera um número inteiro de 1 a 500.' },
      { args: ['migrate'], env: { SYNC_TIMEZONE: 'Lua/Crateras' }, code: 1, stderr: 'cvcrm-etl migrate: SYNC_TIMEZONE espera um fuso horário IANA, como America/Sao_Paulo.' },
      { args: ['verify'], env: { DATABASE_URL: 'mysql://x@y/z' }, code: 1, stderr: 'cvcrm-etl verify: DATABASE_URL espera um endereço PostgreSQL que comece com postgres:// ou postgresql://.' },
      { args: ['sync'], env: { CVCRM_API_EMAIL: 'a@b.c' }, code: 1, stderr: 'cvcrm-etl sync: CVCRM_API_TOKEN precisa ser definido junto com CVCRM_API_EMAIL.' },
    ];
    const results: CliResult[] = [];
    // Settings differ per case, so each runs with its own environment (still two at a time).
    for (let i = 0; i < cases.length; i += 2) {
      results.push(...(await Promise.all(cases.slice(i, i + 2).map((c) => runCli(c.args, c.env ?? {})))));
    }
    for (const [index, c] of cases.entries()) {
      const result = results[index]!;
      const shown = `${c.args.join(' ')}: ${result.stderr}`;
      expect(result.code, shown).toBe(c.code);
      expect(result.stderr, shown).toBe(`${c.stderr}\n`);
      expect(result.stdout, shown).toBe('');
      expect({ args: c.args, english: englishWords(result.stderr) }).toEqual({ args: c.args, english: [] });
    }
  });
});
