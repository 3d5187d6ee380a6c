import { loggerFromConfig } from '../../ops/logger.ts';
import { backupDatabase, restoreDatabase } from '../../ops/backup.ts';
import { UsageError, UserError, type Command } from '../command.ts';
import { parseFlags } from '../parse-flags.ts';

export const backupCommand: Command = {
  name: 'backup',
  summary: 'uma cópia consistente do banco (pg_dump, ou os arquivos do banco embutido)',
  help: `Uso: cvcrm-etl backup [ARQUIVO]

Grava uma cópia consistente de DATABASE_URL (pg_dump, formato custom) ou do banco embutido.
ARQUIVO padrão: DATA_DIR/backups/cvcrm-etl-AAAAMMDD-HHMMSS.(dump|tar.gz).`,
  async run(args, ctx) {
    const { positionals } = parseFlags(args, {}, true);
    if (positionals.length > 1) throw new UsageError('backup aceita no máximo um ARQUIVO.');
    const config = ctx.config();
    try {
      const result = await backupDatabase({ config, file: positionals[0], logger: loggerFromConfig(config, false) });
      ctx.stdout.write(`cópia gravada em ${result.file} (${result.bytes} bytes)\n`);
      return 0;
    } catch (error) {
      throw new UserError((error as Error).message);
    }
  },
};

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'restaura uma cópia feita por backup',
  help: `Uso: cvcrm-etl restore ARQUIVO

Restaura ARQUIVO (feito por cvcrm-etl backup) em DATABASE_URL, ou no banco embutido em DATA_DIR.
Encerre antes os outros processos cvcrm-etl.`,
  async run(args, ctx) {
    const { positionals } = parseFlags(args, {}, true);
    if (positionals.length !== 1) throw new UsageError('restore precisa de exatamente um ARQUIVO.');
    const config = ctx.config();
    try {
      const result = await restoreDatabase({ config, file: positionals[0]!, logger: loggerFromConfig(config, false) });
      ctx.stdout.write(`${result.file} restaurado (${result.bytes} bytes)\n`);
      return 0;
    } catch (error) {
      throw new UserError((error as Error).message);
    }
  },
};
