// The data dictionary: every table, view and column of the four documented schemas carries a
// pt-BR comment after the migrations, on both databases.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { dictionaryMarkdown } from '../../src/cli/dictionary-format.ts';
import { readDictionary } from '../../src/db/queries/dictionary.ts';
import { describeEachDatabase } from '../helpers/databases.ts';

describeEachDatabase('data dictionary', (get) => {
  it('gives every table, view and column of cvdw, public, etl and bi a non-empty comment', async () => {
    const entries = await readDictionary(get().db);
    const schemas = new Set(entries.map((e) => e.schema));
    expect([...schemas].sort()).toEqual(['bi', 'cvdw', 'etl', 'public']);
    expect(entries.length).toBeGreaterThan(2000);
    const missing = entries.filter((e) => e.comment.trim() === '').map((e) => `${e.schema}.${e.table}.${e.column ?? ''}`);
    expect(missing).toEqual([]);
  });

  it('takes the mirror texts from the OpenAPI file and fixed texts for the bookkeeping columns', async () => {
    const entries = await readDictionary(get().db);
    const text = (table: string, column: string | null) =>
      entries.find((e) => e.schema === 'cvdw' && e.table === table && e.column === column)?.comment;
    expect(text('reservas', 'data_cad')).toBe('Data de cadastro da reserva.');
    expect(text('reservas', null)).toMatch(/^Espelho de \/api\/v1\/cvdw\/reservas do CV CRM/);
    expect(text('reservas', 'payload')).toMatch(/como recebido da API/);
    expect(text('unidades', 'idunidade')).toBe('Campo idunidade do CVDW (sem descrição na documentação da API).');
    const vendas = entries.find((e) => e.schema === 'public' && e.table === 'vw_vendas_ativas' && e.column === 'valor');
    expect(vendas).toMatchObject({ kind: 'visão', comment: 'Valor do contrato da venda, em reais.' });
  });

  it('renders exactly docs/dicionario.md (run `npm run dicionario` when this fails)', async () => {
    const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'dicionario.md'), 'utf8');
    expect(dictionaryMarkdown(await readDictionary(get().db))).toBe(doc);
  });
});
