// The funnel records agree with each other and with the reservations, as the business does:
// every lead a reservation lists exists (or, rarely, does not), and each step of a lead's life
// comes after the step before it, and before today.
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/cvdw/catalog/index.ts';
import { FUNNEL_RESOURCES, funnelWorld, leadIdsOf, seconds, TODAY, type Row } from './funnel-fixture.ts';

const TODAY_SECONDS = seconds(`${TODAY} 00:00:00`) ?? 0;
const PHANTOM_IDS_FROM = 900_000_000;

describe.each([300, 2_000])('funnel linkage at scale %i', (scale) => {
  const world = funnelWorld(scale);
  const rows = (resource: string): Row[] => world.rows[resource] ?? [];
  const leadOf = (row: Row): Row | undefined => world.leadsById.get(Number(row.idlead));

  it('lists in reservas.idlead leads that exist, or now and then an id with no lead behind it', () => {
    const problems: string[] = [];
    let phantoms = 0;
    for (const reserva of rows('reservas')) {
      if (reserva.idlead !== null) expect(String(reserva.idlead)).toMatch(/^\d+(, \d+)*$/);
      for (const id of leadIdsOf(reserva)) {
        if (world.leadsById.has(id)) continue;
        if (id >= PHANTOM_IDS_FROM) phantoms += 1;
        else problems.push(`${String(reserva.idreserva)}: ${id}`);
      }
    }
    expect(problems).toEqual([]);
    expect(phantoms).toBeLessThan(scale * 0.05);
  });

  it('creates every listed lead before its reservation', () => {
    const late: string[] = [];
    for (const reserva of rows('reservas')) {
      const reserved = seconds(reserva.data_cad);
      for (const id of leadIdsOf(reserva)) {
        const cad = seconds(world.leadsById.get(id)?.data_cad);
        if (reserved !== undefined && cad !== undefined && cad >= reserved) late.push(`${String(reserva.idreserva)}: ${id}`);
      }
    }
    expect(late).toEqual([]);
  });

  it('points each reservation with a lead at its own pré-cadastro, filed for that lead between its arrival and the reservation', () => {
    const precadastros = new Map(rows('precadastros').map((p) => [Number(p.idprecadastro), p]));
    let linked = 0;
    for (const reserva of rows('reservas')) {
      const [first] = leadIdsOf(reserva);
      if (reserva.idprecadastro === null) continue;
      linked += 1;
      const precadastro = precadastros.get(Number(reserva.idprecadastro));
      expect(precadastro?.idlead).toBe(String(first));
      expect(precadastro?.idunidade).toBe(reserva.idunidade);
      const [filed, arrived, reserved] = [seconds(precadastro?.data_cad), seconds(world.leadsById.get(first ?? 0)?.data_cad), seconds(reserva.data_cad)];
      if (filed !== undefined && arrived !== undefined) expect(filed).toBeGreaterThan(arrived);
      if (filed !== undefined && reserved !== undefined) expect(filed).toBeLessThan(reserved);
    }
    for (const precadastro of rows('precadastros')) {
      const lead = leadOf(precadastro);
      expect(lead, String(precadastro.idprecadastro)).toBeDefined();
      const decided = seconds(precadastro.data_ultima_alteracao_situacao) ?? 0;
      expect(decided).toBeGreaterThanOrEqual(seconds(precadastro.data_cad) ?? 0);
    }
    expect(linked / scale).toBeGreaterThan(0.85);
    expect(linked / scale).toBeLessThan(0.97);
  });

  it('dates visits after their lead arrived, and the buyer\'s visit before the reservation', () => {
    const problems: string[] = [];
    const buyers = new Map<number, number>();
    for (const reserva of rows('reservas')) {
      const [first] = leadIdsOf(reserva);
      const reserved = seconds(reserva.data_cad);
      if (first !== undefined && reserved !== undefined) buyers.set(first, Math.min(reserved, buyers.get(first) ?? Infinity));
    }
    let buyerVisits = 0;
    for (const visit of rows('leads/visitas')) {
      const lead = leadOf(visit);
      if (lead === undefined) { problems.push(`visit ${String(visit.idtarefa)} has no lead`); continue; }
      const cad = seconds(lead.data_cad) ?? -Infinity;
      const [scheduled, at, done] = [seconds(visit.data_cad) ?? 0, seconds(visit.data) ?? 0, seconds(visit.data_conclusao)];
      if (!(cad < scheduled && scheduled <= at)) problems.push(`visit ${String(visit.idtarefa)} before its lead`);
      if ((done !== undefined) !== (visit.situacao === 'Realizada')) problems.push(`visit ${String(visit.idtarefa)}: done without Realizada`);
      if (done !== undefined && done < at) problems.push(`visit ${String(visit.idtarefa)} concluded before it happened`);
      const reserved = buyers.get(Number(visit.idlead));
      if (reserved !== undefined && done !== undefined) {
        buyerVisits += 1;
        if (done >= reserved) problems.push(`visit ${String(visit.idtarefa)} after the reservation`);
      }
    }
    expect(problems).toEqual([]);
    expect(buyerVisits).toBeGreaterThan(scale * 0.7);
  });

  it('loses a lead after it arrived, wins it back after the loss, and shows both on the lead', () => {
    const problems: string[] = [];
    const losses = new Map<number, number>();
    for (const perda of rows('leads/perdas')) {
      const lead = leadOf(perda);
      const lost = seconds(perda.data_perda) ?? 0;
      losses.set(Number(perda.idlead), lost);
      if (lead === undefined) { problems.push(`loss ${String(perda.referencia)} has no lead`); continue; }
      if (lost <= (seconds(lead.data_cad) ?? -Infinity)) problems.push(`loss of ${String(perda.idlead)} before its lead`);
      if (lead.data_cancelamento !== perda.data_perda || lead.motivo_cancelamento === null || lead.motivo !== lead.motivo_cancelamento) {
        problems.push(`lead ${String(perda.idlead)} does not show its loss`);
      }
    }
    expect(losses.size).toBe(rows('leads/perdas').length);
    for (const ganho of rows('leads/ganhos')) {
      const lost = losses.get(Number(ganho.idlead));
      const won = seconds(ganho.data_ganho) ?? 0;
      if (lost === undefined || won <= lost) problems.push(`win-back of ${String(ganho.idlead)} without an earlier loss`);
      if (leadOf(ganho)?.data_reativacao !== ganho.data_ganho) problems.push(`lead ${String(ganho.idlead)} does not show its win-back`);
    }
    expect(problems).toEqual([]);
    const lostLeads = rows('leads').filter((l) => l.situacao === 'Perdido');
    expect(lostLeads.length).toBe(rows('leads/perdas').length - rows('leads/ganhos').length);
  });

  it('answers a lead after it arrived, and records each lead\'s situations in the history', () => {
    const problems: string[] = [];
    for (const lead of rows('leads')) {
      const cad = seconds(lead.data_cad);
      const answered = seconds(lead.data_primeira_interacao_corretor);
      if (cad !== undefined && answered !== undefined && answered <= cad) problems.push(`lead ${String(lead.idlead)} answered before it arrived`);
      if ((lead.idsituacao_anterior === null) !== (lead.nome_situacao_anterior_lead === null)) problems.push(`lead ${String(lead.idlead)}: half a previous situation`);
    }
    const historyOf = new Map<number, Row[]>();
    for (const row of rows('leads/historico/situacoes')) historyOf.set(Number(row.idlead), [...(historyOf.get(Number(row.idlead)) ?? []), row]);
    for (const lead of rows('leads')) {
      const history = historyOf.get(Number(lead.idlead)) ?? [];
      if (history.length === 0) problems.push(`lead ${String(lead.idlead)} has no history`);
      const last = history.find((h) => h.para_nome === lead.situacao && h.de_nome === lead.nome_situacao_anterior_lead);
      if (lead.nome_situacao_anterior_lead !== null && lead.nome_situacao_anterior_lead !== 'Perdido' && last === undefined) {
        problems.push(`lead ${String(lead.idlead)}: its last change is not in the history`);
      }
    }
    for (const row of rows('leads/historico/situacoes')) {
      if (row.para_nome === 'Perdido' && (row.motivo_cancelamento === null || row.data_cancelamento !== row.data_cad)) problems.push(`history ${String(row.idhistorico)}: a loss without its reason`);
      if (typeof row.para !== 'string') problems.push(`history ${String(row.idhistorico)}: para is not a string`);
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('tells on the lead which reservation it reached', () => {
    for (const lead of rows('leads')) {
      if (lead.reserva === null) continue;
      const reserva = world.reservasById.get(Number(lead.reserva));
      expect(reserva === undefined ? [] : leadIdsOf(reserva)).toContain(Number(lead.idlead));
      expect(['Com reserva', 'Venda realizada', 'Em atendimento']).toContain(lead.situacao);
    }
  });

  it('dates nothing after today (deadlines aside)', () => {
    const deadlines = new Set(['data_vencimento', 'sla_vencimento', 'vencimento_aprovacao']);
    const future: string[] = [];
    for (const resource of FUNNEL_RESOURCES) {
      const dated = CATALOG.get(resource)?.fields.filter((f) => f.type === 'timestamp' && !deadlines.has(f.name)).map((f) => f.name) ?? [];
      for (const row of rows(resource)) {
        for (const field of [...dated, 'ultima_data_conversao']) {
          const at = seconds(row[field]);
          if (at !== undefined && at >= TODAY_SECONDS) future.push(`${resource} ${String(row.referencia)} ${field}`);
        }
      }
    }
    expect(future).toEqual([]);
  });
});
