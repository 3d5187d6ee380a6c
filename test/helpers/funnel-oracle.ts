// The commercial funnel computed a second way, for tests: plain rows read from the mirror
// (cvdw.*, never bi or public) and every rule of DOMAIN.md applied in JavaScript. The product
// computes the same figures in SQL from the bi star schema; the two must agree.
import type { Queryable } from '../../src/db/database.ts';

export interface OraclePeriod {
  /** Inclusive bounds, YYYY-MM-DD. */
  readonly de: string;
  readonly ate: string;
}

export interface OracleSteps {
  leads: number;
  visitas: number;
  reservas: number;
  vendas: number;
}

export interface OracleFunnel {
  readonly cohort: OracleSteps;
  readonly flow: OracleSteps;
  readonly diasAteVendaMediana: number | null;
  /** How many sold leads the median of days to sale is over. */
  readonly leadsComVendaMedidos: number;
  readonly horasPrimeiroAtendimentoMediana: number | null;
  readonly byOrigin: ReadonlyMap<string, OracleSteps>;
  readonly byBroker: ReadonlyMap<string, OracleSteps>;
  readonly lostReasons: readonly { motivo: string; leads: number }[];
}

interface LeadRow {
  idlead: number;
  data_cad: string | null;
  origem: string | null;
  idcorretor: number | null;
  corretor: string | null;
  primeira: string | null;
  motivo_cancelamento: string | null;
  motivo: string | null;
}

const NOT_INFORMED = 'Não informado';

function label(value: string | null): string {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? NOT_INFORMED : trimmed;
}

function day(timestamp: string | null): string | null {
  return timestamp === null ? null : timestamp.slice(0, 10);
}

function seconds(timestamp: string): number {
  return Date.parse(`${timestamp.replace(' ', 'T')}Z`) / 1000;
}

function inPeriod(date: string | null, period: OraclePeriod): boolean {
  return date !== null && date >= period.de && date <= period.ate;
}

/** percentile_cont(0.5): the middle value, or the mean of the two middle ones. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function emptySteps(): OracleSteps {
  return { leads: 0, visitas: 0, reservas: 0, vendas: 0 };
}

export async function funnelOracle(db: Queryable, period: OraclePeriod): Promise<OracleFunnel> {
  const ts = (column: string) => `to_char(${column}, 'YYYY-MM-DD HH24:MI:SS')`;
  const leads = (
    await db.query<LeadRow>(
      `select idlead, ${ts('data_cad')} as data_cad, origem, idcorretor, corretor,
         ${ts('data_primeira_interacao_corretor')} as primeira, motivo_cancelamento, motivo
       from cvdw.leads where deleted_at is null and ativo is distinct from 'N' and idlead is not null`,
    )
  ).rows;
  const visits = (
    await db.query<{ idlead: number | null; data_conclusao: string | null }>(
      `select idlead, ${ts('data_conclusao')} as data_conclusao
       from cvdw.leads_visitas where deleted_at is null and ativo is distinct from 'N'`,
    )
  ).rows;
  const losses = (
    await db.query<{ idlead: number | null; data_perda: string | null }>(
      `select idlead, ${ts('data_perda')} as data_perda
       from cvdw.leads_perdas where deleted_at is null and ativo is distinct from 'N'`,
    )
  ).rows;
  const reservations = (
    await db.query<{ idreserva: number; idlead: string | null; ativo: string | null; data_cad: string | null; data_venda: string | null; valor: number | null; situacao: string | null }>(
      `select idreserva, idlead, ativo, ${ts('data_cad')} as data_cad, to_char(data_venda, 'YYYY-MM-DD') as data_venda,
         valor_contrato as valor, situacao
       from cvdw.reservas where deleted_at is null and idreserva is not null`,
    )
  ).rows;

  const leadById = new Map(leads.map((l) => [l.idlead, l]));
  const visitedLeads = new Set(visits.filter((v) => v.data_conclusao !== null && v.idlead !== null).map((v) => v.idlead as number));
  const reservedLeads = new Set<number>();
  const firstSale = new Map<number, string>();
  for (const r of reservations) {
    const ids = (r.idlead ?? '').split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0 && leadById.has(n));
    const counted = r.ativo === 'S' && r.data_venda !== null && (r.valor ?? 0) > 0 && r.situacao !== 'Distrato';
    for (const id of new Set(ids)) {
      if (r.ativo === 'S') reservedLeads.add(id);
      if (counted) {
        const previous = firstSale.get(id);
        if (previous === undefined || (r.data_venda as string) < previous) firstSale.set(id, r.data_venda as string);
      }
    }
  }

  const cohort = emptySteps();
  const byOrigin = new Map<string, OracleSteps>();
  const byBroker = new Map<string, OracleSteps>();
  const daysToSale: number[] = [];
  const hoursToAnswer: number[] = [];
  for (const lead of leads) {
    if (!inPeriod(day(lead.data_cad), period)) continue;
    const steps = [
      ['leads', true],
      ['visitas', visitedLeads.has(lead.idlead)],
      ['reservas', reservedLeads.has(lead.idlead)],
      ['vendas', firstSale.has(lead.idlead)],
    ] as const;
    const origin = byOrigin.get(label(lead.origem)) ?? emptySteps();
    byOrigin.set(label(lead.origem), origin);
    const broker = byBroker.get(label(lead.corretor)) ?? emptySteps();
    byBroker.set(label(lead.corretor), broker);
    for (const [step, reached] of steps) {
      if (!reached) continue;
      cohort[step] += 1;
      origin[step] += 1;
      broker[step] += 1;
    }
    const sale = firstSale.get(lead.idlead);
    if (sale !== undefined && lead.data_cad !== null) {
      // A sale dated before the lead is a data error, left out of the median like negative hours.
      const days = Math.round((Date.parse(sale) - Date.parse(lead.data_cad.slice(0, 10))) / 86_400_000);
      if (days >= 0) daysToSale.push(days);
    }
    if (lead.primeira !== null && lead.data_cad !== null) {
      const hours = (seconds(lead.primeira) - seconds(lead.data_cad)) / 3600;
      if (hours >= 0) hoursToAnswer.push(Math.round(hours * 100) / 100);
    }
  }

  const flow: OracleSteps = {
    leads: leads.filter((l) => inPeriod(day(l.data_cad), period)).length,
    // Only visits of leads that count (not deleted, ativo not 'N'), as the leads step.
    visitas: visits.filter((v) => v.idlead !== null && leadById.has(v.idlead) && inPeriod(day(v.data_conclusao), period)).length,
    reservas: reservations.filter((r) => r.ativo === 'S' && inPeriod(day(r.data_cad), period)).length,
    vendas: reservations.filter((r) => r.ativo === 'S' && (r.valor ?? 0) > 0 && r.situacao !== 'Distrato' && inPeriod(r.data_venda, period)).length,
  };

  // A lead's loss is its latest one (a lead lost, won back and lost again counts once).
  const latestLoss = new Map<number, string>();
  for (const loss of losses) {
    if (loss.idlead === null || loss.data_perda === null || !leadById.has(loss.idlead)) continue;
    const previous = latestLoss.get(loss.idlead);
    if (previous === undefined || loss.data_perda > previous) latestLoss.set(loss.idlead, loss.data_perda);
  }
  const lostInPeriod = [...latestLoss].filter(([, date]) => inPeriod(day(date), period)).map(([id]) => id);
  const reasons = new Map<string, number>();
  for (const id of lostInPeriod) {
    const lead = leadById.get(id) as LeadRow;
    const reason = label(lead.motivo_cancelamento?.trim() ? lead.motivo_cancelamento : lead.motivo);
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  const lostReasons = [...reasons.entries()]
    .map(([motivo, n]) => ({ motivo, leads: n }))
    .sort((a, b) => b.leads - a.leads || a.motivo.localeCompare(b.motivo))
    .slice(0, 10);

  return {
    cohort, flow, byOrigin, byBroker, lostReasons,
    diasAteVendaMediana: median(daysToSale),
    leadsComVendaMedidos: daysToSale.length,
    horasPrimeiroAtendimentoMediana: median(hoursToAnswer),
  };
}
