// The state of the last sync per resource, and the list of projects to filter by.
import type { Hono } from 'hono';
import { projectFigures } from '../../figures/projects.ts';
import { syncFigures } from '../../figures/sync-state.ts';
import type { AppEnv, WebContext } from '../context.ts';
import { columnsOf, csvKeys } from '../csv.ts';
import { ACCOUNT_KEYS, readQuery } from '../params.ts';
import type { ProjectOption } from '../../figures/queries/projects.ts';
import { accountsOf, respond } from './respond.ts';

// Named so a database that never synced still answers a CSV with its header row.
type SyncStatusCsvRow = Omit<Awaited<ReturnType<typeof syncFigures>>['recursos'][number], 'ultima_execucao'> & { ultima_execucao_status: string | null };
const SYNC_STATUS_CSV = csvKeys<SyncStatusCsvRow>({ conta: true,
  recurso: true, ultimo_sucesso: true, ultima_carga_completa: true, em_execucao: true, falhas_consecutivas: true, tipo_falha: true, ultimo_erro: true, ultima_execucao_status: true,
});

export function registerSyncRoutes(app: Hono<AppEnv>, ctx: WebContext): void {
  app.get('/api/sync-status', async (c) => {
    const query = readQuery(c.req.url, ACCOUNT_KEYS);
    const body = await syncFigures(ctx.db, accountsOf(c, ctx, query));
    const flat = body.recursos.map(({ ultima_execucao, ...rest }) => ({ ...rest, ultima_execucao_status: ultima_execucao?.status ?? null }));
    return respond(c, query, body, { name: 'sincronizacao', rows: flat, columns: columnsOf(flat, SYNC_STATUS_CSV) });
  });

  app.get('/api/projects', async (c) => {
    const query = readQuery(c.req.url, ACCOUNT_KEYS);
    const body = await projectFigures(ctx.db, accountsOf(c, ctx, query));
    const rows = body.empreendimentos;
    return respond(c, query, body, { name: 'empreendimentos', rows, columns: columnsOf(rows, csvKeys<ProjectOption>({ conta: true, id: true, nome: true })) });
  });
}
