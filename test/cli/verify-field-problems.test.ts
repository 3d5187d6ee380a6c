// `cvcrm-etl verify` after a sync that met unreadable values: the counts match (the records are
// loaded), so it exits 0, and it lists the field problems apart, without their values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { cliAgainstSimulator } from '../helpers/cli-against-simulator.ts';
import { runCli } from '../helpers/run-cli.ts';

describe('cvcrm-etl verify with field problems', () => {
  let sim: RunningSimulator;
  let env: Record<string, string>;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ sim, env, stop } = await cliAgainstSimulator({ scale: 120, seed: 13 }, { CVCRM_RESOURCES: 'reservas,vendas' }));
  });
  afterAll(() => stop());

  it('matches after a sync that met unreadable values, exits 0 and lists the problems apart', async () => {
    const spoilt = sim.data.injectBad('reservas', 'bad-number');
    sim.data.injectBad('reservas', 'bad-date');
    sim.data.injectBad('vendas', 'bad-date');
    const sync = await runCli(['sync'], env);
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stdout).toMatch(/reservas\s+concluído\s+\w+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+0\s+2\s+0\s/);
    expect(sync.stdout).toMatch(/reservas: 2 registros carregados com valor ilegível/);
    expect(sync.stdout).toMatch(/vendas: 1 registro carregado com valor ilegível/);

    const verified = await runCli(['verify'], env);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/reservas\s+\d+\s+\d+\s+ok/);
    expect(verified.stdout).toMatch(/Registros carregados com campo ilegível .*reservas: 2 registros, vendas: 1 registro/);
    expect(verified.stdout).toMatch(new RegExp(`reservas\\s+valor_contrato\\s+número ilegível\\s+1 registro\\s+ex\\.: ${String(spoilt.referencia)}`));
    expect(verified.stdout).toMatch(/reservas\s+data_venda\s+data impossível\s+1 registro/);
    expect(verified.stdout).toMatch(/vendas\s+\S+\s+data impossível\s+1 registro/);
    // The values themselves stay in etl.field_problems: they may be personal data.
    expect(verified.stdout).not.toContain('abc');
    expect(verified.stdout).not.toContain('2024-13-45');
  });

  it('says so when no record has a field problem', async () => {
    const clean = { ...env, CVCRM_RESOURCES: 'unidades' };
    expect((await runCli(['sync'], clean)).code).toBe(0);
    const verified = await runCli(['verify'], clean);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/Nenhum registro com campo ilegível\./);
  });
});
