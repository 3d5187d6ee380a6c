// The example questions of docs/bi.md, as the doc shows them (docs/bi-examples.sql), run on both
// databases over a known funnel whose dates are moved to this quarter, last quarter and this month.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { splitStatements } from '../../src/db/migrate.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { loadPage, PAGES } from './bi-records.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const statements = splitStatements(readFileSync(join(ROOT, 'docs', 'bi-examples.sql'), 'utf8'));
const doc = readFileSync(join(ROOT, 'docs', 'bi.md'), 'utf8');

describeEachDatabase('the example questions of docs/bi.md', (get) => {
  beforeAll(async () => {
    for (const [resource, records] of PAGES) await loadPage(get().db, resource, records);
    // The records are of 2025: shift the facts so the relative periods of the examples see them.
    await get().db.query(`update bi.fato_leads set data_lead = date_trunc('month', (now() at time zone 'America/Sao_Paulo')::date)::date + (idlead % 3)::int`);
    await get().db.query(`update bi.fato_leads set data_lead = (date_trunc('quarter', (now() at time zone 'America/Sao_Paulo')::date) - interval '2 months')::date where idlead in (101, 103, 105)`);
    await get().db.query(`update bi.fato_reservas set data_venda = (now() at time zone 'America/Sao_Paulo')::date - 10 where data_venda is not null`);
  });

  it('the doc points at the file of three questions', () => {
    expect(statements).toHaveLength(3);
    expect(doc).toContain('bi-examples.sql');
  });

  it('conversion by origin of last quarter\'s leads', async () => {
    const { rows } = await get().db.query(statements[0]!);
    expect(rows).toEqual([
      { origem: 'Facebook', leads: 2, pct_visita: 50, pct_reserva: 50, pct_venda: 50 },
      { origem: 'Site', leads: 1, pct_visita: 100, pct_reserva: 100, pct_venda: 100 },
    ]);
  });

  it('median speed to lead per broker this month', async () => {
    const { rows } = await get().db.query(statements[1]!);
    // Of this month's leads (102, 104) none has a first interaction after its registration.
    expect(rows).toEqual([]);
    await get().db.query(`update bi.fato_leads set data_lead = date_trunc('month', (now() at time zone 'America/Sao_Paulo')::date)::date where idlead = 101`);
    const { rows: after } = await get().db.query(statements[1]!);
    expect(after).toEqual([{ conta: 'principal', idcorretor: 7, corretor: 'Ana Lima', leads_atendidos: 1, mediana_horas: 2.5 }]);
    // Two brokers of the same name stay two rows.
    await get().db.query(`update bi.dim_corretor set corretor = 'Ana Lima' where idcorretor = 8`);
    await get().db.query(`update bi.fato_leads set horas_primeiro_atendimento = 4, corretor = 'Ana Lima' where idlead = 102`);
    const { rows: homonyms } = await get().db.query(statements[1]!);
    expect(homonyms).toEqual([
      { conta: 'principal', idcorretor: 7, corretor: 'Ana Lima', leads_atendidos: 1, mediana_horas: 2.5 },
      { conta: 'principal', idcorretor: 8, corretor: 'Ana Lima', leads_atendidos: 1, mediana_horas: 4 },
    ]);
  });

  it('sales per weekday from the calendar', async () => {
    const { rows } = await get().db.query<{ dia_semana: number; vendas: number }>(statements[2]!);
    expect(rows.map((r) => r.dia_semana)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(rows.reduce((sum, r) => sum + Number(r.vendas), 0)).toBe(2);
  });
});
