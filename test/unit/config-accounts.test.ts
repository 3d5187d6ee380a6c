// CVCRM_ACCOUNTS and the per-account variables, and the ":conta=" grants: what an installation
// of several CV CRM accounts configures, and the sentences that name what is wrong.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { PRINCIPAL_ACCOUNT } from '../../src/config-accounts.ts';
import { CORE_RESOURCES, DEFAULT_RESOURCES } from '../../src/cvdw/catalog/index.ts';
import { readCredentials } from '../../src/web/auth/credentials.ts';

const TOKEN_A = 'token-matriz-0123456789abcdef';
const TOKEN_B = 'token-filial-0123456789abcdef';

const TWO_ACCOUNTS: Readonly<Record<string, string>> = {
  CVCRM_ACCOUNTS: 'matriz, filial_sp',
  CVCRM_MATRIZ_SUBDOMAIN: 'matriz',
  CVCRM_MATRIZ_API_EMAIL: 'etl@matriz.com.br',
  CVCRM_MATRIZ_API_TOKEN: TOKEN_A,
  CVCRM_FILIAL_SP_BASE_URL: 'http://127.0.0.1:4011/',
  CVCRM_FILIAL_SP_API_EMAIL: 'etl@filial.com.br',
  CVCRM_FILIAL_SP_API_TOKEN: TOKEN_B,
  CVCRM_FILIAL_SP_REQUESTS_PER_MINUTE: '40',
  CVCRM_FILIAL_SP_RESOURCES: 'reservas,comissoes',
};

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const secret of [TOKEN_A, TOKEN_B]) expect(message).not.toContain(secret);
    return message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('accounts', () => {
  it('without CVCRM_ACCOUNTS, the single-account variables make the account "principal"', () => {
    const config = loadConfig({ CVCRM_SUBDOMAIN: 'acme', CVCRM_API_EMAIL: 'etl@acme.com.br', CVCRM_API_TOKEN: TOKEN_A, CVCRM_REQUESTS_PER_MINUTE: '30' });
    expect(config.accounts).toEqual([
      { name: PRINCIPAL_ACCOUNT, subdomain: 'acme', email: 'etl@acme.com.br', token: TOKEN_A, baseUrl: 'https://acme.cvcrm.com.br', requestsPerMinute: 30, resources: [...DEFAULT_RESOURCES] },
    ]);
    expect(config.demo).toBe(false);
  });

  it('in demo mode the principal account has no credentials', () => {
    const config = loadConfig({});
    expect(config.demo).toBe(true);
    expect(config.accounts.map((a) => [a.name, a.email, a.baseUrl])).toEqual([[PRINCIPAL_ACCOUNT, undefined, undefined]]);
  });

  it('reads each listed account from its own variables, with the global ones as defaults', () => {
    const config = loadConfig({ ...TWO_ACCOUNTS, CVCRM_RESOURCES: CORE_RESOURCES.join(',') });
    expect(config.demo).toBe(false);
    expect(config.accounts).toEqual([
      { name: 'matriz', subdomain: 'matriz', email: 'etl@matriz.com.br', token: TOKEN_A, baseUrl: 'https://matriz.cvcrm.com.br', requestsPerMinute: 18, resources: [...CORE_RESOURCES] },
      { name: 'filial_sp', subdomain: undefined, email: 'etl@filial.com.br', token: TOKEN_B, baseUrl: 'http://127.0.0.1:4011', requestsPerMinute: 40, resources: ['reservas', 'comissoes'] },
    ]);
  });

  it('names the account and the variable that is missing or wrong', () => {
    const without = (name: string) => Object.fromEntries(Object.entries(TWO_ACCOUNTS).filter(([k]) => k !== name));
    expect(refusal(without('CVCRM_FILIAL_SP_API_TOKEN'))).toMatch(/filial_sp.*CVCRM_FILIAL_SP_API_TOKEN/);
    expect(refusal(without('CVCRM_MATRIZ_SUBDOMAIN'))).toMatch(/matriz.*CVCRM_MATRIZ_SUBDOMAIN/);
    expect(refusal({ ...TWO_ACCOUNTS, CVCRM_FILIAL_SP_REQUESTS_PER_MINUTE: 'muitas' })).toMatch(/CVCRM_FILIAL_SP_REQUESTS_PER_MINUTE/);
    expect(refusal({ ...TWO_ACCOUNTS, CVCRM_MATRIZ_RESOURCES: 'reservas,nada' })).toMatch(/CVCRM_MATRIZ_RESOURCES.*nada/);
    expect(refusal({ ...TWO_ACCOUNTS, CVCRM_MATRIZ_BASE_URL: 'ftp://x' })).toMatch(/CVCRM_MATRIZ_BASE_URL/);
    expect(refusal({ ...TWO_ACCOUNTS, CVCRM_ACCOUNTS: 'Matriz' })).toMatch(/CVCRM_ACCOUNTS.*Matriz/);
    expect(refusal({ ...TWO_ACCOUNTS, CVCRM_ACCOUNTS: 'matriz,matriz' })).toMatch(/CVCRM_ACCOUNTS.*duas vezes/);
    expect(refusal({ ...TWO_ACCOUNTS, CVCRM_ACCOUNTS: ' , ' })).toMatch(/CVCRM_ACCOUNTS/);
  });

  it('refuses single-account credentials next to CVCRM_ACCOUNTS rather than drop them silently', () => {
    expect(refusal({ ...TWO_ACCOUNTS, CVCRM_API_EMAIL: 'x@y.com', CVCRM_API_TOKEN: TOKEN_A })).toMatch(/CVCRM_ACCOUNTS.*CVCRM_API_EMAIL/);
  });
});

describe(':conta= grants', () => {
  const withGrants = (tokens: string, user = 'diretoria') => ({
    ...TWO_ACCOUNTS, API_TOKENS: tokens, DASHBOARD_USER: user, DASHBOARD_PASSWORD: 'senha-longa-de-teste',
  });

  it('limits a token or the login to the named accounts, next to :pii in any order', () => {
    const config = loadConfig(withGrants(`${'a'.repeat(20)},${'b'.repeat(20)}:pii:conta=matriz,${'c'.repeat(20)}:conta=matriz+filial_sp:pii`, 'gerente:conta=filial_sp'));
    const credentials = readCredentials(config);
    expect(credentials.tokens.map((t) => [t.pii, t.contas])).toEqual([
      [false, null],
      [true, ['matriz']],
      [true, ['matriz', 'filial_sp']],
    ]);
    expect(credentials.user).toMatchObject({ name: 'gerente', pii: false, contas: ['filial_sp'] });
  });

  it('refuses an account that is not configured, an empty list and unknown grants, naming the variable', () => {
    expect(refusal(withGrants(`${'a'.repeat(20)}:conta=norte`))).toMatch(/API_TOKENS.*norte/);
    expect(refusal(withGrants(`${'a'.repeat(20)}:conta=`))).toMatch(/API_TOKENS.*conta=/);
    expect(refusal(withGrants(`${'a'.repeat(20)}:conta=matriz+`))).toMatch(/API_TOKENS/);
    expect(refusal(withGrants(`${'a'.repeat(20)}:admin`))).toMatch(/API_TOKENS.*admin/);
    expect(refusal(withGrants(`${'a'.repeat(20)}`, 'diretoria:conta=sul'))).toMatch(/DASHBOARD_USER.*sul/);
    expect(refusal(withGrants(`${'a'.repeat(20)}`, ':pii'))).toMatch(/DASHBOARD_USER/);
  });

  it('a single-account installation grants by the name "principal"', () => {
    const config = loadConfig({ API_TOKENS: `${'a'.repeat(20)}:conta=principal` });
    expect(readCredentials(config).tokens[0]?.contas).toEqual([PRINCIPAL_ACCOUNT]);
    expect(refusal({ API_TOKENS: `${'a'.repeat(20)}:conta=matriz` })).toMatch(/matriz/);
  });
});
