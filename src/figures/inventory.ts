// Inventory: units per project and state as they are now, and the totals over the projects.
import type { Queryable } from '../db/database.ts';
import { selectInventory, type InventoryRow } from './queries/inventory.ts';
import type { ProjectScope } from './filter.ts';
import { accountInRows } from './accounts.ts';
import { round2, sumOf } from './numbers.ts';

const COUNTS = ['disponivel', 'reservada', 'em_reserva', 'vendida', 'bloqueada', 'outros', 'total'] as const;

export async function inventoryFigures(db: Queryable, scope: ProjectScope) {
  const rows: InventoryRow[] = await selectInventory(db, scope.project, scope.contas);
  const totais = Object.fromEntries(COUNTS.map((k) => [k, sumOf(rows, (r) => r[k])])) as Record<(typeof COUNTS)[number], number>;
  const vgvDisponivel = round2(sumOf(rows, (r) => r.vgv_disponivel));
  return { momento: 'atual', empreendimentos: accountInRows(rows, scope.accountInRows), totais: { ...totais, vgv_disponivel: vgvDisponivel } };
}

/** Units available now, over the projects of `scope`. */
export async function availableUnitsNow(db: Queryable, scope: ProjectScope): Promise<number> {
  return sumOf(await selectInventory(db, scope.project, scope.contas), (r) => r.disponivel);
}
