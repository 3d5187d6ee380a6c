// The environment, turned once into a frozen, typed configuration. This module and the CLI
// entry are the only readers of process.env; everything else receives a Config.
import { Cron } from 'croner';
import { DEFAULT_RESOURCES, resolveResourceName } from './cvdw/catalog/index.ts';
import { SSL_MODES } from './db/connection-options.ts';
import { PRINCIPAL_ACCOUNT, parseAccountGrant, parseAccounts, type AccountConfig } from './config-accounts.ts';

export type { AccountConfig } from './config-accounts.ts';

export type PiiStorage = 'full' | 'hashed';

export interface Config {
  readonly cvcrm: {
    readonly subdomain: string | undefined;
    readonly email: string | undefined;
    readonly token: string | undefined;
    /** Origin without a trailing slash, e.g. https://acme.cvcrm.com.br; undefined in demo mode. */
    readonly baseUrl: string | undefined;
    readonly requestsPerMinute: number;
    readonly pageSize: number;
    readonly timeoutMs: number;
    readonly maxRetries: number;
    /** Catalog names (CVDW path, or `empreendimentos`). */
    readonly resources: readonly string[];
  };
  /**
   * The accounts this installation copies, each with its own credential and budget. Without
   * CVCRM_ACCOUNTS, one account named "principal" from the single-account variables above (in
   * demo mode its credentials are undefined: the simulator is the source).
   */
  readonly accounts: readonly AccountConfig[];
  /** True when no CVDW credentials are configured: the built-in simulator is the source. */
  readonly demo: boolean;
  readonly database: {
    readonly url: string | undefined;
    readonly poolSize: number;
  };
  readonly dataDir: string;
  readonly web: {
    readonly port: number;
    readonly host: string;
    readonly dashboardUser: string | undefined;
    readonly dashboardPassword: string | undefined;
    readonly apiTokens: readonly string[];
    readonly corsOrigins: readonly string[];
    readonly sessionSecret: string | undefined;
    /** Reverse proxies in front of the server; X-Forwarded-For is believed only when > 0. */
    readonly trustProxy: number;
  };
  readonly schedule: {
    readonly cron: string;
    readonly timezone: string;
    /** Data older than this many schedule intervals is stale. */
    readonly staleAfterIntervals: number;
  };
  readonly reconcile: {
    /** Every resource is re-read completely at least once in this many days. */
    readonly days: number;
    /** Share of the request budget (percent) a nightly reconciliation slice may spend. */
    readonly budgetSharePercent: number;
  };
  readonly alerts: {
    readonly emailUser: string | undefined;
    readonly emailPassword: string | undefined;
    readonly emailTo: string | undefined;
    readonly smtpHost: string | undefined;
    readonly smtpPort: number;
    readonly webhookUrl: string | undefined;
    /** Consecutive failures of one resource before an alert goes out. */
    readonly failureThreshold: number;
  };
  readonly production: boolean;
  readonly allowInsecureDatabase: boolean;
  readonly pii: {
    readonly storage: PiiStorage;
    readonly hmacSecret: string | undefined;
  };
  readonly log: {
    readonly level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
    readonly file: string | undefined;
  };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Builds the configuration from an environment record. Throws ConfigError naming the variable. */
export function loadConfig(env: Env): Config {
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };

  const email = read('CVCRM_API_EMAIL');
  const token = read('CVCRM_API_TOKEN');
  if ((email === undefined) !== (token === undefined)) {
    throw new ConfigError(
      `${email === undefined ? 'CVCRM_API_EMAIL' : 'CVCRM_API_TOKEN'} precisa ser definido junto com ${email === undefined ? 'CVCRM_API_TOKEN' : 'CVCRM_API_EMAIL'}.`,
    );
  }
  const subdomain = parseSubdomain(read('CVCRM_SUBDOMAIN'), 'CVCRM_SUBDOMAIN');
  const baseUrl = parseBaseUrl(read('CVCRM_BASE_URL'), subdomain);
  const requestsPerMinute = int(read('CVCRM_REQUESTS_PER_MINUTE'), 'CVCRM_REQUESTS_PER_MINUTE', 18, 1, 6000);
  const resources = parseResources(read('CVCRM_RESOURCES'));
  const listed = parseAccounts(read('CVCRM_ACCOUNTS'), {
    read,
    subdomain: (raw, variable) => parseSubdomain(raw, variable),
    baseUrl: (raw, sub, variable) => parseBaseUrl(raw, sub, variable),
    int,
    resources: (raw, variable, fallback) => (raw === undefined ? fallback : parseResources(raw, variable)),
    error: (message) => new ConfigError(message),
  }, { requestsPerMinute, resources });
  if (listed !== undefined && email !== undefined) {
    throw new ConfigError(
      'CVCRM_ACCOUNTS está definido, então CVCRM_API_EMAIL e CVCRM_API_TOKEN não são usados: declare essa conta em CVCRM_ACCOUNTS (por exemplo "principal", com CVCRM_PRINCIPAL_API_EMAIL e CVCRM_PRINCIPAL_API_TOKEN) ou remova as variáveis de conta única.',
    );
  }
  const demo = listed === undefined && email === undefined;
  if (listed === undefined && !demo && baseUrl === undefined) {
    throw new ConfigError('CVCRM_SUBDOMAIN (ou CVCRM_BASE_URL) precisa ser definido quando CVCRM_API_EMAIL e CVCRM_API_TOKEN estão definidos.');
  }

  const production = read('NODE_ENV') === 'production' || read('RAILWAY_ENVIRONMENT') === 'production';
  const databaseUrl = read('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//i.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL espera um endereço PostgreSQL que comece com postgres:// ou postgresql://.');
  }
  if (databaseUrl !== undefined) {
    try {
      new URL(databaseUrl);
    } catch {
      throw new ConfigError('DATABASE_URL não é um endereço válido (confira se os caracteres especiais da senha estão codificados com %, como %40 para @).');
    }
    const sslMode = new URL(databaseUrl).searchParams.get('sslmode');
    if (sslMode !== null && !(SSL_MODES as readonly string[]).includes(sslMode.toLowerCase())) {
      throw new ConfigError(`DATABASE_URL traz um sslmode desconhecido; os aceitos são ${SSL_MODES.join(', ')}.`);
    }
  }

  const piiStorage = oneOf(read('PII_STORAGE') ?? 'full', 'PII_STORAGE', ['full', 'hashed'] as const);
  const hmacSecret = read('PII_HMAC_SECRET');
  if (piiStorage === 'hashed' && (hmacSecret === undefined || hmacSecret.length < 16)) {
    throw new ConfigError('PII_HMAC_SECRET precisa de um segredo com pelo menos 16 caracteres quando PII_STORAGE=hashed.');
  }

  const dashboardUser = read('DASHBOARD_USER');
  const dashboardPassword = read('DASHBOARD_PASSWORD');
  if ((dashboardUser === undefined) !== (dashboardPassword === undefined)) {
    throw new ConfigError(`${dashboardUser === undefined ? 'DASHBOARD_USER' : 'DASHBOARD_PASSWORD'} precisa ser definido junto com ${dashboardUser === undefined ? 'DASHBOARD_PASSWORD' : 'DASHBOARD_USER'}.`);
  }
  const accountNames = (listed ?? [{ name: PRINCIPAL_ACCOUNT }]).map((a) => a.name);
  const apiTokens = list(read('API_TOKENS'));
  for (const [index, entry] of apiTokens.entries()) {
    // Grants follow the token after colons (":pii", ":conta=a+b"); the token itself must be long enough.
    const [token = '', ...grants] = entry.split(':');
    if (token.length < 16) {
      throw new ConfigError(`API_TOKENS: o ${index + 1}º token tem menos de 16 caracteres antes das permissões (":pii", ":conta="); use tokens longos e aleatórios.`);
    }
    checkGrants(grants, accountNames, `API_TOKENS: o ${index + 1}º token`);
  }
  if (dashboardUser !== undefined) {
    const [name = '', ...grants] = dashboardUser.split(':');
    if (name === '') throw new ConfigError('DASHBOARD_USER: o nome de login está vazio; informe um nome antes das permissões (":pii", ":conta=").');
    checkGrants(grants, accountNames, 'DASHBOARD_USER');
  }

  const smtpHost = read('ALERT_SMTP_HOST');
  const emailTo = read('ALERT_EMAIL_TO');
  if ((smtpHost === undefined) !== (emailTo === undefined)) {
    throw new ConfigError('ALERT_SMTP_HOST e ALERT_EMAIL_TO precisam ser definidos juntos para enviar alertas por e-mail.');
  }
  const webhookUrl = read('ALERT_WEBHOOK_URL');
  if (webhookUrl !== undefined && !isHttpUrl(webhookUrl)) {
    throw new ConfigError('ALERT_WEBHOOK_URL espera um endereço http:// ou https://.');
  }

  const cron = read('SYNC_CRON') ?? '0 6-22/4 * * *';
  const cronFields = cron.split(/\s+/).length;
  if (cronFields < 5 || cronFields > 6) {
    throw new ConfigError('SYNC_CRON espera uma expressão cron de 5 ou 6 campos, por exemplo "0 6-22/4 * * *".');
  }
  const timezone = read('SYNC_TIMEZONE') ?? 'America/Sao_Paulo';
  if (!isTimeZone(timezone)) {
    throw new ConfigError('SYNC_TIMEZONE espera um fuso horário IANA, como America/Sao_Paulo.');
  }
  if (!isCron(cron, timezone)) {
    throw new ConfigError('SYNC_CRON não é uma expressão cron válida; use, por exemplo, "0 6-22/4 * * *" (minuto hora dia mês dia-da-semana).');
  }

  const config: Config = {
    cvcrm: {
      subdomain,
      email,
      token,
      baseUrl,
      requestsPerMinute,
      pageSize: int(read('CVCRM_PAGE_SIZE'), 'CVCRM_PAGE_SIZE', 500, 1, 500),
      timeoutMs: int(read('CVCRM_TIMEOUT_MS'), 'CVCRM_TIMEOUT_MS', 30_000, 100, 600_000),
      maxRetries: int(read('CVCRM_MAX_RETRIES'), 'CVCRM_MAX_RETRIES', 5, 0, 50),
      resources,
    },
    accounts: listed ?? [{ name: PRINCIPAL_ACCOUNT, subdomain, email, token, baseUrl, requestsPerMinute, resources }],
    demo,
    database: {
      url: databaseUrl,
      poolSize: int(read('DATABASE_POOL_SIZE'), 'DATABASE_POOL_SIZE', 5, 1, 100),
    },
    dataDir: read('DATA_DIR') ?? './data',
    web: {
      port: int(read('PORT'), 'PORT', 5000, 0, 65535),
      host: read('HOST') ?? (production ? '0.0.0.0' : '127.0.0.1'),
      dashboardUser,
      dashboardPassword,
      apiTokens,
      corsOrigins: list(read('CORS_ORIGINS')),
      sessionSecret: read('SESSION_SECRET'),
      trustProxy: int(read('TRUST_PROXY'), 'TRUST_PROXY', read('RAILWAY_ENVIRONMENT') === undefined ? 0 : 1, 0, 10),
    },
    schedule: {
      cron,
      timezone,
      staleAfterIntervals: int(read('STALE_AFTER_INTERVALS'), 'STALE_AFTER_INTERVALS', 2, 1, 100),
    },
    reconcile: {
      days: int(read('RECONCILE_DAYS'), 'RECONCILE_DAYS', 7, 1, 90),
      budgetSharePercent: int(read('RECONCILE_BUDGET_PERCENT'), 'RECONCILE_BUDGET_PERCENT', 50, 1, 100),
    },
    alerts: {
      emailUser: read('ALERT_EMAIL_USER'),
      emailPassword: read('ALERT_EMAIL_PASSWORD'),
      emailTo,
      smtpHost,
      smtpPort: int(read('ALERT_SMTP_PORT'), 'ALERT_SMTP_PORT', 587, 1, 65535),
      webhookUrl,
      failureThreshold: int(read('ALERT_FAILURE_THRESHOLD'), 'ALERT_FAILURE_THRESHOLD', 3, 1, 1000),
    },
    production,
    allowInsecureDatabase: bool(read('DATABASE_ALLOW_INSECURE'), 'DATABASE_ALLOW_INSECURE', false),
    pii: { storage: piiStorage, hmacSecret },
    log: {
      level: oneOf(read('LOG_LEVEL') ?? 'info', 'LOG_LEVEL', LOG_LEVELS),
      file: read('LOG_FILE'),
    },
  };
  return deepFreeze(config);
}

/** Grants after a token or a login: ":pii" and ":conta=a+b" (configured accounts only). */
function checkGrants(grants: readonly string[], accounts: readonly string[], who: string): void {
  for (const grant of grants) {
    if (grant === 'pii') continue;
    if (grant.startsWith('conta=')) {
      const parsed = parseAccountGrant(grant.slice('conta='.length), accounts);
      if ('problem' in parsed) throw new ConfigError(`${who}: ${parsed.problem}.`);
      continue;
    }
    throw new ConfigError(`${who} traz a permissão desconhecida ":${grant.slice(0, 20)}"; as permissões aceitas são ":pii" e ":conta=nome1+nome2".`);
  }
}

function parseSubdomain(raw: string | undefined, variable: string): string | undefined {
  if (raw !== undefined && !/^[a-z0-9][a-z0-9-]*$/i.test(raw)) {
    throw new ConfigError(`${variable} espera só o nome do cliente, como em https://NOME.cvcrm.com.br (letras, dígitos e hífens).`);
  }
  return raw;
}

function parseBaseUrl(raw: string | undefined, subdomain: string | undefined, variable = 'CVCRM_BASE_URL'): string | undefined {
  if (raw === undefined) return subdomain === undefined ? undefined : `https://${subdomain}.cvcrm.com.br`;
  if (!isHttpUrl(raw)) throw new ConfigError(`${variable} espera uma origem como https://acme.cvcrm.com.br ou http://127.0.0.1:4010.`);
  return raw.replace(/\/+$/, '');
}

function parseResources(raw: string | undefined, variable = 'CVCRM_RESOURCES'): string[] {
  if (raw === undefined) return [...DEFAULT_RESOURCES];
  if (raw.toLowerCase() === 'all') return ['all'];
  const names = list(raw);
  const resolved: string[] = [];
  for (const name of names) {
    const resource = resolveResourceName(name);
    if (resource === undefined) {
      throw new ConfigError(`${variable} cita "${name.slice(0, 60)}", que não é um recurso conhecido do CVDW (use o caminho, por exemplo reservas/condicoes, ou "all").`);
    }
    if (!resolved.includes(resource)) resolved.push(resource);
  }
  if (resolved.length === 0) throw new ConfigError(`${variable} espera ao menos um nome de recurso, ou "all".`);
  return resolved;
}

function int(raw: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} espera um número inteiro de ${min} a ${max}.`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} espera um número inteiro de ${min} a ${max}.`);
  return value;
}

function bool(raw: string | undefined, name: string, fallback: boolean): boolean {
  if (raw === undefined) return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} espera true ou false.`);
}

function oneOf<T extends string>(raw: string, name: string, allowed: readonly T[]): T {
  const value = raw.toLowerCase() as T;
  if (!allowed.includes(value)) throw new ConfigError(`${name} espera um destes valores: ${allowed.join(', ')}.`);
  return value;
}

function list(raw: string | undefined): string[] {
  return raw === undefined ? [] : raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function isHttpUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Field ranges and names checked by the scheduler's own parser, so a typo stops start-up here. */
function isCron(expression: string, timezone: string): boolean {
  try {
    new Cron(expression, { timezone, mode: '5-or-6-parts' });
    return true;
  } catch {
    return false;
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
