// GET /health and GET /metrics: the routes only; what health means is decided in ops/health.ts.
// Anonymous callers learn only whether the service is healthy; authenticated ones (or anyone,
// when access is open) get the full report.
import type { Hono } from 'hono';
import type { AppEnv, WebContext } from './context.ts';
import { HttpError } from './errors.ts';
import { allowedAccounts } from './accounts.ts';
import { metricsForAccounts } from './metrics-filter.ts';
import { healthForAccounts, type HealthBody } from '../ops/health.ts';

export type HealthCheck = () => Promise<{ healthy: boolean; body: object }>;
export type MetricsSource = () => Promise<{ contentType: string; body: string }>;

function isHealthBody(body: object): body is HealthBody {
  return 'contas' in body && 'failing_accounts' in body && 'last_sync' in body;
}

export function registerHealthRoutes(app: Hono<AppEnv>, ctx: WebContext, health: HealthCheck, metrics: MetricsSource | undefined): void {
  app.get('/health', async (c) => {
    let report: { healthy: boolean; body: object };
    try {
      report = await health();
    } catch (error) {
      ctx.logger?.error({ err: { message: (error as Error).message }, req_id: c.get('requestId') }, 'health check failed');
      report = { healthy: false, body: { timestamp: ctx.now().toISOString() } };
    }
    // A reader limited to some accounts gets the verdict on those accounts only, and no other
    // account's name anywhere in it (details, failing list, per-resource keys).
    const principal = c.get('principal');
    if (principal?.contas != null && isHealthBody(report.body)) {
      report = healthForAccounts(report.body, allowedAccounts(ctx.config, principal));
    }
    const status = report.healthy ? 'healthy' : 'unhealthy';
    c.header('Cache-Control', 'no-store');
    const body = principal === undefined ? { status } : Object.assign({ status }, report.body, { status });
    return c.json(body, report.healthy ? 200 : 503);
  });

  app.get('/metrics', async (c) => {
    if (metrics === undefined) throw new HttpError(404, 'not_found', 'Métricas não disponíveis neste processo.');
    if (c.get('principal') === undefined) {
      throw new HttpError(401, 'unauthorized', 'Autenticação necessária.', { 'WWW-Authenticate': 'Bearer' });
    }
    const { contentType, body } = await metrics();
    c.header('Content-Type', contentType);
    c.header('Cache-Control', 'no-store');
    const principal = c.get('principal');
    return c.body(principal?.contas == null ? body : metricsForAccounts(body, allowedAccounts(ctx.config, principal)));
  });
}
