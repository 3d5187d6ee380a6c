// `cvcrm-etl titular` as an operator runs it: lists tables, keys and fields, never the values,
// exits 0, and anonimizar records who asked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { cliAgainstSimulator } from '../helpers/cli-against-simulator.ts';
import type { TestDatabase } from '../helpers/databases.ts';
import { runCli } from '../helpers/run-cli.ts';

describe('cvcrm-etl titular', () => {
  let sim: RunningSimulator;
  let target: TestDatabase;
  let env: Record<string, string>;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ sim, target, env, stop } = await cliAgainstSimulator({ scale: 40, seed: 43 }, { CVCRM_RESOURCES: 'reservas,vendas' }));
  });
  afterAll(() => stop());

  it('consultar and anonimizar print where, never what', async () => {
    expect((await runCli(['sync'], env)).code).toBe(0);
    const reserva = sim.data.snapshot('reservas').find((r) => typeof r.documento_cliente === 'string')!;
    const cpf = String(reserva.documento_cliente);
    const email = String(reserva.email);

    const help = await runCli(['titular', '--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Direitos do titular \(LGPD, art\. 18\)/);

    const consulted = await runCli(['titular', 'consultar', '--cpf', `${cpf.slice(0, 3)}.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-${cpf.slice(9)}`], env);
    expect(consulted.code, consulted.stderr).toBe(0);
    expect(consulted.stdout).toMatch(new RegExp(`cvdw\\.reservas\\s+${String(reserva.referencia)}\\s+.*documento_cliente`));
    expect(consulted.stdout).toMatch(/Pedido registrado em etl\.data_subject_requests/);

    const anonymised = await runCli(['titular', 'anonimizar', '--email', email.toUpperCase(), '--solicitante', 'encarregado'], env);
    expect(anonymised.code, anonymised.stderr).toBe(0);
    expect(anonymised.stdout).toMatch(/registros? anonimizados?/);
    for (const out of [consulted, anonymised]) {
      for (const value of [cpf, email, String(reserva.cliente)]) expect(out.stdout + out.stderr).not.toContain(value);
    }
    const audit = await target.db.query<{ kind: string; requested_by: string }>('select kind, requested_by from etl.data_subject_requests order by id');
    expect(audit.rows.map((r) => r.kind)).toEqual(['consultar', 'anonimizar']);
    expect(audit.rows[1]!.requested_by).toBe('encarregado');

    const again = await runCli(['titular', 'consultar', '--cpf', cpf], env);
    expect(again.stdout).toMatch(/Nenhum registro deste titular encontrado/);

    const bad = await runCli(['titular', 'consultar'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--cpf ou --email/);
  });
});
