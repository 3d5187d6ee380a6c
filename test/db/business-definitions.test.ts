// The business definitions of migration 0015: what each one answers, that the words the reader
// sees (help texts, API description) are the words the SQL object carries, and that the partial
// index of counted sales keeps the predicate of the view.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';
import { seedFixtures } from '../web/fixtures.ts';
import { CARD_HELP, CHART_HELP, DEFINITIONS } from '../../src/web/page/help-text.ts';
import { openApiDocument } from '../../src/web/openapi.ts';

/**
 * `view public.x` → the comment of the view; `function public.f(args)` → the comment of the
 * function; `column s.t.c` → the comment of the column.
 */
function commentQuery(sqlObject: string): string {
  const [kind, name] = sqlObject.split(' ', 2) as [string, string];
  if (kind === 'column') {
    const table = name.slice(0, name.lastIndexOf('.'));
    const column = name.slice(name.lastIndexOf('.') + 1);
    return `select col_description('${table}'::regclass, a.attnum) as text
      from pg_attribute a where a.attrelid = '${table}'::regclass and a.attname = '${column}'`;
  }
  return kind === 'view'
    ? `select obj_description('${name}'::regclass, 'pg_class') as text`
    : `select obj_description('${sqlObject.slice('function '.length)}'::regprocedure, 'pg_proc') as text`;
}

describeEachDatabase('business definitions', (get) => {
  beforeAll(async () => {
    await seedFixtures(get().db);
  });

  it('each definition shown to readers is the comment of its SQL object, word for word', async () => {
    for (const [key, definition] of Object.entries(DEFINITIONS)) {
      const { rows } = await get().db.query<{ text: string | null }>(commentQuery(definition.sqlObject));
      expect(rows[0]?.text, key).toBe(definition.text);
    }
  });

  it('the help texts and the API description carry the definitions they rest on', () => {
    expect(CARD_HELP.vendas).toContain(DEFINITIONS.venda_contada.text);
    expect(CARD_HELP.ticket_medio).toContain(DEFINITIONS.ticket_medio.text);
    expect(CARD_HELP.vso).toContain(DEFINITIONS.venda_assinada.text);
    expect(CARD_HELP.pro_soluto).toContain(DEFINITIONS.pro_soluto.text);
    expect(CARD_HELP.estoque_disponivel).toContain(DEFINITIONS.situacao_unidade.text);
    expect(CHART_HELP.estoque).toContain(DEFINITIONS.situacao_unidade.text);
    expect(CHART_HELP.pro_soluto).toContain(DEFINITIONS.pro_soluto.text);
    const doc = openApiDocument() as { info: { description: string }; paths: Record<string, { get: { description: string } }> };
    expect(doc.info.description).toContain(DEFINITIONS.venda_contada.text);
    expect(doc.info.description).toContain(DEFINITIONS.venda_assinada.text);
    expect(doc.paths['/api/kpis']?.get.description).toContain(DEFINITIONS.ticket_medio.text);
    expect(doc.paths['/api/sales/by-project']?.get.description).toContain(DEFINITIONS.ticket_medio.text);
    expect(doc.paths['/api/inventory']?.get.description).toContain(DEFINITIONS.situacao_unidade.text);
    expect(doc.paths['/api/pro-soluto']?.get.description).toContain(DEFINITIONS.pro_soluto.text);
  });

  it('counted sales are the signed sales not undone by a distrato', async () => {
    const ids = async (sql: string) => (await get().db.query<{ id: number }>(sql)).rows.map((r) => r.id);
    const assinadas = await ids('select cvcrm_id as id from public.vw_vendas_assinadas order by 1');
    const ativas = await ids('select cvcrm_id as id from public.vw_vendas_ativas order by 1');
    // Fixtures: 105 and 111 were signed and undone, 106 is inactive, 107 has no value.
    expect(assinadas).toEqual([101, 102, 103, 104, 105, 108, 109, 110, 111]);
    expect(ativas).toEqual([101, 102, 103, 104, 108, 109, 110]);
  });

  it('the partial index of counted sales selects exactly the rows of vw_vendas_ativas', async () => {
    const { rows: [index] } = await get().db.query<{ predicate: string }>(
      `select pg_get_expr(i.indpred, i.indrelid) as predicate
       from pg_index i join pg_class c on c.oid = i.indexrelid
       where c.relname = 'vendas_contadas_idx'`,
    );
    expect(index?.predicate).toBeTruthy();
    const { rows } = await get().db.query<{ id: number }>(
      `select cvcrm_id as id from public.vendas where data_venda is not null and ${index!.predicate}
       except select cvcrm_id from public.vw_vendas_ativas`,
    );
    const { rows: missing } = await get().db.query<{ id: number }>(
      `select cvcrm_id as id from public.vw_vendas_ativas
       except select cvcrm_id from public.vendas where data_venda is not null and ${index!.predicate}`,
    );
    expect([...rows, ...missing]).toEqual([]);
  });

  it('a period query through vw_vendas_ativas can use the partial index', async () => {
    const plan = await get().db.transaction(async (tx) => {
      await tx.query('set local enable_seqscan = off');
      const { rows } = await tx.query<Record<string, string>>(
        `explain select count(*), sum(valor) from public.vw_vendas_ativas where data_venda >= '2025-02-01' and data_venda <= '2025-02-28'`,
      );
      return rows.map((r) => Object.values(r).join(' ')).join('\n');
    });
    expect(plan).toContain('vendas_contadas_idx');
  });

  it('unit states: the codes 1 to 5 by name; "reservadas" covers reserved and in process of reservation', async () => {
    const { rows } = await get().db.query<{ codigo: number | null; status: string | null; reservada: boolean }>(
      `select c as codigo, public.unidade_status(c) as status, public.unidade_reservada(c) as reservada
       from unnest(array[1, 2, 3, 4, 5, 9, null]::bigint[]) with ordinality as t(c, n) order by n`,
    );
    expect(rows.map((r) => [r.status, r.reservada])).toEqual([
      ['disponivel', false], ['reservada', true], ['vendida', false], ['bloqueada', false], ['em_reserva', true],
      [null, false], [null, false],
    ]);
  });

  it('pró-soluto counts a missing part as zero; ticket médio rounds to the cent and has none without sales', async () => {
    const { rows: [r] } = await get().db.query<{ ps: number; ps_nulls: number; ticket: number; none: number | null }>(
      `select public.pro_soluto(500000, 350000, 20000, null)::float8 as ps,
         public.pro_soluto(null, null, null, null)::float8 as ps_nulls,
         public.ticket_medio(1000, 3)::float8 as ticket,
         public.ticket_medio(0, 0)::float8 as none`,
    );
    expect(r).toEqual({ ps: 130000, ps_nulls: 0, ticket: 333.33, none: null });
  });
});
