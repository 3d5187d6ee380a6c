import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig, type Config } from '../../src/config.ts';
import { CORE_RESOURCES, DEFAULT_RESOURCES } from '../../src/cvdw/catalog/index.ts';

/** Distinct, recognisable secrets: no error message may ever contain one of them. */
const SECRETS = {
  CVCRM_API_TOKEN: 'tok0123456789abcdef0123456789abcdef01234',
  DASHBOARD_PASSWORD: 'dash-pass-Zq81kLm',
  API_TOKENS: 'api-token-aaaaaaaaaaaaaaaa,api-token-bbbbbbbbbbbbbbbb',
  PII_HMAC_SECRET: 'hmac-secret-0123456789',
  SESSION_SECRET: 'session-secret-9876543210',
  ALERT_EMAIL_PASSWORD: 'smtp-pass-Yy7xX',
  DB_PASSWORD: 'db-pass-Pp0oO9',
} as const;

/** A complete, valid production-like environment carrying every secret. */
const FULL_ENV: Readonly<Record<string, string>> = {
  CVCRM_SUBDOMAIN: 'acme',
  CVCRM_API_EMAIL: 'etl@acme.com.br',
  CVCRM_API_TOKEN: SECRETS.CVCRM_API_TOKEN,
  DATABASE_URL: `postgres://etl:${SECRETS.DB_PASSWORD}@db.acme.com.br:5432/cvcrm?sslmode=require`,
  DASHBOARD_USER: 'diretoria',
  DASHBOARD_PASSWORD: SECRETS.DASHBOARD_PASSWORD,
  API_TOKENS: SECRETS.API_TOKENS,
  PII_STORAGE: 'hashed',
  PII_HMAC_SECRET: SECRETS.PII_HMAC_SECRET,
  SESSION_SECRET: SECRETS.SESSION_SECRET,
  ALERT_EMAIL_USER: 'alertas@acme.com.br',
  ALERT_EMAIL_PASSWORD: SECRETS.ALERT_EMAIL_PASSWORD,
  ALERT_EMAIL_TO: 'ti@acme.com.br',
  ALERT_SMTP_HOST: 'smtp.acme.com.br',
};

function secretValues(): string[] {
  return [
    ...Object.values(SECRETS).flatMap((s) => s.split(',')),
    // The whole database URL would carry its password too.
    FULL_ENV.DATABASE_URL!,
  ];
}

function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(Object.keys(env))}`);
}

describe('loadConfig defaults', () => {
  const config = loadConfig({});

  it('uses the documented defaults for every contract variable', () => {
    expect(config.cvcrm.requestsPerMinute).toBe(18);
    expect(config.cvcrm.pageSize).toBe(500);
    expect(config.cvcrm.timeoutMs).toBe(30_000);
    expect(config.cvcrm.maxRetries).toBe(5);
    expect(config.cvcrm.resources).toEqual([
      'reservas', 'reservas/condicoes', 'comissoes', 'unidades', 'vendas', 'distratos', 'empreendimentos',
      'leads', 'leads/visitas', 'leads/historico/situacoes', 'leads/perdas', 'leads/ganhos', 'precadastros',
    ]);
    expect(config.cvcrm.resources).toEqual([...DEFAULT_RESOURCES]);
    expect(config.cvcrm.resources.slice(0, CORE_RESOURCES.length)).toEqual([...CORE_RESOURCES]);
    expect(config.database).toEqual({ url: undefined, poolSize: 5 });
    expect(config.dataDir).toBe('./data');
    expect(config.web.port).toBe(5000);
    expect(config.web.host).toBe('127.0.0.1');
    expect(config.schedule.cron).toBe('0 6-22/4 * * *');
    expect(config.schedule.timezone).toBe('America/Sao_Paulo');
    expect(config.log).toEqual({ level: 'info', file: undefined });
    expect(config.production).toBe(false);
  });

  it('leaves the optional features off', () => {
    expect(config.web.dashboardUser).toBeUndefined();
    expect(config.web.dashboardPassword).toBeUndefined();
    expect(config.web.apiTokens).toEqual([]);
    expect(config.web.corsOrigins).toEqual([]);
    expect(config.web.sessionSecret).toBeUndefined();
    expect(config.alerts).toEqual({
      emailUser: undefined, emailPassword: undefined, emailTo: undefined, smtpHost: undefined,
      smtpPort: 587, webhookUrl: undefined, failureThreshold: 3,
    });
    expect(config.pii).toEqual({ storage: 'full', hmacSecret: undefined });
    expect(config.allowInsecureDatabase).toBe(false);
    expect(config.schedule.staleAfterIntervals).toBe(2);
  });

  it('runs in demo mode without credentials', () => {
    expect(config.demo).toBe(true);
    expect(config.cvcrm.email).toBeUndefined();
    expect(config.cvcrm.token).toBeUndefined();
    expect(config.cvcrm.baseUrl).toBeUndefined();
  });

  it('treats blank values as unset', () => {
    const blank = loadConfig({ PORT: '   ', CVCRM_PAGE_SIZE: '', SYNC_TIMEZONE: ' ', CVCRM_API_EMAIL: '', CVCRM_API_TOKEN: '  ' });
    expect(blank.web.port).toBe(5000);
    expect(blank.cvcrm.pageSize).toBe(500);
    expect(blank.schedule.timezone).toBe('America/Sao_Paulo');
    expect(blank.demo).toBe(true);
  });

  describe('does not read process.env', () => {
    afterEach(() => {
      vi.unstubAllEnvs();
    });
    it('ignores variables set only in the process environment', () => {
      vi.stubEnv('PORT', '4321');
      vi.stubEnv('CVCRM_PAGE_SIZE', '10');
      const fromRecord = loadConfig({});
      expect(fromRecord.web.port).toBe(5000);
      expect(fromRecord.cvcrm.pageSize).toBe(500);
    });
  });
});

describe('loadConfig values', () => {
  it('reads every variable it is given', () => {
    const config = loadConfig({
      ...FULL_ENV,
      CVCRM_REQUESTS_PER_MINUTE: '20',
      CVCRM_PAGE_SIZE: '250',
      CVCRM_TIMEOUT_MS: '5000',
      CVCRM_MAX_RETRIES: '0',
      CVCRM_RESOURCES: 'reservas, unidades',
      DATABASE_POOL_SIZE: '12',
      DATA_DIR: '/var/lib/cvcrm',
      PORT: '8080',
      HOST: '10.0.0.5',
      SYNC_CRON: '*/30 * * * *',
      SYNC_TIMEZONE: 'America/Manaus',
      STALE_AFTER_INTERVALS: '4',
      ALERT_SMTP_PORT: '465',
      ALERT_WEBHOOK_URL: 'https://hooks.example.com/services/T000',
      ALERT_FAILURE_THRESHOLD: '1',
      CORS_ORIGINS: 'https://bi.acme.com.br, https://painel.acme.com.br',
      DATABASE_ALLOW_INSECURE: 'yes',
      LOG_LEVEL: 'DEBUG',
      LOG_FILE: '/var/log/cvcrm-etl.log',
    });
    expect(config.cvcrm).toEqual({
      subdomain: 'acme',
      email: 'etl@acme.com.br',
      token: SECRETS.CVCRM_API_TOKEN,
      baseUrl: 'https://acme.cvcrm.com.br',
      requestsPerMinute: 20,
      pageSize: 250,
      timeoutMs: 5000,
      maxRetries: 0,
      resources: ['reservas', 'unidades'],
    });
    expect(config.demo).toBe(false);
    expect(config.database).toEqual({ url: FULL_ENV.DATABASE_URL, poolSize: 12 });
    expect(config.dataDir).toBe('/var/lib/cvcrm');
    expect(config.web).toEqual({
      port: 8080,
      host: '10.0.0.5',
      dashboardUser: 'diretoria',
      dashboardPassword: SECRETS.DASHBOARD_PASSWORD,
      apiTokens: SECRETS.API_TOKENS.split(','),
      corsOrigins: ['https://bi.acme.com.br', 'https://painel.acme.com.br'],
      sessionSecret: SECRETS.SESSION_SECRET,
      trustProxy: 0,
    });
    expect(config.schedule).toEqual({ cron: '*/30 * * * *', timezone: 'America/Manaus', staleAfterIntervals: 4 });
    expect(config.alerts).toEqual({
      emailUser: 'alertas@acme.com.br',
      emailPassword: SECRETS.ALERT_EMAIL_PASSWORD,
      emailTo: 'ti@acme.com.br',
      smtpHost: 'smtp.acme.com.br',
      smtpPort: 465,
      webhookUrl: 'https://hooks.example.com/services/T000',
      failureThreshold: 1,
    });
    expect(config.allowInsecureDatabase).toBe(true);
    expect(config.pii).toEqual({ storage: 'hashed', hmacSecret: SECRETS.PII_HMAC_SECRET });
    expect(config.log).toEqual({ level: 'debug', file: '/var/log/cvcrm-etl.log' });
  });

  it('accepts the boundaries of each numeric range', () => {
    const low = loadConfig({ CVCRM_PAGE_SIZE: '1', CVCRM_REQUESTS_PER_MINUTE: '1', CVCRM_TIMEOUT_MS: '100', PORT: '0', DATABASE_POOL_SIZE: '1' });
    expect([low.cvcrm.pageSize, low.cvcrm.requestsPerMinute, low.cvcrm.timeoutMs, low.web.port, low.database.poolSize]).toEqual([1, 1, 100, 0, 1]);
    const high = loadConfig({ CVCRM_PAGE_SIZE: '500', CVCRM_MAX_RETRIES: '50', PORT: '65535', DATABASE_POOL_SIZE: '100', CVCRM_TIMEOUT_MS: '600000' });
    expect([high.cvcrm.pageSize, high.cvcrm.maxRetries, high.web.port, high.database.poolSize, high.cvcrm.timeoutMs]).toEqual([500, 50, 65535, 100, 600_000]);
  });

  it.each([
    ['NODE_ENV', 'production'],
    ['RAILWAY_ENVIRONMENT', 'production'],
  ])('listens on every interface when %s=%s', (name, value) => {
    const config = loadConfig({ [name]: value });
    expect(config.production).toBe(true);
    expect(config.web.host).toBe('0.0.0.0');
  });

  it('believes X-Forwarded-For behind one proxy on Railway only, unless TRUST_PROXY says otherwise', () => {
    expect(loadConfig({}).web.trustProxy).toBe(0);
    expect(loadConfig({ NODE_ENV: 'production' }).web.trustProxy).toBe(0);
    expect(loadConfig({ RAILWAY_ENVIRONMENT: 'production' }).web.trustProxy).toBe(1);
    expect(loadConfig({ RAILWAY_ENVIRONMENT: 'production', TRUST_PROXY: '0' }).web.trustProxy).toBe(0);
    expect(loadConfig({ TRUST_PROXY: '2' }).web.trustProxy).toBe(2);
  });

  it('reconciles weekly with half the budget by default', () => {
    expect(loadConfig({}).reconcile).toEqual({ days: 7, budgetSharePercent: 50 });
    expect(loadConfig({ RECONCILE_DAYS: '1', RECONCILE_BUDGET_PERCENT: '100' }).reconcile).toEqual({ days: 1, budgetSharePercent: 100 });
  });

  it('keeps loopback outside production, and an explicit HOST always wins', () => {
    expect(loadConfig({ NODE_ENV: 'development', RAILWAY_ENVIRONMENT: 'staging' }).web.host).toBe('127.0.0.1');
    expect(loadConfig({ NODE_ENV: 'development' }).production).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', HOST: '127.0.0.1' }).web.host).toBe('127.0.0.1');
  });

  it('builds the origin from the subdomain', () => {
    const config = loadConfig({ CVCRM_SUBDOMAIN: 'construtora-x', CVCRM_API_EMAIL: 'a@b.com', CVCRM_API_TOKEN: 'x'.repeat(40) });
    expect(config.cvcrm.baseUrl).toBe('https://construtora-x.cvcrm.com.br');
    expect(config.demo).toBe(false);
  });

  it('lets CVCRM_BASE_URL override the subdomain, without a trailing slash', () => {
    const config = loadConfig({
      CVCRM_SUBDOMAIN: 'acme', CVCRM_BASE_URL: 'http://127.0.0.1:4010/', CVCRM_API_EMAIL: 'a@b.com', CVCRM_API_TOKEN: 't',
    });
    expect(config.cvcrm.baseUrl).toBe('http://127.0.0.1:4010');
  });

  it('accepts credentials with CVCRM_BASE_URL alone', () => {
    const config = loadConfig({ CVCRM_BASE_URL: 'http://127.0.0.1:4010', CVCRM_API_EMAIL: 'a@b.com', CVCRM_API_TOKEN: 't' });
    expect(config.demo).toBe(false);
    expect(config.cvcrm.subdomain).toBeUndefined();
    expect(config.cvcrm.baseUrl).toBe('http://127.0.0.1:4010');
  });

  it('stays in demo mode with a subdomain but no credentials', () => {
    const config = loadConfig({ CVCRM_SUBDOMAIN: 'acme' });
    expect(config.demo).toBe(true);
    expect(config.cvcrm.baseUrl).toBe('https://acme.cvcrm.com.br');
  });

  it('accepts PostgreSQL URLs with each libpq sslmode', () => {
    for (const mode of ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full', 'REQUIRE']) {
      const url = `postgresql://u:p@db.example.com/x?sslmode=${mode}`;
      expect(loadConfig({ DATABASE_URL: url }).database.url).toBe(url);
    }
  });

  it('accepts boolean spellings for DATABASE_ALLOW_INSECURE', () => {
    for (const yes of ['1', 'true', 'YES', 'on']) expect(loadConfig({ DATABASE_ALLOW_INSECURE: yes }).allowInsecureDatabase).toBe(true);
    for (const no of ['0', 'false', 'No', 'off']) expect(loadConfig({ DATABASE_ALLOW_INSECURE: no }).allowInsecureDatabase).toBe(false);
  });
});

describe('CVCRM_RESOURCES', () => {
  const resources = (value: string) => loadConfig({ CVCRM_RESOURCES: value }).cvcrm.resources;

  it('takes CVDW paths, with or without slashes around', () => {
    expect(resources('reservas/condicoes,/comissoes/pagamentos/, unidades')).toEqual(['reservas/condicoes', 'comissoes/pagamentos', 'unidades']);
  });

  it('takes table names and resolves them to paths', () => {
    expect(resources('reservas_condicoes,reservas_campos_adicionais')).toEqual(['reservas/condicoes', 'reservas/campos-adicionais']);
  });

  it('takes empreendimentos, which is not a CVDW path', () => {
    expect(resources('empreendimentos')).toEqual(['empreendimentos']);
  });

  it('drops duplicates named two ways', () => {
    expect(resources('reservas/condicoes,reservas_condicoes,reservas')).toEqual(['reservas/condicoes', 'reservas']);
  });

  it('takes all, in any case', () => {
    expect(resources('all')).toEqual(['all']);
    expect(resources('ALL')).toEqual(['all']);
  });

  it('refuses an unknown name, naming the variable and the name', () => {
    const error = configError({ CVCRM_RESOURCES: 'reservas,propostas' });
    expect(error.message).toContain('CVCRM_RESOURCES');
    expect(error.message).toContain('propostas');
  });

  it('refuses an empty list', () => {
    expect(configError({ CVCRM_RESOURCES: ' , ,' }).message).toContain('CVCRM_RESOURCES');
  });
});

describe('bad values', () => {
  const cases: [variable: string, env: Record<string, string | undefined>][] = [
    ['CVCRM_REQUESTS_PER_MINUTE', { CVCRM_REQUESTS_PER_MINUTE: 'dezoito' }],
    ['CVCRM_REQUESTS_PER_MINUTE', { CVCRM_REQUESTS_PER_MINUTE: '0' }],
    ['CVCRM_REQUESTS_PER_MINUTE', { CVCRM_REQUESTS_PER_MINUTE: '6001' }],
    ['CVCRM_REQUESTS_PER_MINUTE', { CVCRM_REQUESTS_PER_MINUTE: '-5' }],
    ['CVCRM_REQUESTS_PER_MINUTE', { CVCRM_REQUESTS_PER_MINUTE: '1.5' }],
    ['CVCRM_PAGE_SIZE', { CVCRM_PAGE_SIZE: '0' }],
    ['CVCRM_PAGE_SIZE', { CVCRM_PAGE_SIZE: '501' }],
    ['CVCRM_PAGE_SIZE', { CVCRM_PAGE_SIZE: '1e2' }],
    ['CVCRM_TIMEOUT_MS', { CVCRM_TIMEOUT_MS: '99' }],
    ['CVCRM_TIMEOUT_MS', { CVCRM_TIMEOUT_MS: '30s' }],
    ['CVCRM_MAX_RETRIES', { CVCRM_MAX_RETRIES: '51' }],
    ['CVCRM_MAX_RETRIES', { CVCRM_MAX_RETRIES: 'many' }],
    ['DATABASE_POOL_SIZE', { DATABASE_POOL_SIZE: '0' }],
    ['DATABASE_POOL_SIZE', { DATABASE_POOL_SIZE: '101' }],
    ['PORT', { PORT: '65536' }],
    ['PORT', { PORT: 'http' }],
    ['STALE_AFTER_INTERVALS', { STALE_AFTER_INTERVALS: '0' }],
    ['ALERT_SMTP_PORT', { ALERT_SMTP_PORT: '70000' }],
    ['ALERT_FAILURE_THRESHOLD', { ALERT_FAILURE_THRESHOLD: 'x' }],
    ['CVCRM_BASE_URL', { CVCRM_BASE_URL: 'not a url' }],
    ['CVCRM_BASE_URL', { CVCRM_BASE_URL: 'ftp://files.acme.com.br' }],
    ['CVCRM_SUBDOMAIN', { CVCRM_SUBDOMAIN: 'acme.cvcrm.com.br' }],
    ['CVCRM_SUBDOMAIN', { CVCRM_SUBDOMAIN: undefined }],
    ['DATABASE_URL', { DATABASE_URL: `mysql://etl:${SECRETS.DB_PASSWORD}@db.acme.com.br/cvcrm` }],
    ['DATABASE_URL', { DATABASE_URL: `postgres://etl:${SECRETS.DB_PASSWORD}@db.acme.com.br:port/cvcrm` }],
    ['DATABASE_URL', { DATABASE_URL: `postgres://etl:${SECRETS.DB_PASSWORD}@db.acme.com.br/cvcrm?sslmode=always` }],
    ['SYNC_TIMEZONE', { SYNC_TIMEZONE: 'Brasil/Sao_Paulo_Centro' }],
    ['SYNC_CRON', { SYNC_CRON: 'every four hours' }],
    ['SYNC_CRON', { SYNC_CRON: '* * * * * * *' }],
    ['SYNC_CRON', { SYNC_CRON: '61 * * * *' }],
    ['SYNC_CRON', { SYNC_CRON: '0 25 * * *' }],
    ['SYNC_CRON', { SYNC_CRON: 'a b c d e' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'verbose' }],
    ['PII_STORAGE', { PII_STORAGE: 'encrypted' }],
    ['PII_HMAC_SECRET', { PII_HMAC_SECRET: undefined }],
    ['PII_HMAC_SECRET', { PII_HMAC_SECRET: 'short' }],
    ['CVCRM_API_EMAIL', { CVCRM_API_EMAIL: undefined }],
    ['CVCRM_API_TOKEN', { CVCRM_API_TOKEN: undefined }],
    ['DASHBOARD_PASSWORD', { DASHBOARD_PASSWORD: undefined }],
    ['DASHBOARD_USER', { DASHBOARD_USER: undefined }],
    ['API_TOKENS', { API_TOKENS: `${SECRETS.API_TOKENS},curto` }],
    ['API_TOKENS', { API_TOKENS: 'abcdefghijklm:pii' }],
    ['API_TOKENS', { API_TOKENS: `${SECRETS.API_TOKENS}:admin` }],
    ['TRUST_PROXY', { TRUST_PROXY: 'yes' }],
    ['RECONCILE_DAYS', { RECONCILE_DAYS: '0' }],
    ['RECONCILE_BUDGET_PERCENT', { RECONCILE_BUDGET_PERCENT: '101' }],
    ['ALERT_EMAIL_TO', { ALERT_EMAIL_TO: undefined }],
    ['ALERT_SMTP_HOST', { ALERT_SMTP_HOST: undefined }],
    ['ALERT_WEBHOOK_URL', { ALERT_WEBHOOK_URL: 'hooks.example.com/services/T000' }],
    ['DATABASE_ALLOW_INSECURE', { DATABASE_ALLOW_INSECURE: 'maybe' }],
    ['CVCRM_RESOURCES', { CVCRM_RESOURCES: 'reservas/propostas' }],
  ];

  it.each(cases)('%s: %j stops with a ConfigError naming it', (variable, override) => {
    const env: Record<string, string | undefined> = { ...FULL_ENV, ...override };
    const error = configError(env);
    expect(error.message).toContain(variable);
    for (const secret of secretValues()) expect(error.message).not.toContain(secret);
    // One sentence, no stack-like content.
    expect(error.message).not.toContain('\n');
  });

  it('the valid base environment itself loads', () => {
    expect(loadConfig(FULL_ENV).demo).toBe(false);
  });

  it('names the missing half of the credentials without echoing the other half', () => {
    const onlyToken = configError({ CVCRM_API_TOKEN: SECRETS.CVCRM_API_TOKEN });
    expect(onlyToken.message).toMatch(/^CVCRM_API_EMAIL\b/);
    expect(onlyToken.message).not.toContain(SECRETS.CVCRM_API_TOKEN);
    const onlyEmail = configError({ CVCRM_API_EMAIL: 'etl@acme.com.br' });
    expect(onlyEmail.message).toMatch(/^CVCRM_API_TOKEN\b/);
  });

  it('never echoes a too-short PII_HMAC_SECRET', () => {
    const error = configError({ PII_STORAGE: 'hashed', PII_HMAC_SECRET: 'sh0rt-s3cret' });
    expect(error.message).toContain('PII_HMAC_SECRET');
    expect(error.message).not.toContain('sh0rt-s3cret');
  });

  it('never echoes a bad webhook URL, which may carry a token', () => {
    const error = configError({ ALERT_WEBHOOK_URL: 'ftp://hooks.example.com/T0/B0/XyZsecretPart' });
    expect(error.message).not.toContain('XyZsecretPart');
  });
});

describe('the result is deeply frozen', () => {
  const config: Config = loadConfig({ ...FULL_ENV, CORS_ORIGINS: 'https://a.example' });

  it('freezes every level', () => {
    const objects: unknown[] = [config, config.cvcrm, config.cvcrm.resources, config.database, config.web, config.web.apiTokens,
      config.web.corsOrigins, config.schedule, config.alerts, config.pii, config.log];
    for (const value of objects) expect(Object.isFrozen(value)).toBe(true);
  });

  it('refuses writes', () => {
    expect(() => {
      (config.cvcrm as { pageSize: number }).pageSize = 1;
    }).toThrow(TypeError);
    expect(() => {
      (config.cvcrm.resources as string[]).push('leads');
    }).toThrow(TypeError);
    expect(() => {
      (config as { demo: boolean }).demo = true;
    }).toThrow(TypeError);
    expect(config.cvcrm.pageSize).toBe(500);
    expect(config.demo).toBe(false);
  });

  it('does not share the frozen default resource list with the catalog', () => {
    expect(Object.isFrozen(DEFAULT_RESOURCES)).toBe(false);
    expect(loadConfig({}).cvcrm.resources).not.toBe(DEFAULT_RESOURCES);
  });
});
