// Migration 0018 turns a database filled by the previous version (migrations up to 0017) into
// account principal in place: no row lost or changed, every key led by conta, the views answer.
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TYPE_PARSERS, type Database } from '../../src/db/database.ts';
import { migrate, readMigrations } from '../../src/db/migrate.ts';
import { wrapPglite } from '../../src/db/pglite-database.ts';
import { openPostgres } from '../../src/db/postgres-database.ts';
import { DATABASE_KINDS, type DatabaseKind } from '../helpers/databases.ts';
import { databaseUrlFor, runAsAdmin } from '../helpers/test-env.ts';

const BEFORE_ACCOUNTS = 17;

/** An empty database of `kind` (the shared template is already migrated to the latest version). */
async function emptyDatabase(kind: DatabaseKind): Promise<{ db: Database; dispose: () => Promise<void> }> {
  if (kind === 'postgres') {
    const name = `cvcrm_etl_t_${process.ppid}_${process.pid}_acc_${Date.now().toString(36)}`;
    await runAsAdmin(`create database ${name}`);
    const db = openPostgres({ url: databaseUrlFor(name), poolSize: 2 });
    return {
      db,
      async dispose() {
        await db.close().catch(() => undefined);
        await runAsAdmin(`drop database if exists ${name} with (force)`).catch(() => undefined);
      },
    };
  }
  const pglite = new PGlite({ parsers: TYPE_PARSERS });
  await pglite.waitReady;
  return { db: wrapPglite(pglite), dispose: () => pglite.close().catch(() => undefined) };
}

/** What the previous version wrote: mirror rows, business rows, bi rows, bookkeeping. */
const PREVIOUS_VERSION_ROWS = [
  `insert into cvdw.reservas (referencia, referencia_data, idreserva, idlead, idcorretor, situacao, ativo, data_cad, data_venda, valor_contrato, payload)
   values ('301', '2025-04-12 08:00', 301, '101', 7, 'Vendida', 'S', '2025-03-18 10:00', '2025-03-20 16:00', 300000, '{}'),
          ('302', '2025-04-12 08:00', 302, '102', 7, 'Em análise', 'S', '2025-03-19 10:00', null, 250000, '{}')`,
  `insert into cvdw.leads (referencia, referencia_data, idlead, ativo, origem, data_cad, idcorretor, payload)
   values ('101', '2025-03-01 08:00', 101, 'S', 'Facebook', '2025-03-03 10:00', 7, '{}'),
          ('102', '2025-03-01 08:00', 102, 'S', 'Site', '2025-03-05 09:00', 7, '{}')`,
  `insert into cvdw.unidades (referencia, referencia_data, idunidade, idempreendimento, situacao_mapa_disponibilidade, payload)
   values ('901', '2025-03-01 08:00', 901, 10, 3, '{}')`,
  `insert into public.vendas (cvcrm_id, reserva_id, empreendimento_id, valor, data_venda, ativo, situacao)
   values (301, 301, 10, 300000, '2025-03-20', 'S', 'Vendida')`,
  `insert into public.unidades (cvcrm_id, empreendimento_id, situacao_codigo) values (901, 10, 3)`,
  `insert into public.empreendimentos (cvcrm_id, nome, total_unidades) values (10, 'Residencial Aurora', 1)`,
  `insert into bi.fato_leads (idlead, origem, midia, data_lead) values (101, 'Facebook', 'Anúncio', '2025-03-03'), (102, 'Site', 'Não informado', '2025-03-05')`,
  `insert into bi.fato_reservas (idreserva, eh_venda, eh_distrato, midia, ativo) values (301, true, false, 'Facebook', 'S'), (302, false, false, 'Site', 'S')`,
  `insert into bi.ponte_lead_reserva (idlead, idreserva) values (101, 301), (102, 302)`,
  `insert into bi.fato_visitas (idtarefa, idlead, realizada) values (501, 101, true)`,
  `insert into bi.fato_comissoes (referencia, idreserva, valor_comissao) values ('601', 301, 9000)`,
  `insert into bi.dim_corretor (idcorretor, corretor) values (7, 'Ana Lima')`,
  `insert into bi.dim_origem (origem) values ('Facebook'), ('Site')`,
  `insert into etl.resource_state (resource) values ('reservas'), ('leads')`,
  `insert into etl.runs (resource, mode) values ('reservas', 'full')`,
  `insert into etl.field_problems (resource, referencia, field, reason) values ('reservas', '301', 'valor_contrato', 'inválido')`,
  `insert into etl.rejected_records (resource, reason, payload) values ('reservas', 'grande demais', '{"x": 1}')`,
  `insert into etl.unit_snapshots (snapshot_date, idunidade, idempreendimento, situacao) values ('2025-03-01', 901, 10, 3)`,
  `insert into etl.alert_incidents (resource, kind, detail) values ('reservas', 'stale', 'atrasado')`,
];

/** The tables 0018 gives an account (every table of cvdw, public and bi but the calendar; these etl ones). */
async function accountTables(db: Database): Promise<string[]> {
  const { rows } = await db.query<{ t: string }>(
    `select format('%I.%I', table_schema, table_name) as t from information_schema.tables
     where table_type = 'BASE TABLE'
       and (table_schema in ('cvdw', 'public', 'bi')
            or (table_schema = 'etl' and table_name in
                ('resource_state', 'runs', 'rejected_records', 'field_problems', 'unit_snapshots', 'alert_incidents')))
       and format('%I.%I', table_schema, table_name) <> 'bi.dim_calendario'
     order by 1`);
  return rows.map((r) => r.t);
}

async function counts(db: Database, tables: readonly string[]): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const t of tables) result[t] = (await db.query<{ n: number }>(`select count(*)::int as n from ${t}`)).rows[0]!.n;
  return result;
}

/** The primary key's columns of each table, in order. */
async function primaryKeys(db: Database): Promise<Map<string, string[]>> {
  const { rows } = await db.query<{ t: string; cols: string[] }>(
    `select format('%I.%I', n.nspname, c.relname) as t,
       array(select a.attname::text from unnest(k.conkey) with ordinality as u(attnum, i)
             join pg_attribute a on a.attrelid = c.oid and a.attnum = u.attnum order by u.i) as cols
     from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
     where k.contype = 'p' and n.nspname in ('cvdw', 'public', 'bi', 'etl')`);
  return new Map(rows.map((r) => [r.t, r.cols]));
}

for (const kind of DATABASE_KINDS) {
  describe(`migration 0018 on a database of the previous version [${kind}]`, () => {
    let target: Awaited<ReturnType<typeof emptyDatabase>>;
    let before: Record<string, number> = {};
    let tables: string[] = [];

    beforeAll(async () => {
      target = await emptyDatabase(kind);
      const { db } = target;
      await migrate(db, readMigrations().filter((m) => m.id <= BEFORE_ACCOUNTS));
      for (const sql of PREVIOUS_VERSION_ROWS) await db.query(sql);
      // Before 0018 no table has an account.
      const { rows } = await db.query<{ n: number }>(
        `select count(*)::int as n from information_schema.columns where column_name = 'conta' and table_schema in ('cvdw', 'public', 'bi', 'etl')`);
      expect(rows[0]!.n).toBe(0);
      tables = await accountTables(db);
      before = await counts(db, tables);
      const result = await migrate(db);
      expect(result.applied).toContain('0018_accounts');
    }, 120_000);

    afterAll(async () => {
      await target?.dispose();
    });

    it('keeps every row, and every row is account principal', async () => {
      const { db } = target;
      expect(await counts(db, tables)).toEqual(before);
      expect(Object.values(before).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(PREVIOUS_VERSION_ROWS.length);
      const others: string[] = [];
      for (const t of tables) {
        const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from ${t} where conta is distinct from 'principal'`);
        if (rows[0]!.n > 0) others.push(t);
      }
      expect(others).toEqual([]);
    });

    it('leads every key with conta', async () => {
      const keys = await primaryKeys(target.db);
      const mirror = tables.filter((t) => t.startsWith('cvdw.'));
      expect(mirror.length).toBeGreaterThan(40);
      for (const t of mirror) expect(keys.get(t), t).toEqual(['conta', 'referencia']);
      expect(Object.fromEntries(
        ['public.vendas', 'public.unidades', 'public.empreendimentos', 'bi.dim_corretor', 'bi.dim_origem', 'bi.ponte_lead_reserva',
          'bi.fato_leads', 'bi.fato_visitas', 'bi.fato_reservas', 'bi.fato_comissoes', 'etl.resource_state', 'etl.field_problems',
          'etl.unit_snapshots'].map((t) => [t, keys.get(t)]),
      )).toEqual({
        'public.vendas': ['conta', 'cvcrm_id'], 'public.unidades': ['conta', 'cvcrm_id'], 'public.empreendimentos': ['conta', 'cvcrm_id'],
        'bi.dim_corretor': ['conta', 'idcorretor'], 'bi.dim_origem': ['conta', 'origem'], 'bi.ponte_lead_reserva': ['conta', 'idlead', 'idreserva'],
        'bi.fato_leads': ['conta', 'idlead'], 'bi.fato_visitas': ['conta', 'idtarefa'], 'bi.fato_reservas': ['conta', 'idreserva'],
        'bi.fato_comissoes': ['conta', 'referencia'], 'etl.resource_state': ['conta', 'resource'],
        'etl.field_problems': ['conta', 'resource', 'referencia', 'field'], 'etl.unit_snapshots': ['conta', 'snapshot_date', 'idunidade'],
      });
      // The same id may now exist in a second account.
      await target.db.query(`insert into bi.fato_leads (conta, idlead, origem, midia) values ('outra', 101, 'Site', 'Site')`);
      await expect(target.db.query(`insert into bi.fato_leads (conta, idlead, origem, midia) values ('outra', 101, 'Site', 'Site')`)).rejects.toThrow();
      await target.db.query(`delete from bi.fato_leads where conta = 'outra'`);
    });

    it('leads the broker lookups of the refresh with the account', async () => {
      const { rows } = await target.db.query<{ name: string; def: string }>(
        `select c.relname as name, pg_get_indexdef(c.oid) as def from pg_index i join pg_class c on c.oid = i.indexrelid
         join pg_class t on t.oid = i.indrelid join pg_namespace n on n.oid = t.relnamespace
         where n.nspname = 'cvdw' and t.relname in ('leads', 'reservas') and pg_get_indexdef(c.oid) like '%idcorretor%'
         order by 1`);
      expect(rows.map((r) => [r.name, r.def.replace(/^.* USING btree /, '')])).toEqual([
        ['leads_conta_idcorretor_idx', '(conta, idcorretor, referencia_data DESC NULLS LAST)'],
        ['reservas_conta_idcorretor_idx', '(conta, idcorretor, referencia_data DESC NULLS LAST)'],
      ]);
    });

    it('keeps the views answering, with the account', async () => {
      const { db } = target;
      const { rows: views } = await db.query<{ v: string }>(
        `select format('%I.%I', schemaname, viewname) as v from pg_views where schemaname in ('public', 'bi') order by 1`);
      expect(views.length).toBeGreaterThanOrEqual(7);
      for (const { v } of views) await db.query(`select * from ${v} limit 1`);
      const { rows: ativas } = await db.query<{ cvcrm_id: number; conta: string }>(`select cvcrm_id, conta from public.vw_vendas_ativas`);
      expect(ativas).toEqual([{ cvcrm_id: 301, conta: 'principal' }]);
      expect((await db.query(`select idempreendimento, conta from bi.dim_empreendimento`)).rows).toEqual([{ idempreendimento: 10, conta: 'principal' }]);
      expect((await db.query(`select idunidade, conta from bi.dim_unidade`)).rows).toEqual([{ idunidade: 901, conta: 'principal' }]);
      expect((await db.query(`select idunidade, vendida, conta from bi.fato_estoque_diario`)).rows)
        .toEqual([{ idunidade: 901, vendida: expect.any(Number), conta: 'principal' }]);
      const { rows: kpis } = await db.query<{ total_vendas: number }>(`select total_vendas from public.vw_kpis_vendas`);
      expect(kpis[0]!.total_vendas).toBe(1);
    });
  });
}
