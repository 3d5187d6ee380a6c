// The summary `cvcrm-etl sync` prints when it ends, as a person reads it: pt-BR words, numbers with
// the thousands dot and durations with the decimal comma. Real child process, real database, the
// simulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { cliAgainstSimulator } from '../helpers/cli-against-simulator.ts';
import { runCli } from '../helpers/run-cli.ts';

// Columns are as wide as their widest cell, so the spaces between the headings vary.
const HEADER = /^recurso +situação +modo +requisições +páginas +registros +gravados +rejeitados +ilegíveis +excluídos +tempo$/;
// The words of the summary before it spoke Portuguese: none may be left.
const ENGLISH = /\b(resource|status|mode|requests|pages|records|upserted|rejected|field_problems|deleted|seconds|succeeded|failed|full|sync finished)\b/;

describe('cvcrm-etl sync summary', () => {
  let sim: RunningSimulator;
  let env: Record<string, string>;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    // Over a thousand reservations, so the counts need the thousands dot.
    ({ sim, env, stop } = await cliAgainstSimulator({ scale: 1200, seed: 4 }));
  });
  afterAll(() => stop());

  it('says in pt-BR what each resource did, with pt-BR numbers and durations', async () => {
    const held = sim.data.snapshot('reservas').length;
    expect(held).toBeGreaterThanOrEqual(1000);
    const sync = await runCli(['sync', 'reservas', '--full'], env);
    expect(sync.code, sync.stderr).toBe(0);
    const lines = sync.stdout.trimEnd().split('\n');
    const header = lines.findIndex((l) => HEADER.test(l));
    expect(header, sync.stdout).toBeGreaterThanOrEqual(0);
    const summary = lines.slice(header);
    expect(summary[1]).toMatch(/^[- ]+$/);
    expect(summary[1]!.length).toBe(summary[0]!.length);
    const row = /^reservas +concluído +completa +(\d+) +(\d+) +([\d.]+) +([\d.]+) +0 +0 +0 +(\d+,\d s|\d+ min \d{2} s)$/.exec(summary[2]!);
    expect(row, summary[2]).not.toBeNull();
    const [, requests, pages, records, upserted] = row!;
    expect(Number(requests)).toBeGreaterThanOrEqual(Number(pages));
    // Counts of a thousand or more carry the dot. Both count the cursor's re-reads too, so they
    // reach at least what the API holds.
    for (const count of [records!, upserted!]) {
      expect(count).toMatch(/^\d{1,3}(\.\d{3})+$/);
      expect(Number(count.replace(/\./g, ''))).toBeGreaterThanOrEqual(held);
    }
    expect(summary[3]).toMatch(/^sincronização concluída em (\d+,\d s|\d+ min \d{2} s)$/);
    expect(summary).toHaveLength(4);
    // The progress before it is pt-BR too: the last page and the end of the resource.
    expect(sync.stdout).toContain(`reservas: concluído, ${new Intl.NumberFormat('pt-BR').format(held)} registros em `);
    expect(sync.stdout).not.toMatch(ENGLISH);
  });

  it('says which resource failed and why, and that the sync ended with failures', async () => {
    const sync = await runCli(['sync', 'reservas'], { ...env, CVCRM_API_TOKEN: 'f'.repeat(40) });
    expect(sync.code).toBe(1);
    const lines = sync.stdout.trimEnd().split('\n');
    const summary = lines.slice(lines.findIndex((l) => HEADER.test(l)));
    expect(summary[0]).toMatch(HEADER);
    expect(summary[2]).toMatch(/^reservas +falhou +incremental +\d+ +0 +0 +0 +0 +0 +0 +\d+,\d s$/);
    expect(summary[3]).toBe('reservas: CVDW recusou as credenciais (HTTP 401): confira CVCRM_API_EMAIL e CVCRM_API_TOKEN.');
    expect(summary[4]).toMatch(/^sincronização terminada com falhas em \d+,\d s$/);
    expect(sync.stdout).not.toContain('f'.repeat(40));
    expect(sync.stdout).not.toMatch(ENGLISH);
  });
});
