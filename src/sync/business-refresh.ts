// Which business tables a page of each resource touches. Runs in the page's transaction.
import type { ResourceSpec } from '../cvdw/catalog/index.ts';
import type { Queryable } from '../db/database.ts';
import { columnOfRows } from '../db/queries/mirror.ts';
import {
  brokersOfLeads, refreshDimCorretor, refreshFatoComissoes, refreshFatoLeads, refreshFatoReservas, refreshFatoVisitas,
  refreshLeadProjectNames, refreshPonteLeadReserva,
} from '../db/queries/refresh-bi.ts';
import { refreshEmpreendimentos, refreshUnidades, refreshVendas } from '../db/queries/refresh-business.ts';

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

/** A page's rows carry their keys; deleted rows are looked up in the mirror by referencia. */
function pageKeys(rows: readonly Record<string, unknown>[]): TouchedKeys {
  return { referencias: rows.map((r) => r.referencia as string), column: (name) => Promise.resolve(numbers(rows, name)) };
}

function deletedKeys(tx: Queryable, spec: ResourceSpec, referencias: readonly string[]): TouchedKeys {
  return { referencias, column: (name) => columnOfRows(tx, spec, name, referencias) };
}

export async function refreshAfterPage(tx: Queryable, spec: ResourceSpec, rows: readonly Record<string, unknown>[]): Promise<void> {
  switch (spec.name) {
    case 'unidades':
      await refreshProjects(tx, await refreshUnidades(tx, rows.map((r) => r.referencia as string)));
      break;
    case 'empreendimentos':
      await refreshProjects(tx, numbers(rows, 'idempreendimento'));
      break;
    default:
      await refreshSalesAndFunnel(tx, spec, pageKeys(rows));
  }
}

/** After reconciliation marked `referencias` deleted upstream. */
export async function refreshAfterDeletion(tx: Queryable, spec: ResourceSpec, referencias: readonly string[]): Promise<void> {
  if (referencias.length === 0) return;
  switch (spec.name) {
    case 'unidades':
      await refreshProjects(tx, await refreshUnidades(tx, referencias));
      break;
    case 'empreendimentos':
      await refreshProjects(tx, await columnOfRows(tx, spec, 'idempreendimento', referencias));
      break;
    default:
      await refreshSalesAndFunnel(tx, spec, deletedKeys(tx, spec, referencias));
  }
}

async function refreshProjects(tx: Queryable, idempreendimentos: number[]): Promise<void> {
  await refreshEmpreendimentos(tx, idempreendimentos);
  await refreshLeadProjectNames(tx, idempreendimentos);
}

/**
 * The sales (public.vendas) and the funnel (bi). Order matters within a page: the sales first
 * (fato_reservas reads vw_vendas_ativas), the reservations before their leads (a lead's row
 * reads its reservations' facts).
 */
async function refreshSalesAndFunnel(tx: Queryable, spec: ResourceSpec, keys: TouchedKeys): Promise<void> {
  switch (spec.name) {
    case 'reservas': {
      const idreservas = await keys.column('idreserva');
      await refreshVendas(tx, idreservas);
      const idleads = await refreshPonteLeadReserva(tx, idreservas);
      await refreshFatoReservas(tx, idreservas);
      await refreshFatoLeads(tx, idleads);
      await refreshDimCorretor(tx, await keys.column('idcorretor'));
      break;
    }
    case 'comissoes': {
      await refreshVendas(tx, await keys.column('idreserva'));
      await refreshFatoReservas(tx, union(await keys.column('idreserva'), await refreshFatoComissoes(tx, keys.referencias)));
      break;
    }
    case 'leads': {
      const idleads = await keys.column('idlead');
      const brokersBefore = await brokersOfLeads(tx, idleads);
      await refreshFatoLeads(tx, idleads);
      await refreshDimCorretor(tx, union(brokersBefore, await keys.column('idcorretor')));
      break;
    }
    case 'leads/visitas':
      await refreshFatoLeads(tx, await refreshFatoVisitas(tx, await keys.column('idtarefa')));
      break;
    case 'leads/perdas':
    case 'leads/ganhos':
      await refreshFatoLeads(tx, await keys.column('idlead'));
      break;
  }
}
