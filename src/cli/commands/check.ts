import { connectCvdw } from '../../cvdw/connect.ts';
import { credentialVariables } from '../../config-accounts.ts';
import { probeApi } from '../../cvdw/probe.ts';
import { openDatabase } from '../../db/open-database.ts';
import { requestLedger } from '../../db/queries/request-ledger.ts';
import type { Command } from '../command.ts';
import { parseFlags } from '../parse-flags.ts';
import { openSyncSource } from '../sync-source.ts';

export const checkCommand: Command = {
  name: 'check',
  summary: 'uma requisição autenticada ao CVDW e uma ida e volta ao banco; diz o que funciona e por que não',
  help: `Uso: cvcrm-etl check

Faz uma requisição autenticada barata ao CVDW e uma ida e volta ao banco de dados, e relata cada
uma: token errado, banco inacessível, TLS em uso ou não. Código de saída 0 quando as duas
funcionam, 1 caso contrário.`,
  async run(args, ctx) {
    parseFlags(args, {});
    const config = ctx.config();
    const lines: string[] = [];
    let ok = true;
    let db;
    try {
      db = await openDatabase(config, 'cvcrm-etl check');
      await db.query('select 1');
      const tls = await db.tlsState();
      lines.push(`banco de dados: ok (${config.database.url ? 'PostgreSQL' : `embutido, ${config.dataDir}`}); ${tls.description}`);
    } catch (error) {
      ok = false;
      lines.push(`banco de dados: FALHOU: ${(error as Error).message.slice(0, 300)}`);
    }
    if (db) {
      const opened = await openSyncSource(config);
      try {
        // One line per account: a bad token of one account says which, the others still answer.
        const several = config.accounts.length > 1;
        for (const account of config.accounts) {
          const client = connectCvdw({ ledger: requestLedger(db), config, source: opened.sourceFor(account), maxRetries: 1 });
          const probe = await probeApi(client, undefined, credentialVariables(account, config.accounts.length));
          ok &&= probe.ok;
          const label = several ? `cvdw (conta ${account.name})` : 'cvdw';
          lines.push(`${label}: ${probe.ok ? 'ok' : 'FALHOU'}: ${probe.detail}${opened.demo ? ' (DEMO: simulador embutido, nenhuma credencial configurada)' : ''}`);
        }
      } finally {
        await opened.close();
        await db.close();
      }
    } else {
      lines.push('cvdw: não verificado (o orçamento de requisições fica no banco de dados)');
    }
    ctx.stdout.write(`${lines.join('\n')}\n`);
    return ok ? 0 : 1;
  },
};
