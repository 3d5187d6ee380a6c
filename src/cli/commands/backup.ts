import { loggerFromConfig } from '../../ops/logger.ts';
import { backupDatabase, restoreDatabase } from '../../ops/backup.ts';
import { UsageError, UserError, type Command } from '../command.ts';
import { parseFlags } from '../parse-flags.ts';

export const backupCommand: Command = {
  name: 'backup',
  summary: 'a consistent dump of the database (pg_dump, or the embedded database files)',
  help: `Usage: cvcrm-etl backup [FILE]

Writes a consistent dump of DATABASE_URL (pg_dump, custom format) or of the embedded database.
Default FILE: DATA_DIR/backups/cvcrm-etl-YYYYMMDD-HHMMSS.(dump|tar.gz).`,
  async run(args, ctx) {
    const { positionals } = parseFlags(args, {}, true);
    if (positionals.length > 1) throw new UsageError('backup takes at most one FILE.');
    const config = ctx.config();
    try {
      const result = await backupDatabase({ config, file: positionals[0], logger: loggerFromConfig(config, false) });
      ctx.stdout.write(`backup written to ${result.file} (${result.bytes} bytes)\n`);
      return 0;
    } catch (error) {
      throw new UserError((error as Error).message);
    }
  },
};

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'restore a dump made by backup',
  help: `Usage: cvcrm-etl restore FILE

Restores FILE (made by cvcrm-etl backup) into DATABASE_URL, or into the embedded database under
DATA_DIR. Stop the other cvcrm-etl processes first.`,
  async run(args, ctx) {
    const { positionals } = parseFlags(args, {}, true);
    if (positionals.length !== 1) throw new UsageError('restore needs exactly one FILE.');
    const config = ctx.config();
    try {
      const result = await restoreDatabase({ config, file: positionals[0]!, logger: loggerFromConfig(config, false) });
      ctx.stdout.write(`restored ${result.file} (${result.bytes} bytes)\n`);
      return 0;
    } catch (error) {
      throw new UserError((error as Error).message);
    }
  },
};
