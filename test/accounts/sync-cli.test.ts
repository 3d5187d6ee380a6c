// `sync --conta NAME` through the real command: only that account is read; an unknown name is a
// usage error; without it every account is synced, each under its heading, and the exit code
// says whether every account succeeded. `check` and `verify` answer per account.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { runCli } from '../helpers/run-cli.ts';
import { accountsEnv, simulatorRecords } from '../helpers/sync-harness.ts';

describe('cvcrm-etl with several accounts', () => {
  let alfa: RunningSimulator;
  let beta: RunningSimulator;
  let target: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    [alfa, beta] = await Promise.all([
      startSimulator({ seed: 5, scale: 80, today: '2026-11-20', rateLimit: false }),
      startSimulator({ seed: 6, scale: 50, today: '2026-11-20', rateLimit: false }),
    ]);
    target = await createTestDatabase('postgres');
    env = {
      DATABASE_URL: target.url!,
      ...accountsEnv([{ name: 'alfa', sim: alfa, requestsPerMinute: 6000 }, { name: 'beta', sim: beta, requestsPerMinute: 6000 }]),
    };
  });
  afterAll(async () => {
    await target?.dispose();
    await Promise.all([alfa?.stop(), beta?.stop()]);
  });

  const count = async (conta: string) =>
    (await target.db.query<{ n: number }>('select count(*)::int as n from cvdw.distratos where conta = $1::text', [conta])).rows[0]!.n;

  it('sync --conta syncs that account only, printed as a single account', async () => {
    const only = await runCli(['sync', '--conta', 'beta'], env);
    expect(only.code, only.stderr).toBe(0);
    expect(only.stdout).not.toMatch(/== conta/);
    expect(only.stdout).toMatch(/distratos\s+concluído/);
    expect(await count('beta')).toBe(simulatorRecords(beta, 'distratos').size);
    expect(await count('alfa')).toBe(0);
    expect(alfa.requests.count()).toBe(0);
  });

  it('an unknown account is a usage error in one sentence', async () => {
    const bad = await runCli(['sync', '--conta', 'gama'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/A conta "gama" não está configurada \(contas: alfa, beta\)/);
  });

  it('sync without --conta syncs every account under its heading; a failed account fails the exit code', async () => {
    const both = await runCli(['sync'], env);
    expect(both.code, both.stdout + both.stderr).toBe(0);
    expect(both.stdout).toMatch(/== conta alfa ==[\s\S]*== conta beta ==[\s\S]*todas as contas sincronizadas/);
    // The progress names each account's resources apart.
    expect(both.stdout).toMatch(/^alfa\/distratos: /m);
    expect(both.stdout).toMatch(/^beta\/distratos: /m);
    expect(await count('alfa')).toBe(simulatorRecords(alfa, 'distratos').size);

    const verified = await runCli(['verify'], env);
    expect(verified.code, verified.stdout).toBe(0);
    expect(verified.stdout).toMatch(/^alfa\s+distratos\s+\d+\s+\d+\s+ok$/m);
    expect(verified.stdout).toMatch(/^beta\s+distratos\s+\d+\s+\d+\s+ok$/m);

    const wrong = { ...env, CVCRM_BETA_API_TOKEN: 'e'.repeat(40) };
    const failed = await runCli(['sync'], wrong);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/contas com falha: beta$/m);
    expect(failed.stdout).toContain('CVDW recusou as credenciais (HTTP 401): confira CVCRM_BETA_API_EMAIL e CVCRM_BETA_API_TOKEN.');
    expect(failed.stdout).not.toContain('e'.repeat(40));
    const checked = await runCli(['check'], wrong);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toMatch(/^cvdw \(conta alfa\): ok/m);
    expect(checked.stdout).toMatch(/^cvdw \(conta beta\): FALHOU/m);
  });
});
