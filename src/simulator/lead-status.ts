// The situations a lead goes through in CV CRM's commercial funnel, with their ids. A lead's
// record shows the current one and the one before; /leads/historico/situacoes the transitions.
export const LEAD_SITUACOES = {
  aguardando: [1, 'Aguardando atendimento'],
  atendimento: [2, 'Em atendimento'],
  visitaAgendada: [3, 'Visita agendada'],
  visitaRealizada: [4, 'Visita realizada'],
  analiseCredito: [5, 'Análise de crédito'],
  comReserva: [6, 'Com reserva'],
  vendaRealizada: [7, 'Venda realizada'],
  perdido: [8, 'Perdido'],
} as const;

export type LeadSituacao = (typeof LEAD_SITUACOES)[keyof typeof LEAD_SITUACOES];

/** Outcomes of a scheduled visit; only 'Realizada' has a data_conclusao. */
export type VisitOutcome = 'Realizada' | 'Agendada' | 'Cancelada';

export const PRECADASTRO_SITUACOES = {
  analise: [1, 'Em análise'],
  aprovado: [2, 'Aprovado'],
  reprovado: [3, 'Reprovado'],
  cancelado: [4, 'Cancelado'],
} as const;

export type PrecadastroSituacao = (typeof PRECADASTRO_SITUACOES)[keyof typeof PRECADASTRO_SITUACOES];
