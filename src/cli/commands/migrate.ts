import { openDatabase } from '../../db/open-database.ts';
import { migrate } from '../../db/migrate.ts';
import type { Command } from '../command.ts';
import { parseFlags } from '../parse-flags.ts';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'apply database migrations (idempotent, safe from several processes at once)',
  help: `Usage: cvcrm-etl migrate

Applies the pending migrations to DATABASE_URL (or the embedded database under DATA_DIR).
Running it again does nothing; several processes may run it at the same moment.`,
  async run(args, ctx) {
    parseFlags(args, {});
    const db = await openDatabase(ctx.config(), 'cvcrm-etl migrate');
    try {
      const result = await migrate(db);
      ctx.stdout.write(
        result.applied.length === 0
          ? `database is up to date (${result.alreadyApplied} migrations)\n`
          : `applied ${result.applied.length} migrations: ${result.applied.join(', ')}\n`,
      );
      return 0;
    } finally {
      await db.close();
    }
  },
};
