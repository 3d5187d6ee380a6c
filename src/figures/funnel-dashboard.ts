// The funnel's part of the dashboard answer, built by the functions of the API routes.
import type { Queryable } from '../db/database.ts';
import type { FigureFilter } from './filter.ts';
import { funnelFigures } from './funnel.ts';
import { funnelByBrokerFigures, funnelByOriginFigures } from './funnel-breakdowns.ts';
import { lostReasonsFigures } from './funnel-lost-reasons.ts';

/** As many brokers as GET /api/funnel/by-broker lists by default. */
export const DASHBOARD_FUNNEL_BROKERS = 50;

export async function funnelDashboardFigures(db: Queryable, filters: FigureFilter, today: string) {
  const [resumo, origens, corretores, motivos] = await Promise.all([
    funnelFigures(db, filters, today),
    funnelByOriginFigures(db, filters),
    funnelByBrokerFigures(db, filters, { limit: DASHBOARD_FUNNEL_BROKERS, offset: 0 }),
    lostReasonsFigures(db, filters),
  ]);
  return { resumo, origens, corretores, motivos };
}
