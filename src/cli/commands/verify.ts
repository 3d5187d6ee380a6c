import { expandResources, getResource } from '../../cvdw/catalog/index.ts';
import { connectCvdw } from '../../cvdw/connect.ts';
import { remoteTotal } from '../../cvdw/probe.ts';
import { migrate } from '../../db/migrate.ts';
import { countRecordsWithProblems, fieldProblemGroups } from '../../db/queries/field-problems.ts';
import { countLiveRows } from '../../db/queries/mirror.ts';
import { requestLedger } from '../../db/queries/request-ledger.ts';
import { openDatabase } from '../../db/open-database.ts';
import type { Queryable } from '../../db/database.ts';
import type { Command } from '../command.ts';
import { parseFlags } from '../parse-flags.ts';
import { openSyncSource } from '../sync-source.ts';

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'por recurso: linhas no banco contra total_de_registros da API (código 1 se alguma diferir)',
  help: `Uso: cvcrm-etl verify

Para cada conta e cada um dos seus recursos, compara as linhas vivas da tabela espelho com o
total_de_registros da API (uma requisição por recurso). Código de saída 1 quando algum difere ou
não pode ser lido.
Registros carregados com um valor ilegível em algum campo contam como presentes (a coluna fica
vazia, o payload intacto) e são listados à parte, por recurso e campo, sem mudar o código de saída.`,
  async run(args, ctx) {
    parseFlags(args, {});
    const config = ctx.config();
    const db = await openDatabase(config, 'cvcrm-etl verify');
    const opened = await openSyncSource(config);
    try {
      await migrate(db);
      let ok = true;
      const several = config.accounts.length > 1;
      const rows: string[][] = [[...(several ? ['conta'] : []), 'recurso', 'banco', 'api', 'resultado']];
      for (const account of config.accounts) {
      const client = connectCvdw({ ledger: requestLedger(db), config, source: opened.sourceFor(account) });
      for (const name of expandResources(account.resources)) {
        const local = await countLiveRows(db, account.name, getResource(name));
        let remote: string;
        let result: string;
        try {
          const total = await remoteTotal(client, name);
          remote = String(total);
          result = total === local ? 'ok' : `DIFERENTE (${local - total > 0 ? '+' : ''}${local - total})`;
        } catch (error) {
          remote = '?';
          result = `ERRO: ${(error as Error).message.slice(0, 160)}`;
        }
        if (result !== 'ok') ok = false;
        rows.push([...(several ? [account.name] : []), name, String(local), remote, result]);
      }
      }
      const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
      ctx.stdout.write(`${rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n')}\n`);
      for (const account of config.accounts) {
        ctx.stdout.write(await fieldProblemsReport(db, account.name, expandResources(account.resources), several));
      }
      if (opened.demo) ctx.stdout.write('DEMO: comparado com o simulador embutido\n');
      return ok ? 0 : 1;
    } finally {
      await opened.close();
      await db.close();
    }
  },
};

/**
 * The field problems of the live records, per resource, field and reason: no values (they may be
 * personal data), only a few referencias to look them up in etl.field_problems.
 */
async function fieldProblemsReport(db: Queryable, conta: string, names: readonly string[], named: boolean): Promise<string> {
  const lines: string[][] = [];
  const totals: string[] = [];
  for (const name of names) {
    const spec = getResource(name);
    const groups = await fieldProblemGroups(db, conta, spec);
    if (groups.length === 0) continue;
    const records = await countRecordsWithProblems(db, conta, spec);
    totals.push(`${name}: ${records === 1 ? '1 registro' : `${records} registros`}`);
    for (const g of groups) {
      lines.push([name, g.field, g.reason, g.records === 1 ? '1 registro' : `${g.records} registros`, `ex.: ${g.examples}`]);
    }
  }
  const of = named ? ` (conta ${conta})` : '';
  if (lines.length === 0) return `Nenhum registro com campo ilegível${of}.\n`;
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  return [
    '',
    `Registros carregados com campo ilegível${of} (coluna vazia, payload intacto; detalhes em etl.field_problems): ${totals.join(', ')}`,
    ...lines.map((l) => l.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()),
    '',
  ].join('\n');
}
