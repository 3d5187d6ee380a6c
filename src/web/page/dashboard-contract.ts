// The JSON the dashboard page reads from GET /api/dashboard, as types derived from the functions
// that build it. The browser scripts in ../static/ are plain JavaScript with `// @ts-check` and
// name these types in JSDoc, so `npm run typecheck` fails when the server renames or drops a
// field the page reads. Nothing here exists at run time.
import type { brokerFigures, byProjectFigures, leadSourceFigures, teamFigures } from '../routes/breakdown-routes.ts';
import type { inventoryFigures, vsoFigures } from '../routes/inventory-routes.ts';
import type { salesFigures } from '../routes/sales-routes.ts';
import type { distratosFigures, growthFigures, monthlyFigures, proSolutoFigures } from '../routes/series-routes.ts';
import type { summaryFigures } from '../routes/summary-route.ts';
import type { syncFigures } from '../routes/sync-routes.ts';

type Figures<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;

export type Summary = Figures<typeof summaryFigures>;
export type Monthly = Figures<typeof monthlyFigures>;
export type Growth = Figures<typeof growthFigures>;
export type ByProject = Figures<typeof byProjectFigures>;
export type Brokers = Figures<typeof brokerFigures>;
export type Teams = Figures<typeof teamFigures>;
export type LeadSources = Figures<typeof leadSourceFigures>;
export type Inventory = Figures<typeof inventoryFigures>;
export type Vso = Figures<typeof vsoFigures>;
export type ProSoluto = Figures<typeof proSolutoFigures>;
export type Distratos = Figures<typeof distratosFigures>;
export type RecentSales = Figures<typeof salesFigures>['body'];
export type SyncState = Figures<typeof syncFigures>;

/** The whole answer of GET /api/dashboard. */
export interface DashboardAnswer {
  readonly hoje: string;
  readonly agora: string;
  readonly resumo: Summary;
  readonly mensal: Monthly;
  readonly crescimento: Growth;
  readonly empreendimentos: ByProject;
  readonly corretores: Brokers;
  readonly times: Teams;
  readonly origens: LeadSources;
  readonly estoque: Inventory;
  readonly vso: Vso;
  readonly pro_soluto: ProSoluto;
  readonly distratos: Distratos;
  readonly vendas: RecentSales;
  readonly sincronizacao: SyncState;
}
