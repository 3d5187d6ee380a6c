// Two accounts in one warehouse: the web and funnel fixtures written for account A, then copied
// into account B with the same ids, every name prefixed with a marker only B has and every amount
// tripled, so an answer that leaks B (a row, a figure, a name) can be found by searching for it.
import type { Queryable } from '../../src/db/database.ts';
import { seedFunnel } from '../figures/funnel-fixtures.ts';
import { seedFixtures } from './fixtures.ts';

export const ACCOUNT_A = 'principal';
export const ACCOUNT_B = 'conta_b';
/** Found in every name of account B, and nowhere in A's. */
export const B_MARKER = 'Zeta';
export const AMOUNT_FACTOR_B = 3;

/** Configuration of a two-account installation, and the tokens: one for A only, one for all. */
export const LIMITED_TOKEN = 'token-limitado-conta-a-0123456789';
export const ALL_TOKEN = 'token-todas-as-contas-0123456789';
export const TWO_ACCOUNTS_ENV: Record<string, string> = {
  CVCRM_ACCOUNTS: `${ACCOUNT_A},${ACCOUNT_B}`,
  CVCRM_PRINCIPAL_API_EMAIL: 'a@example.com',
  CVCRM_PRINCIPAL_API_TOKEN: 'token-da-conta-a',
  CVCRM_PRINCIPAL_SUBDOMAIN: 'contaa',
  CVCRM_CONTA_B_API_EMAIL: 'b@example.com',
  CVCRM_CONTA_B_API_TOKEN: 'token-da-conta-b',
  CVCRM_CONTA_B_SUBDOMAIN: 'contab',
  API_TOKENS: `${LIMITED_TOKEN}:conta=${ACCOUNT_A},${ALL_TOKEN}`,
};

const TABLES = [
  'public.empreendimentos', 'public.unidades', 'public.vendas',
  'cvdw.unidades', 'cvdw.reservas', 'cvdw.comissoes', 'cvdw.distratos',
  'etl.unit_snapshots', 'etl.runs', 'etl.resource_state',
  'bi.fato_leads', 'bi.fato_visitas', 'bi.fato_reservas',
];

/** Text columns that name something a user reads: prefixed with B's marker in B. */
const NAMES = new Set([
  'nome', 'empreendimento', 'nome_empreendimento', 'corretor', 'cliente', 'time_corretor', 'origem_lead', 'origem', 'midia',
  'imobiliaria', 'responsavel', 'motivo_perda', 'unidade', 'last_error', 'error',
]);
/** Amounts: tripled in B, so B's figures differ from A's. */
const AMOUNTS = new Set(['valor', 'valor_comissao', 'comissao_valor', 'pro_soluto', 'valor_contrato', 'valor_vendas']);

interface ColumnInfo {
  column_name: string;
  data_type: string;
  is_generated: string;
  is_identity: string;
  column_default: string | null;
}

export async function seedTwoAccounts(db: Queryable): Promise<void> {
  await seedFixtures(db);
  await seedFunnel(db);
  for (const table of TABLES) {
    const [schema, name] = table.split('.') as [string, string];
    const { rows } = await db.query<ColumnInfo>(
      `select column_name, data_type, is_generated, is_identity, column_default
       from information_schema.columns where table_schema = $1 and table_name = $2 order by ordinal_position`,
      [schema, name],
    );
    const copied = rows.filter((c) => c.is_generated !== 'ALWAYS' && c.is_identity !== 'YES' && !(c.column_default ?? '').startsWith('nextval('));
    const value = (c: ColumnInfo): string => {
      const col = `"${c.column_name}"`;
      if (c.column_name === 'conta') return '$1::text';
      if (NAMES.has(c.column_name) && (c.data_type === 'text' || c.data_type === 'character varying')) return `case when ${col} is null then null else '${B_MARKER} ' || ${col} end`;
      if (AMOUNTS.has(c.column_name)) return `${col} * ${AMOUNT_FACTOR_B}`;
      return col;
    };
    await db.query(
      `insert into ${table} (${copied.map((c) => `"${c.column_name}"`).join(', ')})
       select ${copied.map(value).join(', ')} from ${table} where conta = $2::text`,
      [ACCOUNT_B, ACCOUNT_A],
    );
  }
}
