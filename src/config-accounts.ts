// The CV CRM accounts one installation copies. Without CVCRM_ACCOUNTS, the single-account
// variables make one account named "principal", so existing installations change nothing. With
// it, account `x` reads CVCRM_X_SUBDOMAIN, CVCRM_X_API_EMAIL, CVCRM_X_API_TOKEN and optionally
// CVCRM_X_BASE_URL, CVCRM_X_REQUESTS_PER_MINUTE and CVCRM_X_RESOURCES.

/** The account of a single-account installation, and of every row an older version wrote. */
export const PRINCIPAL_ACCOUNT = 'principal';

export const ACCOUNT_NAME = /^[a-z0-9_]{1,32}$/;

export interface AccountConfig {
  /** `[a-z0-9_]{1,32}`; the `conta` column of every table. */
  readonly name: string;
  readonly subdomain: string | undefined;
  readonly email: string | undefined;
  readonly token: string | undefined;
  /** Origin without a trailing slash; undefined only for the demo's principal account. */
  readonly baseUrl: string | undefined;
  /** This credential's request budget, shared by every process. */
  readonly requestsPerMinute: number;
  /** Catalog names (CVDW path, or `empreendimentos`). */
  readonly resources: readonly string[];
}

/** What the account parser needs from the configuration module (its validators). */
export interface AccountReaders {
  read(name: string): string | undefined;
  subdomain(raw: string | undefined, variable: string): string | undefined;
  baseUrl(raw: string | undefined, subdomain: string | undefined, variable: string): string | undefined;
  int(raw: string | undefined, variable: string, fallback: number, min: number, max: number): number;
  resources(raw: string | undefined, variable: string, fallback: readonly string[]): readonly string[];
  error(message: string): Error;
}

/** The variable of account `name`: CVCRM_<NAME>_<SUFFIX>. */
export function accountVariable(name: string, suffix: string): string {
  return `CVCRM_${name.toUpperCase()}_${suffix}`;
}

/** Parses CVCRM_ACCOUNTS; undefined when it is not set (single-account installation). */
export function parseAccounts(
  raw: string | undefined,
  readers: AccountReaders,
  defaults: { readonly requestsPerMinute: number; readonly resources: readonly string[] },
): AccountConfig[] | undefined {
  if (raw === undefined) return undefined;
  const names = raw.split(',').map((n) => n.trim()).filter((n) => n !== '');
  if (names.length === 0) throw readers.error('CVCRM_ACCOUNTS: informe ao menos um nome de conta (letras minúsculas, dígitos e _).');
  const seen = new Set<string>();
  const accounts: AccountConfig[] = [];
  for (const name of names) {
    if (!ACCOUNT_NAME.test(name)) {
      throw readers.error(`CVCRM_ACCOUNTS: "${name.slice(0, 40)}" não é um nome de conta válido; use de 1 a 32 letras minúsculas, dígitos ou _.`);
    }
    if (seen.has(name)) throw readers.error(`CVCRM_ACCOUNTS: a conta "${name}" aparece duas vezes.`);
    seen.add(name);
    const v = (suffix: string) => accountVariable(name, suffix);
    const email = readers.read(v('API_EMAIL'));
    const token = readers.read(v('API_TOKEN'));
    for (const [value, variable] of [[email, v('API_EMAIL')], [token, v('API_TOKEN')]] as const) {
      if (value === undefined) throw readers.error(`Conta "${name}": defina ${variable} (a conta está em CVCRM_ACCOUNTS).`);
    }
    const subdomain = readers.subdomain(readers.read(v('SUBDOMAIN')), v('SUBDOMAIN'));
    const baseUrl = readers.baseUrl(readers.read(v('BASE_URL')), subdomain, v('BASE_URL'));
    if (baseUrl === undefined) {
      throw readers.error(`Conta "${name}": defina ${v('SUBDOMAIN')} (ou ${v('BASE_URL')}).`);
    }
    accounts.push({
      name,
      subdomain,
      email,
      token,
      baseUrl,
      requestsPerMinute: readers.int(readers.read(v('REQUESTS_PER_MINUTE')), v('REQUESTS_PER_MINUTE'), defaults.requestsPerMinute, 1, 6000),
      resources: readers.resources(readers.read(v('RESOURCES')), v('RESOURCES'), defaults.resources),
    });
  }
  return accounts;
}

/**
 * The accounts a grant (`conta=a+b` after a token or DASHBOARD_USER) names, checked against the
 * configured ones. Returns the error sentence's detail, or the list.
 */
export function parseAccountGrant(value: string, known: readonly string[]): { accounts: string[] } | { problem: string } {
  const names = value.split('+').map((n) => n.trim());
  if (names.length === 0 || names.some((n) => n === '')) return { problem: 'a permissão ":conta=" precisa de nomes de conta separados por +' };
  for (const name of names) {
    if (!known.includes(name)) return { problem: `a permissão ":conta=" cita a conta "${name.slice(0, 32)}", que não está configurada (${known.join(', ')})` };
  }
  return { accounts: [...new Set(names)] };
}

/** The e-mail and token variables of an account, as the user wrote them. */
export function credentialVariables(account: Pick<AccountConfig, 'name'>, accountCount: number): readonly [string, string] {
  return accountCount > 1 || account.name !== PRINCIPAL_ACCOUNT
    ? [accountVariable(account.name, 'API_EMAIL'), accountVariable(account.name, 'API_TOKEN')]
    : ['CVCRM_API_EMAIL', 'CVCRM_API_TOKEN'];
}
