// Which accounts a request reads: the `conta` parameter (one name or a comma list) within what the
// caller may see. A limited caller (a ":conta=" grant) never learns other accounts' names: any name
// outside its grant, configured or not, is the same 403.
// "Every account" is the configured accounts, never "no filter": rows left under an account that is
// no longer configured (e.g. `principal` after switching to CVCRM_ACCOUNTS) count nowhere.
import type { Config } from '../config.ts';
import type { Principal } from './context.ts';
import { badRequest, HttpError } from './errors.ts';

export interface AccountScope {
  /** The accounts whose rows count: the asked ones, or every account the caller may read. */
  readonly contas: readonly string[];
  /** More than one account is configured: rows of breakdowns name theirs. */
  readonly accountInRows: boolean;
}

const notAllowed = (name: string) =>
  new HttpError(403, 'conta_nao_permitida', `conta: seu acesso não inclui a conta "${name.slice(0, 32)}".`);

/** The configured accounts the caller may read, rechecked against the configuration now. */
export function allowedAccounts(config: Pick<Config, 'accounts'>, principal: Principal | undefined): readonly string[] {
  const configured = config.accounts.map((a) => a.name);
  const grant = principal?.contas ?? null;
  return grant === null ? configured : configured.filter((name) => grant.includes(name));
}

export function resolveAccounts(config: Pick<Config, 'accounts'>, principal: Principal | undefined, asked: string | undefined): AccountScope {
  const configured = config.accounts.map((a) => a.name);
  const limited = principal?.contas !== null && principal?.contas !== undefined;
  const allowed = allowedAccounts(config, principal);
  const accountInRows = configured.length > 1;
  if (asked === undefined) return { contas: allowed, accountInRows };
  const names = [...new Set(asked.split(',').map((n) => n.trim()))];
  for (const name of names) {
    if (limited && !allowed.includes(name)) throw notAllowed(name);
    if (!configured.includes(name)) {
      throw badRequest(`conta: "${name.slice(0, 32) || '(vazio)'}" não é uma conta configurada; use ${configured.join(', ')} (ou várias, separadas por vírgula).`);
    }
  }
  return { contas: names, accountInRows };
}
