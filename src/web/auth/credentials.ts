// Who may read the dashboard and the APIs, from the configuration. Secrets are compared as
// SHA-256 digests with timingSafeEqual, so neither the content nor the length leaks through time.
//
// The full view of personal data is granted by a ":pii" suffix:
//   API_TOKENS=token-de-bi-0123456789,token-da-diretoria-0123:pii
//   DASHBOARD_USER=diretoria:pii   (the login name is "diretoria")
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config.ts';
import { KnownError } from '../../util/known-error.ts';

export const PII_SUFFIX = ':pii';

export interface ApiToken {
  readonly digest: Buffer;
  /** A short, non-reversible label for rate limits and logs. */
  readonly id: string;
  readonly pii: boolean;
  /** The only accounts it may read (":conta=a+b"); null: every account. */
  readonly contas: readonly string[] | null;
}

export interface DashboardUser {
  readonly name: string;
  readonly nameDigest: Buffer;
  readonly passwordDigest: Buffer;
  readonly pii: boolean;
  /** The only accounts it may read (":conta=a+b"); null: every account. */
  readonly contas: readonly string[] | null;
  /** Changes whenever the user or password changes, invalidating older sessions. */
  readonly fingerprint: string;
}

export interface Credentials {
  readonly tokens: readonly ApiToken[];
  readonly user: DashboardUser | undefined;
  /** No login and no token configured: open access (refused in production). */
  readonly open: boolean;
}

export const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

export function sameSecret(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `value[:pii][:conta=a+b]`: the secret or name, then its grants (validated by the config). */
function splitGrant(raw: string): { value: string; pii: boolean; contas: readonly string[] | null } {
  const [value = '', ...grants] = raw.split(':');
  const accountGrant = grants.find((g) => g.startsWith('conta='));
  return {
    value,
    pii: grants.includes(PII_SUFFIX.slice(1)),
    contas: accountGrant === undefined ? null : [...new Set(accountGrant.slice('conta='.length).split('+').map((n) => n.trim()))],
  };
}

export function readCredentials(config: Config): Credentials {
  const tokens = config.web.apiTokens.map((raw) => {
    const { value, pii, contas } = splitGrant(raw);
    if (value.length < 16) {
      throw new Error(`API_TOKENS: cada token precisa de pelo menos 16 caracteres antes do sufixo opcional "${PII_SUFFIX}".`);
    }
    const hash = digest(value);
    return { digest: hash, id: `token:${hash.toString('hex').slice(0, 12)}`, pii, contas };
  });
  let user: DashboardUser | undefined;
  if (config.web.dashboardUser !== undefined && config.web.dashboardPassword !== undefined) {
    const { value: name, pii, contas } = splitGrant(config.web.dashboardUser);
    if (name === '') throw new KnownError('DASHBOARD_USER: o nome de login está vazio; informe um nome antes do ":pii".');
    const password = config.web.dashboardPassword;
    user = {
      name,
      nameDigest: digest(name),
      passwordDigest: digest(password),
      pii,
      contas,
      fingerprint: createHash('sha256').update(`${name}\u0000${password}`).digest('hex'),
    };
  }
  const open = tokens.length === 0 && user === undefined;
  if (open && config.production) {
    throw new KnownError(
      'Em produção o painel não é servido sem autenticação: defina DASHBOARD_USER e DASHBOARD_PASSWORD, ou API_TOKENS.',
    );
  }
  return { tokens, user, open };
}

/** The token matching `presented`, comparing against every token so timing does not tell which. */
export function findToken(credentials: Credentials, presented: string): ApiToken | undefined {
  const hash = digest(presented);
  let found: ApiToken | undefined;
  for (const token of credentials.tokens) {
    if (sameSecret(token.digest, hash) && found === undefined) found = token;
  }
  return found;
}

export function checkLogin(user: DashboardUser, name: string, password: string): boolean {
  const nameOk = sameSecret(user.nameDigest, digest(name));
  const passwordOk = sameSecret(user.passwordDigest, digest(password));
  return nameOk && passwordOk;
}
