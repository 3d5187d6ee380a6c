import { expandResources, getResource } from '../../cvdw/catalog/index.ts';
import { connectCvdw } from '../../cvdw/connect.ts';
import { remoteTotal } from '../../cvdw/probe.ts';
import { migrate } from '../../db/migrate.ts';
import { countLiveRows } from '../../db/queries/mirror.ts';
import { openDatabase } from '../../db/open-database.ts';
import type { Command } from '../command.ts';
import { parseFlags } from '../parse-flags.ts';
import { openSyncSource } from '../sync-source.ts';

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'per resource: rows in the database vs total_de_registros from the API (exit 1 on a mismatch)',
  help: `Usage: cvcrm-etl verify

For each configured resource, compares the live rows of its mirror table with the API's
total_de_registros (one request per resource). Exit 1 when any differs or cannot be read.`,
  async run(args, ctx) {
    parseFlags(args, {});
    const config = ctx.config();
    const db = await openDatabase(config, 'cvcrm-etl verify');
    const opened = await openSyncSource(config);
    try {
      await migrate(db);
      const client = connectCvdw({ db, config, source: opened.source });
      let ok = true;
      const rows: string[][] = [['resource', 'database', 'api', 'result']];
      for (const name of expandResources(config.cvcrm.resources)) {
        const local = await countLiveRows(db, getResource(name));
        let remote: string;
        let result: string;
        try {
          const total = await remoteTotal(client, name);
          remote = String(total);
          result = total === local ? 'ok' : `MISMATCH (${local - total > 0 ? '+' : ''}${local - total})`;
        } catch (error) {
          remote = '?';
          result = `ERROR: ${(error as Error).message.slice(0, 160)}`;
        }
        if (result !== 'ok') ok = false;
        rows.push([name, String(local), remote, result]);
      }
      const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
      ctx.stdout.write(`${rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n')}\n`);
      if (opened.demo) ctx.stdout.write('DEMO: compared with the built-in simulator\n');
      return ok ? 0 : 1;
    } finally {
      await opened.close();
      await db.close();
    }
  },
};
