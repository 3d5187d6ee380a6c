// GET /api/kpis and GET /api/sales: the contract's two original routes.
import type { Hono } from 'hono';
import { kpisFigures, salesFigures } from '../../figures/sales.ts';
import type { AppEnv, WebContext } from '../context.ts';
import { columnsOf, type CsvColumn } from '../csv.ts';
import { PAGING_KEYS, SALES_KEYS, readQuery, resolveFilters, resolvePaging } from '../params.ts';
import type { SaleRow } from '../../figures/queries/sales-list.ts';
import { accountsOf, respond, today } from './respond.ts';

const SALE_COLUMNS: CsvColumn<SaleRow>[] = [
  { header: 'cvcrm_id', value: (r) => r.cvcrm_id },
  { header: 'data_venda', value: (r) => r.data_venda },
  { header: 'cliente', value: (r) => r.cliente },
  { header: 'cliente_email', value: (r) => r.cliente_email },
  { header: 'cliente_documento', value: (r) => r.cliente_documento },
  { header: 'corretor', value: (r) => r.corretor },
  { header: 'time_corretor', value: (r) => r.time_corretor },
  { header: 'empreendimento', value: (r) => r.empreendimento },
  { header: 'unidade', value: (r) => r.unidade },
  { header: 'valor', value: (r) => r.valor },
  { header: 'comissao_valor', value: (r) => r.comissao_valor },
  { header: 'pro_soluto', value: (r) => r.pro_soluto },
  { header: 'origem_lead', value: (r) => r.origem_lead },
];
/** With several accounts configured, each sale names its account first (ids repeat across accounts). */
const saleCsv = (accountInRows: boolean): CsvColumn<SaleRow>[] =>
  accountInRows ? [{ header: 'conta', value: (r) => r.conta }, ...SALE_COLUMNS] : SALE_COLUMNS;

export function registerSalesRoutes(app: Hono<AppEnv>, ctx: WebContext): void {
  app.get('/api/kpis', async (c) => {
    const query = readQuery(c.req.url, SALES_KEYS);
    const kpis = await kpisFigures(ctx.db, resolveFilters(query, today(ctx), accountsOf(c, ctx, query)));
    return respond(c, query, kpis, { name: 'kpis', rows: [kpis], columns: columnsOf([kpis]) });
  });

  app.get('/api/sales', async (c) => {
    const query = readQuery(c.req.url, [...SALES_KEYS, ...PAGING_KEYS]);
    const filters = resolveFilters(query, today(ctx), accountsOf(c, ctx, query));
    const { body, rows } = await salesFigures(ctx.db, filters, resolvePaging(query), c.get('principal')?.pii === true);
    return respond(c, query, body, { name: 'vendas', rows, columns: saleCsv(filters.accountInRows) });
  });
}
