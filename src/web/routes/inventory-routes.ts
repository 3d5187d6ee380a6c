// Inventory (units by state, now) and VSO per project and month.
import type { Hono } from 'hono';
import { inventoryFigures } from '../../figures/inventory.ts';
import { vsoFigures, type VsoProjectRow } from '../../figures/vso.ts';
import type { AppEnv, WebContext } from '../context.ts';
import { columnsOf, csvKeys } from '../csv.ts';
import { ACCOUNT_KEYS, PROJECT_KEYS, readQuery, resolveFilters } from '../params.ts';
import type { InventoryRow } from '../../figures/queries/inventory.ts';
import { accountsOf, respond, today } from './respond.ts';

// The CSV columns, named even when there is no row (the header row stays).
const INVENTORY_CSV = csvKeys<InventoryRow>({ conta: true,
  empreendimento_id: true, empreendimento: true, disponivel: true, reservada: true, em_reserva: true, vendida: true,
  bloqueada: true, outros: true, total: true, vgv_disponivel: true, vgv_tabela: true,
});
const VSO_CSV = csvKeys<VsoProjectRow>({ conta: true,
  mes: true, empreendimento_id: true, empreendimento: true, vendas: true, distratos: true, vendas_liquidas: true,
  estoque_inicio: true, lancadas: true, oferta: true, vso_pct: true, fonte_estoque: true,
});

export function registerInventoryRoutes(app: Hono<AppEnv>, ctx: WebContext): void {
  app.get('/api/inventory', async (c) => {
    const query = readQuery(c.req.url, ['empreendimento', ...ACCOUNT_KEYS]);
    const body = await inventoryFigures(ctx.db, resolveFilters(query, today(ctx), accountsOf(c, ctx, query)));
    return respond(c, query, body, { name: 'estoque', rows: body.empreendimentos, columns: columnsOf(body.empreendimentos, INVENTORY_CSV) });
  });

  app.get('/api/vso', async (c) => {
    const query = readQuery(c.req.url, PROJECT_KEYS);
    const t = today(ctx);
    const body = await vsoFigures(ctx.db, resolveFilters(query, t, accountsOf(c, ctx, query)), t);
    return respond(c, query, body, { name: 'vso', rows: body.por_empreendimento, columns: columnsOf(body.por_empreendimento, VSO_CSV) });
  });
}
