// The web application: dashboard, JSON/CSV APIs, login, health and metrics. createApp builds it
// without listening (tests call app.request()); server.ts binds it to a port.
import { Hono, type MiddlewareHandler } from 'hono';
import { requestId } from 'hono/request-id';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { createHealthCheck } from '../ops/health.ts';
import type { Logger } from '../ops/logger.ts';
import { readCredentials } from './auth/credentials.ts';
import { registerLoginRoutes } from './auth/login-routes.ts';
import { identify, requireApiAuth, requirePageAuth } from './auth/middleware.ts';
import { SessionRevocations } from './auth/session-revocations.ts';
import { SessionSigner } from './auth/session.ts';
import { DEFAULT_LIMITS, type AppEnv, type WebContext, type WebLimits } from './context.ts';
import { createDataCache } from './data-cache.ts';
import { dataVersionReader } from './data-version.ts';
import { todayInSaoPaulo } from '../figures/dates.ts';
import { handleError, notFound } from './errors.ts';
import { registerHealthRoutes, type HealthCheck } from './health.ts';
import { accessLog, type RequestTimer } from './middleware/access-log.ts';
import { apiRateLimit } from './middleware/api-rate-limit.ts';
import { allowedMethodsFor, notFoundOrNotAllowed } from './middleware/method-not-allowed.ts';
import { RateLimiter } from './middleware/rate-limit.ts';
import { responseCache } from './middleware/response-cache.ts';
import { apiCors, requestSizeLimits, securityHeaders } from './middleware/security.ts';
import { openApiDocument } from './openapi.ts';
import { dashboardPage } from './page/dashboard-page.ts';
import { selectProjects } from '../figures/queries/projects.ts';
import { allowedAccounts, resolveAccounts } from './accounts.ts';
import { registerBreakdownRoutes } from './routes/breakdown-routes.ts';
import { registerDashboardRoute } from './routes/dashboard-route.ts';
import { registerFunnelRoutes } from './routes/funnel-routes.ts';
import { registerInventoryRoutes } from './routes/inventory-routes.ts';
import { registerSalesRoutes } from './routes/sales-routes.ts';
import { registerSeriesRoutes } from './routes/series-routes.ts';
import { registerSummaryRoute } from './routes/summary-route.ts';
import { registerSyncRoutes } from './routes/sync-routes.ts';
import { registerStaticRoutes } from './static-routes.ts';

export interface AppDeps {
  db: Database;
  config: Config;
  logger?: Logger;
  /** The health report; by default one that never asks CVDW itself (recorded exchanges only). */
  health?: HealthCheck;
  /** Prometheus text; /metrics answers 404 without it. */
  metrics?: () => Promise<{ contentType: string; body: string }>;
  onRequestTimed?: RequestTimer;
  /** Shows the DEMO badge; defaults to config.demo. */
  demo?: boolean;
  /** The clock ("today" is its date in Brazil); for tests. */
  now?: () => Date;
  /** Rate and size limits; defaults in DEFAULT_LIMITS. */
  limits?: Partial<WebLimits>;
  /**
   * Keep read-API answers (and the page's project list) until a sync run ends, at most a minute:
   * on for the served product, off by default so tests see every row they insert at once.
   */
  cacheResponses?: boolean;
}

/**
 * Builds the application. Throws when production mode has no authentication configured
 * (DASHBOARD_USER/DASHBOARD_PASSWORD or API_TOKENS).
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const { config } = deps;
  const credentials = readCredentials(config);
  const limits: WebLimits = { ...DEFAULT_LIMITS, ...deps.limits };
  const ctx: WebContext = {
    db: deps.db,
    config,
    logger: deps.logger,
    credentials,
    now: deps.now ?? (() => new Date()),
    demo: deps.demo ?? config.demo,
  };
  const signer = new SessionSigner(config.web.sessionSecret, credentials.user?.fingerprint ?? 'no-user');
  const revocations = new SessionRevocations(deps.db);
  const apiLimiter = new RateLimiter(limits.apiPerMinute, 60_000);
  const loginLimiter = new RateLimiter(limits.loginPer15Minutes, 15 * 60_000);

  const cache = deps.cacheResponses ? createDataCache({ version: dataVersionReader(deps.db) }) : undefined;
  // Only the projects of the accounts the visitor may see: the cache key names them.
  const projectList = async (contas: readonly string[] | null) =>
    cache
      ? (await cache.remember(`page projects ${contas === null ? '*' : contas.join(',')}`, () => selectProjects(ctx.db, contas))).value
      : selectProjects(ctx.db, contas);

  const app = new Hono<AppEnv>();
  app.onError(handleError(deps.logger));
  app.notFound(notFoundOrNotAllowed(allowedMethodsFor(() => app.routes), notFound));

  app.use('*', requestId({ limitLength: 128 }) as MiddlewareHandler<AppEnv>);
  app.use('*', accessLog(deps.logger, deps.onRequestTimed));
  app.use('*', securityHeaders(config.production));
  app.use('*', requestSizeLimits(limits.bodyBytes));
  const cors = apiCors(config.web.corsOrigins);
  if (cors) app.use('/api/*', cors);
  app.use('*', identify({ credentials, signer, revocations, production: config.production, now: ctx.now, logger: deps.logger }));

  registerStaticRoutes(app);
  registerLoginRoutes(app, ctx, { signer, revocations, loginLimiter });
  registerHealthRoutes(app, ctx, deps.health ?? createHealthCheck({ db: deps.db, config, now: ctx.now }), deps.metrics);

  app.use('/api/*', apiRateLimit(apiLimiter, config.web.trustProxy));
  app.use('/api/*', requireApiAuth);
  if (cache) app.use('/api/*', responseCache(cache, { exclude: ['/api/sync-status', '/api/openapi.json'] }));

  app.get('/api/openapi.json', (c) => c.json(openApiDocument()));
  registerSalesRoutes(app, ctx);
  registerSummaryRoute(app, ctx);
  registerSeriesRoutes(app, ctx);
  registerBreakdownRoutes(app, ctx);
  registerInventoryRoutes(app, ctx);
  registerSyncRoutes(app, ctx);
  registerFunnelRoutes(app, ctx);
  registerDashboardRoute(app, ctx);

  app.get('/', requirePageAuth, async (c) => {
    const principal = c.get('principal');
    const accounts = resolveAccounts(config, principal, undefined);
    const projects = await projectList(accounts.contas);
    c.header('Cache-Control', 'no-store');
    return c.html(dashboardPage({
      demo: ctx.demo,
      today: todayInSaoPaulo(ctx.now()),
      user: principal?.user,
      canLogout: principal?.kind === 'session',
      projects,
      accounts: allowedAccounts(config, principal),
    }));
  });

  return app;
}
