// Inventory: units per project and state as they are now, and the totals over the projects.
import type { Queryable } from '../db/database.ts';
import { selectInventory, type InventoryRow } from './queries/inventory.ts';
import type { NameOrId } from './filter.ts';
import { round2, sumOf } from './numbers.ts';

const COUNTS = ['disponivel', 'reservada', 'em_reserva', 'vendida', 'bloqueada', 'outros', 'total'] as const;

export async function inventoryFigures(db: Queryable, project: NameOrId) {
  const rows: InventoryRow[] = await selectInventory(db, project);
  const totais = Object.fromEntries(COUNTS.map((k) => [k, sumOf(rows, (r) => r[k])])) as Record<(typeof COUNTS)[number], number>;
  const vgvDisponivel = round2(sumOf(rows, (r) => r.vgv_disponivel));
  return { momento: 'atual', empreendimentos: rows, totais: { ...totais, vgv_disponivel: vgvDisponivel } };
}

/** Units available now, over the projects of `project`. */
export async function availableUnitsNow(db: Queryable, project: NameOrId): Promise<number> {
  return sumOf(await selectInventory(db, project), (r) => r.disponivel);
}
