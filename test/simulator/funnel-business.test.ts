// The funnel looks like a real company's: about a dozen leads per reservation, a few percent of
// leads reaching a sale, channels that convert very differently, brokers who answer at very
// different speeds, skewed loss reasons, and each oddity the funnel figures must handle.
import { describe, expect, it } from 'vitest';
import { funnelWorld, leadIdsOf, median, seconds, type Row } from './funnel-fixture.ts';

const world = funnelWorld(2_000);
const rows = (resource: string): Row[] => world.rows[resource] ?? [];

/** idlead -> the reservations that list it. */
function reservationsByLead(): Map<number, Row[]> {
  const map = new Map<number, Row[]>();
  for (const reserva of rows('reservas')) {
    for (const id of leadIdsOf(reserva)) if (world.leadsById.has(id)) map.set(id, [...(map.get(id) ?? []), reserva]);
  }
  return map;
}

describe('the shape of the business', () => {
  const byLead = reservationsByLead();
  const sold = (id: number): boolean => (byLead.get(id) ?? []).some((r) => r.data_venda !== null);

  it('has about a dozen leads per reservation and a few percent of leads reaching a sale', () => {
    const ratio = rows('leads').length / rows('reservas').length;
    expect(ratio).toBeGreaterThanOrEqual(10);
    expect(ratio).toBeLessThanOrEqual(20);
    const selling = rows('leads').filter((l) => sold(Number(l.idlead))).length / rows('leads').length;
    expect(selling).toBeGreaterThan(0.02);
    expect(selling).toBeLessThan(0.1);
  });

  it('converts at least three times better through the best channel than through the worst', () => {
    const byOrigem = new Map<string, { leads: number; sales: number }>();
    for (const lead of rows('leads')) {
      const origem = lead.origem === null || lead.origem === '' ? 'Não informado' : String(lead.origem);
      const entry = byOrigem.get(origem) ?? { leads: 0, sales: 0 };
      entry.leads += 1;
      if (sold(Number(lead.idlead))) entry.sales += 1;
      byOrigem.set(origem, entry);
    }
    const rates = [...byOrigem.entries()].filter(([origem, e]) => origem !== 'Não informado' && e.leads >= 300).map(([, e]) => e.sales / e.leads);
    expect(rates.length).toBeGreaterThanOrEqual(8);
    expect(Math.max(...rates)).toBeGreaterThanOrEqual(3 * Math.min(...rates));
    const rateOf = (origem: string): number => (byOrigem.get(origem)?.sales ?? 0) / (byOrigem.get(origem)?.leads ?? 1);
    expect(rateOf('Indicação')).toBeGreaterThan(3 * rateOf('Portal imobiliário'));
    expect(rateOf('Stand de vendas')).toBeGreaterThan(3 * rateOf('Facebook'));
  });

  it('has brokers who answer in minutes and others who take a day, and leads nobody answered', () => {
    const hours = new Map<unknown, number[]>();
    let unanswered = 0;
    for (const lead of rows('leads')) {
      const [cad, answered] = [seconds(lead.data_cad), seconds(lead.data_primeira_interacao_corretor)];
      if (answered === undefined) unanswered += 1;
      if (cad === undefined || answered === undefined) continue;
      hours.set(lead.idcorretor, [...(hours.get(lead.idcorretor) ?? []), (answered - cad) / 3_600]);
    }
    const medians = [...hours.values()].filter((h) => h.length >= 30).map(median);
    expect(medians.length).toBeGreaterThan(20);
    expect(Math.min(...medians)).toBeLessThan(1);
    expect(Math.max(...medians)).toBeGreaterThan(12);
    const share = unanswered / rows('leads').length;
    expect(share).toBeGreaterThan(0.06);
    expect(share).toBeLessThan(0.14);
  });

  it('loses leads for about ten reasons, a few of them far more common', () => {
    const reasons = new Map<string, number>();
    for (const lead of rows('leads')) if (lead.motivo_cancelamento !== null) reasons.set(String(lead.motivo_cancelamento), (reasons.get(String(lead.motivo_cancelamento)) ?? 0) + 1);
    const counts = [...reasons.values()].sort((a, b) => b - a);
    expect(counts.length).toBeGreaterThanOrEqual(8);
    expect(counts.length).toBeLessThanOrEqual(12);
    expect(counts[0] ?? 0).toBeGreaterThan(5 * (counts.at(-1) ?? 0));
    expect(reasons.has('Comprou com concorrente') && reasons.has('Sem interesse')).toBe(true);
  });

  it('keeps a reservation\'s mídia the one its lead came through', () => {
    let compared = 0;
    for (const reserva of rows('reservas')) {
      const [first] = leadIdsOf(reserva);
      const lead = first === undefined ? undefined : world.leadsById.get(first);
      if (lead === undefined || reserva.idprecadastro === null) continue;
      compared += 1;
      expect(lead.midia_original).toBe(reserva.midia);
    }
    expect(compared).toBeGreaterThan(1_500);
  });

  it('has every oddity the funnel figures must handle', () => {
    const multi = rows('reservas').filter((r) => leadIdsOf(r).filter((id) => world.leadsById.has(id)).length >= 2);
    expect(multi.length).toBeGreaterThan(0);
    expect([...byLead.values()].some((reservas) => reservas.length >= 2)).toBe(true);
    expect(rows('reservas').some((r) => leadIdsOf(r).some((id) => !world.leadsById.has(id)))).toBe(true);
    expect(rows('reservas').some((r) => r.idlead === null)).toBe(true);
    const wonBack = new Set(rows('leads/ganhos').map((g) => Number(g.idlead)));
    expect([...wonBack].some((id) => sold(id))).toBe(true);
    expect(rows('leads').some((l) => l.origem === null)).toBe(true);
    expect(rows('leads').some((l) => l.origem === '')).toBe(true);
    const noOrigem = rows('leads').filter((l) => l.origem === null || l.origem === '').length / rows('leads').length;
    expect(noOrigem).toBeGreaterThan(0.015);
    expect(noOrigem).toBeLessThan(0.05);
    expect(rows('leads').some((l) => String(l.idempreendimento).includes(', '))).toBe(true);
    expect(rows('leads').some((l) => l.data_cad === '0000-00-00 00:00:00')).toBe(true);
    expect(rows('leads').some((l) => String(l.nome).includes('&'))).toBe(true);
    expect(rows('leads').every((l) => typeof l.idempreendimento === 'string')).toBe(true);
    expect(rows('precadastros').every((p) => typeof p.idlead === 'string')).toBe(true);
  });

  it('shows visits done on a share of the leads, more of them among buyers', () => {
    const visited = new Set(rows('leads/visitas').filter((v) => v.data_conclusao !== null).map((v) => Number(v.idlead)));
    expect(visited.size / rows('leads').length).toBeGreaterThan(0.1);
    const buyers = [...byLead.keys()];
    expect(buyers.filter((id) => visited.has(id)).length / buyers.length).toBeGreaterThan(0.7);
    const situations = new Set(rows('leads/visitas').map((v) => v.situacao));
    expect(situations).toEqual(new Set(['Realizada', 'Agendada', 'Cancelada']));
  });
});
