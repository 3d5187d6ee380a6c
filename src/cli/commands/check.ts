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
  summary: 'one authenticated CVDW request and one database round trip; says what works and why not',
  help: `Usage: cvcrm-etl check

Makes one cheap authenticated CVDW request and one database round trip, and reports each: wrong
token, unreachable database, TLS in use or not. Exit 0 when both work, 1 otherwise.`,
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
      lines.push(`database: ok (${config.database.url ? 'PostgreSQL' : `embedded, ${config.dataDir}`}); ${tls.description}`);
    } catch (error) {
      ok = false;
      lines.push(`database: FAILED: ${(error as Error).message.slice(0, 300)}`);
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
          lines.push(`${label}: ${probe.ok ? 'ok' : 'FAILED'}: ${probe.detail}${opened.demo ? ' (DEMO: built-in simulator, no credentials configured)' : ''}`);
        }
      } finally {
        await opened.close();
        await db.close();
      }
    } else {
      lines.push('cvdw: not checked (the request budget lives in the database)');
    }
    ctx.stdout.write(`${lines.join('\n')}\n`);
    return ok ? 0 : 1;
  },
};
