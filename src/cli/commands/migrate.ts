import { openDatabase } from '../../db/open-database.ts';
import { migrate } from '../../db/migrate.ts';
import type { Command } from '../command.ts';
import { parseFlags } from '../parse-flags.ts';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'aplica as migrações do banco (idempotente, seguro com vários processos ao mesmo tempo)',
  help: `Uso: cvcrm-etl migrate

Aplica as migrações pendentes em DATABASE_URL (ou no banco embutido em DATA_DIR). Rodar de novo
não muda nada; vários processos podem rodá-lo no mesmo instante.`,
  async run(args, ctx) {
    parseFlags(args, {});
    const db = await openDatabase(ctx.config(), 'cvcrm-etl migrate');
    try {
      const result = await migrate(db);
      ctx.stdout.write(
        result.applied.length === 0
          ? `banco de dados em dia (${result.alreadyApplied} migrações)\n`
          : `${result.applied.length === 1 ? '1 migração aplicada' : `${result.applied.length} migrações aplicadas`}: ${result.applied.join(', ')}\n`,
      );
      return 0;
    } finally {
      await db.close();
    }
  },
};
