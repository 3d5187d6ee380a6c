// Where a lead stands now, and since when: a pure function of what happened to it. A lead that
// reached reservations follows the most advanced of them; any other lead, its own last step.
import { LEAD_SITUACOES, type LeadSituacao, type VisitOutcome } from './lead-status.ts';
import type { ReservaCore } from './reservation-core.ts';

export interface LeadEvents {
  readonly reservations: readonly ReservaCore[];
  readonly dataCad: number;
  /** Lost for good (not won back). */
  readonly lostAt: number | undefined;
  readonly wonBackAt: number | undefined;
  readonly firstContact: number | undefined;
  readonly visit: { readonly outcome: VisitOutcome; readonly scheduledAt: number; readonly at: number; readonly concludedAt: number | undefined } | undefined;
  readonly precadastroAt: number | undefined;
}

export interface LeadStanding {
  readonly situacao: LeadSituacao;
  readonly previous: LeadSituacao | undefined;
  readonly changedAt: number;
}

const S = LEAD_SITUACOES;
const RESERVATION_RANK: Readonly<Record<string, number>> = { Vendida: 3, 'Em análise': 2, Reserva: 2, Distrato: 1, Cancelada: 1 };

/** A cancelled or undone reservation puts its lead back in service; it is not lost. */
function fromReservation(core: ReservaCore): LeadStanding {
  if (core.situacao === 'Vendida') return { situacao: S.vendaRealizada, previous: S.comReserva, changedAt: core.dataVenda ?? core.createdAt };
  if (core.situacao === 'Distrato') return { situacao: S.atendimento, previous: S.vendaRealizada, changedAt: core.dataCancelamento ?? core.nominal };
  if (core.situacao === 'Cancelada') return { situacao: S.atendimento, previous: S.comReserva, changedAt: core.dataCancelamento ?? core.nominal };
  return { situacao: S.comReserva, previous: S.analiseCredito, changedAt: core.createdAt };
}

export function leadStanding(events: LeadEvents): LeadStanding {
  const best = [...events.reservations]
    .sort((a, b) => (RESERVATION_RANK[a.situacao] ?? 0) - (RESERVATION_RANK[b.situacao] ?? 0) || a.createdAt - b.createdAt)
    .at(-1);
  if (best !== undefined) return fromReservation(best);
  const { firstContact, visit } = events;
  if (events.lostAt !== undefined) {
    return { situacao: S.perdido, previous: firstContact === undefined ? S.aguardando : S.atendimento, changedAt: events.lostAt };
  }
  if (firstContact === undefined) return { situacao: S.aguardando, previous: undefined, changedAt: events.dataCad };
  if (events.precadastroAt !== undefined) {
    return { situacao: S.analiseCredito, previous: visit?.outcome === 'Realizada' ? S.visitaRealizada : S.atendimento, changedAt: events.precadastroAt };
  }
  if (visit?.outcome === 'Realizada') return { situacao: S.visitaRealizada, previous: S.visitaAgendada, changedAt: visit.concludedAt ?? visit.at };
  if (visit?.outcome === 'Agendada') return { situacao: S.visitaAgendada, previous: S.atendimento, changedAt: visit.scheduledAt };
  if (events.wonBackAt !== undefined) return { situacao: S.atendimento, previous: S.perdido, changedAt: events.wonBackAt };
  return { situacao: S.atendimento, previous: S.aguardando, changedAt: firstContact };
}
