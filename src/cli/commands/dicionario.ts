import { openDatabase } from '../../db/open-database.ts';
import { isMigrated, readDictionary } from '../../db/queries/dictionary.ts';
import { UsageError, UserError, type Command } from '../command.ts';
import { dictionaryCsv, dictionaryMarkdown } from '../dictionary-format.ts';
import { parseFlags } from '../parse-flags.ts';

export const dicionarioCommand: Command = {
  name: 'dicionario',
  summary: 'imprime o dicionário de dados (comentários de cvdw, public, etl e bi) em md ou csv',
  help: `Uso: cvcrm-etl dicionario [--formato md|csv]

Imprime o dicionário de dados: a descrição de cada tabela, visão e coluna dos esquemas cvdw,
public, etl e bi, lida dos comentários do banco em DATABASE_URL (ou do banco embutido em
DATA_DIR). Não aplica migrações: rode antes \`cvcrm-etl migrate\`.

  --formato md   Markdown, o formato de docs/dicionario.md (padrão)
  --formato csv  CSV com cabeçalho, para planilhas`,
  async run(args, ctx) {
    const { values } = parseFlags(args, { formato: { type: 'string' } });
    const format = values.formato ?? 'md';
    if (format !== 'md' && format !== 'csv') throw new UsageError(`--formato deve ser md ou csv, não "${format}".`);
    const db = await openDatabase(ctx.config(), 'cvcrm-etl dicionario');
    try {
      if (!(await isMigrated(db))) throw new UserError('O banco ainda não foi migrado: rode `cvcrm-etl migrate` antes de pedir o dicionário.');
      const entries = await readDictionary(db);
      ctx.stdout.write(format === 'csv' ? dictionaryCsv(entries) : dictionaryMarkdown(entries));
      return 0;
    } finally {
      await db.close();
    }
  },
};
