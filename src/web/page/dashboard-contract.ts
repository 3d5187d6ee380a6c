// The JSON the dashboard page reads from GET /api/dashboard, as types derived from the figure that
// builds it. The browser scripts in ../static/ are plain JavaScript with `// @ts-check` and name
// these types in JSDoc, so `npm run typecheck` fails when the server renames or drops a field the
// page reads. Nothing here exists at run time.
import type { dashboardFigures } from '../../figures/dashboard.ts';

/** The whole answer of GET /api/dashboard. */
export type DashboardAnswer = Awaited<ReturnType<typeof dashboardFigures>>;

export type Summary = DashboardAnswer['resumo'];
export type Monthly = DashboardAnswer['mensal'];
export type Growth = DashboardAnswer['crescimento'];
export type ByProject = DashboardAnswer['empreendimentos'];
export type Brokers = DashboardAnswer['corretores'];
export type Teams = DashboardAnswer['times'];
export type LeadSources = DashboardAnswer['origens'];
export type Inventory = DashboardAnswer['estoque'];
export type Vso = DashboardAnswer['vso'];
export type ProSoluto = DashboardAnswer['pro_soluto'];
export type Distratos = DashboardAnswer['distratos'];
export type RecentSales = DashboardAnswer['vendas'];
export type SyncState = DashboardAnswer['sincronizacao'];
export type Funnel = DashboardAnswer['funil'];
