// GET /api/summary: the dashboard cards for a period and the previous period of equal length.
import type { Hono } from 'hono';
import { summaryCards, summaryFigures, type Card } from '../../figures/summary.ts';
import type { AppEnv, WebContext } from '../context.ts';
import type { CsvColumn } from '../csv.ts';
import { PROJECT_KEYS, readQuery, resolveFilters } from '../params.ts';
import { accountsOf, respond, today } from './respond.ts';

export function registerSummaryRoute(app: Hono<AppEnv>, ctx: WebContext): void {
  app.get('/api/summary', async (c) => {
    const query = readQuery(c.req.url, PROJECT_KEYS);
    const t = today(ctx);
    const body = await summaryFigures(ctx.db, resolveFilters(query, t, accountsOf(c, ctx, query)), t);
    const rows = summaryCards(body);
    const columns: CsvColumn<Card>[] = [
      { header: 'indicador', value: (r) => r.indicador },
      { header: 'valor', value: (r) => r.valor },
      { header: 'anterior', value: (r) => r.anterior },
      { header: 'variacao_pct', value: (r) => r.variacao_pct },
      { header: 'variacao_pp', value: (r) => r.variacao_pp },
    ];
    return respond(c, query, body, { name: 'resumo', rows, columns });
  });
}
