// Which business tables a page of each resource touches. Runs in the page's transaction.
import type { ResourceSpec } from '../cvdw/catalog/index.ts';
import type { Queryable } from '../db/database.ts';
import { columnOfRows } from '../db/queries/mirror.ts';
import { refreshEmpreendimentos, refreshUnidades, refreshVendas } from '../db/queries/refresh-business.ts';

function numbers(rows: readonly Record<string, unknown>[], column: string): number[] {
  const set = new Set<number>();
  for (const row of rows) if (typeof row[column] === 'number') set.add(row[column] as number);
  return [...set];
}

export async function refreshAfterPage(tx: Queryable, spec: ResourceSpec, rows: readonly Record<string, unknown>[]): Promise<void> {
  switch (spec.name) {
    case 'reservas':
    case 'comissoes':
      await refreshVendas(tx, numbers(rows, 'idreserva'));
      break;
    case 'unidades':
      await refreshEmpreendimentos(tx, await refreshUnidades(tx, rows.map((r) => r.referencia as string)));
      break;
    case 'empreendimentos':
      await refreshEmpreendimentos(tx, numbers(rows, 'idempreendimento'));
      break;
  }
}

/** After reconciliation marked `referencias` deleted upstream. */
export async function refreshAfterDeletion(tx: Queryable, spec: ResourceSpec, referencias: readonly string[]): Promise<void> {
  if (referencias.length === 0) return;
  switch (spec.name) {
    case 'reservas':
    case 'comissoes':
      await refreshVendas(tx, await columnOfRows(tx, spec, 'idreserva', referencias));
      break;
    case 'unidades':
      await refreshEmpreendimentos(tx, await refreshUnidades(tx, referencias));
      break;
    case 'empreendimentos':
      await refreshEmpreendimentos(tx, await columnOfRows(tx, spec, 'idempreendimento', referencias));
      break;
  }
}
