// Inventory (units by state, now) and VSO per project and month.
import type { Hono } from 'hono';
import type { AppEnv, WebContext } from '../context.ts';
import { columnsOf, csvKeys } from '../csv.ts';
import { addMonths, monthKey } from '../dates.ts';
import { PROJECT_KEYS, readQuery, resolveFilters, type Filters, type NameOrId } from '../params.ts';
import { selectInventory, type InventoryRow } from '../queries/inventory.ts';
import { selectVsoInputs } from '../queries/vso.ts';
import { percent, round2 } from '../queries/sales-filter.ts';
import { respond, seriesMonths, today } from './respond.ts';
import { byRange, vsoFigure } from './vso-figures.ts';

const COUNTS = ['disponivel', 'reservada', 'em_reserva', 'vendida', 'bloqueada', 'outros', 'total'] as const;

// The CSV columns, named even when there is no row (the header row stays).
const INVENTORY_CSV = csvKeys<InventoryRow>({
  empreendimento_id: true, empreendimento: true, disponivel: true, reservada: true, em_reserva: true, vendida: true,
  bloqueada: true, outros: true, total: true, vgv_disponivel: true, vgv_tabela: true,
});
type VsoProjectRow = Awaited<ReturnType<typeof vsoFigures>>['por_empreendimento'][number];
const VSO_CSV = csvKeys<VsoProjectRow>({
  mes: true, empreendimento_id: true, empreendimento: true, vendas: true, distratos: true, vendas_liquidas: true,
  estoque_inicio: true, lancadas: true, oferta: true, vso_pct: true, fonte_estoque: true,
});

export async function inventoryFigures(ctx: WebContext, project: NameOrId) {
  const rows = await selectInventory(ctx.db, project);
  const totais = Object.fromEntries(COUNTS.map((k) => [k, rows.reduce((a, r) => a + r[k], 0)])) as Record<(typeof COUNTS)[number], number>;
  const vgvDisponivel = round2(rows.reduce((a, r) => a + r.vgv_disponivel, 0));
  return { momento: 'atual', empreendimentos: rows, totais: { ...totais, vgv_disponivel: vgvDisponivel } };
}

export async function vsoFigures(ctx: WebContext, filters: Filters, t: string) {
  const months = seriesMonths(filters, t);
  const ranges = months.map((m) => ({ inicio: m, fim: addMonths(m, 1) }));
  const inputs = await selectVsoInputs(ctx.db, filters.project, ranges);
  const groups = byRange(inputs, ranges.length);
  const meses = months.map((m, i) => ({ mes: monthKey(m), ...vsoFigure(groups[i]!) }));
  const porEmpreendimento = inputs.map((r) => ({
    mes: monthKey(r.inicio),
    empreendimento_id: r.empreendimento_id,
    empreendimento: r.empreendimento,
    vendas: r.vendas,
    distratos: r.distratos,
    vendas_liquidas: r.vendas - r.distratos,
    estoque_inicio: r.estoque_inicio,
    lancadas: r.lancadas,
    oferta: r.estoque_inicio + r.lancadas,
    vso_pct: percent(r.vendas - r.distratos, r.estoque_inicio + r.lancadas),
    fonte_estoque: r.fonte_estoque,
  }));
  return { periodo: filters.label, meses, por_empreendimento: porEmpreendimento };
}

export function registerInventoryRoutes(app: Hono<AppEnv>, ctx: WebContext): void {
  app.get('/api/inventory', async (c) => {
    const query = readQuery(c.req.url, ['empreendimento', 'format']);
    const body = await inventoryFigures(ctx, resolveFilters(query, today(ctx)).project);
    return respond(c, query, body, { name: 'estoque', rows: body.empreendimentos, columns: columnsOf(body.empreendimentos, INVENTORY_CSV) });
  });

  app.get('/api/vso', async (c) => {
    const query = readQuery(c.req.url, PROJECT_KEYS);
    const t = today(ctx);
    const body = await vsoFigures(ctx, resolveFilters(query, t), t);
    return respond(c, query, body, { name: 'vso', rows: body.por_empreendimento, columns: columnsOf(body.por_empreendimento, VSO_CSV) });
  });
}
