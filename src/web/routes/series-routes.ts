// Monthly series (sales and VGV against a year before, growth, pró-soluto, distratos): JSON or CSV.
import type { Hono } from 'hono';
import type { Queryable } from '../../db/database.ts';
import type { FigureFilter } from '../../figures/filter.ts';
import { distratosFigures, growthFigures, monthlyFigures, proSolutoFigures } from '../../figures/series.ts';
import type { AppEnv, WebContext } from '../context.ts';
import { columnsOf } from '../csv.ts';
import { SALES_KEYS, readQuery, resolveFilters } from '../params.ts';
import { accountsOf, respond, today } from './respond.ts';

export function registerSeriesRoutes(app: Hono<AppEnv>, ctx: WebContext): void {
  const series = (path: string, name: string, build: (db: Queryable, f: FigureFilter, t: string) => Promise<{ meses: object[] }>) => {
    app.get(path, async (c) => {
      const query = readQuery(c.req.url, SALES_KEYS);
      const t = today(ctx);
      const body = await build(ctx.db, resolveFilters(query, t, accountsOf(c, ctx, query)), t);
      return respond(c, query, body, { name, rows: body.meses, columns: columnsOf(body.meses) });
    });
  };
  series('/api/sales/monthly', 'vendas-mensais', monthlyFigures);
  series('/api/pro-soluto', 'pro-soluto', proSolutoFigures);
  series('/api/distratos', 'distratos', distratosFigures);

  app.get('/api/sales/growth', async (c) => {
    const query = readQuery(c.req.url, SALES_KEYS);
    const t = today(ctx);
    const body = await growthFigures(ctx.db, resolveFilters(query, t, accountsOf(c, ctx, query)), t);
    const rows = [
      { comparacao: 'atual', ...body.atual },
      { comparacao: 'mes_anterior', ...body.mes_anterior },
      { comparacao: 'ano_anterior', ...body.ano_anterior },
    ];
    return respond(c, query, body, { name: 'crescimento', rows, columns: columnsOf(rows) });
  });
}
