// Which business tables a page of each resource touches. Runs in the page's transaction, for the
// page's account only: the same ids can exist in another account and name other records there.
import type { ResourceSpec } from '../cvdw/catalog/index.ts';
import type { Queryable } from '../db/database.ts';
import {
  refreshDimCorretor, refreshFatoComissoes, refreshFatoLeads, refreshFatoReservas, refreshFatoVisitas,
  refreshLeadProjectNames, refreshPonteLeadReserva,
} from '../db/queries/refresh-bi.ts';
import {
  columnOfAccountRows, columnsOfAccountRows, refreshEmpreendimentos, refreshUnidades, refreshVendas,
} from '../db/queries/refresh-business.ts';

function numbers(rows: readonly Record<string, unknown>[], column: string): number[] {
  const set = new Set<number>();
  for (const row of rows) if (typeof row[column] === 'number') set.add(row[column] as number);
  return [...set];
}

function union(...lists: readonly number[][]): number[] {
  return [...new Set(lists.flat())];
}

/** The keys a page (or a deletion) touched, whichever way they were found. */
interface TouchedKeys {
  readonly referencias: readonly string[];
  readonly column: (name: string) => Promise<number[]>;
}

/**
 * What the mirror rows of a page held before the page overwrote them, for the keys a record can
 * move between (a reservation to another broker, a loss to another lead): the refresh must also
 * recompute what the record left, or that keeps a value the mirror no longer has.
 */
export type PageBefore = ReadonlyMap<string, readonly number[]>;

const MOVABLE_KEYS: Readonly<Record<string, readonly string[]>> = {
  reservas: ['idcorretor'],
  leads: ['idlead', 'idcorretor'],
  'leads/perdas': ['idlead'],
  'leads/ganhos': ['idlead'],
};

/** Reads, before the mirror upsert and in its transaction, the keys the page's rows may leave. */
export async function readPageBefore(
  tx: Queryable, conta: string, spec: ResourceSpec, rows: readonly Record<string, unknown>[],
): Promise<PageBefore> {
  const columns = MOVABLE_KEYS[spec.name] ?? [];
  if (columns.length === 0) return new Map();
  return columnsOfAccountRows(tx, conta, spec, columns, rows.map((r) => r.referencia as string));
}

/** A page's rows carry their new keys; the old ones were read before the upsert. */
function pageKeys(rows: readonly Record<string, unknown>[], before: PageBefore): TouchedKeys {
  return {
    referencias: rows.map((r) => r.referencia as string),
    column: (name) => Promise.resolve(union(numbers(rows, name), [...(before.get(name) ?? [])])),
  };
}

function deletedKeys(tx: Queryable, conta: string, spec: ResourceSpec, referencias: readonly string[]): TouchedKeys {
  return { referencias, column: (name) => columnOfAccountRows(tx, conta, spec, name, referencias) };
}

/** After a page was upserted into the mirror; `before` is readPageBefore's, taken before the upsert. */
export async function refreshAfterPage(
  tx: Queryable, conta: string, spec: ResourceSpec, rows: readonly Record<string, unknown>[], before: PageBefore,
): Promise<void> {
  switch (spec.name) {
    case 'unidades':
      await refreshProjects(tx, conta, await refreshUnidades(tx, conta, rows.map((r) => r.referencia as string)));
      break;
    case 'empreendimentos':
      await refreshProjects(tx, conta, numbers(rows, 'idempreendimento'));
      break;
    default:
      await refreshSalesAndFunnel(tx, conta, spec, pageKeys(rows, before));
  }
}

/** After reconciliation marked `referencias` deleted upstream. */
export async function refreshAfterDeletion(
  tx: Queryable, conta: string, spec: ResourceSpec, referencias: readonly string[],
): Promise<void> {
  if (referencias.length === 0) return;
  switch (spec.name) {
    case 'unidades':
      await refreshProjects(tx, conta, await refreshUnidades(tx, conta, referencias));
      break;
    case 'empreendimentos':
      await refreshProjects(tx, conta, await columnOfAccountRows(tx, conta, spec, 'idempreendimento', referencias));
      break;
    default:
      await refreshSalesAndFunnel(tx, conta, spec, deletedKeys(tx, conta, spec, referencias));
  }
}

async function refreshProjects(tx: Queryable, conta: string, idempreendimentos: number[]): Promise<void> {
  await refreshLeadProjectNames(tx, conta, await refreshEmpreendimentos(tx, conta, idempreendimentos));
}

/**
 * The sales (public.vendas) and the funnel (bi). Order matters within a page: the sales first
 * (fato_reservas reads vw_vendas_ativas), the reservations before their leads (a lead's row
 * reads its reservations' facts).
 */
async function refreshSalesAndFunnel(tx: Queryable, conta: string, spec: ResourceSpec, keys: TouchedKeys): Promise<void> {
  switch (spec.name) {
    case 'reservas': {
      const idreservas = await keys.column('idreserva');
      await refreshVendas(tx, conta, idreservas);
      const idleads = await refreshPonteLeadReserva(tx, conta, idreservas);
      await refreshFatoReservas(tx, conta, idreservas);
      await refreshFatoLeads(tx, conta, idleads);
      await refreshDimCorretor(tx, conta, await keys.column('idcorretor'));
      break;
    }
    case 'comissoes': {
      // A commission that moved changes the sale it left as well as the one it joined.
      const idreservas = union(await keys.column('idreserva'), await refreshFatoComissoes(tx, conta, keys.referencias));
      await refreshVendas(tx, conta, idreservas);
      await refreshFatoReservas(tx, conta, idreservas);
      break;
    }
    case 'leads':
      await refreshFatoLeads(tx, conta, await keys.column('idlead'));
      await refreshDimCorretor(tx, conta, await keys.column('idcorretor'));
      break;
    case 'leads/visitas':
      await refreshFatoLeads(tx, conta, await refreshFatoVisitas(tx, conta, await keys.column('idtarefa')));
      break;
    case 'leads/perdas':
    case 'leads/ganhos':
      await refreshFatoLeads(tx, conta, await keys.column('idlead'));
      break;
  }
}
