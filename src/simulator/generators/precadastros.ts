// /precadastros: the client's credit analysis, two per funnel group. Pré-cadastro 2g belongs to
// reservation g's own lead (the reservation's idprecadastro points to it) and follows the
// reservation; 2g+1 belongs to another lead of the group that is still being served. When a
// reservation has no lead, 2g goes to another lead too.
import { CORRESPONDENTES, MOTIVOS_REPROVACAO } from '../names-ptbr.ts';
import { PER_GROUP } from '../funnel-plan.ts';
import type { LeadCore } from '../funnel-core.ts';
import { PRECADASTRO_SITUACOES, type PrecadastroSituacao } from '../lead-status.ts';
import { formatSortKey } from '../naive-time.ts';
import { money, type ReservaCore } from '../reservation-core.ts';
import { rngFor, TAG } from '../rng.ts';
import { ID_BASE } from '../world.ts';
import { day, dt, parseId, refValue, type Rec } from './format.ts';
import { inRange, type GeneratorContext, type RecordSource } from './source.ts';

const P = PRECADASTRO_SITUACOES;

function situacaoOf(reservation: ReservaCore | undefined, pick: () => PrecadastroSituacao): PrecadastroSituacao {
  if (reservation === undefined) return pick();
  if (reservation.motivo === 'Crédito reprovado') return P.reprovado;
  return reservation.situacao === 'Em análise' ? P.analise : P.aprovado;
}

function precadastroRecord(ctx: GeneratorContext, lead: LeadCore, index: number, sortKey: number, filedAt: number, until: number, reservation: ReservaCore | undefined): Rec {
  const rng = rngFor(ctx.world.seed, TAG.precadastro, index);
  const situacao = situacaoOf(reservation, () => rng.weighted<PrecadastroSituacao>([[P.aprovado, 35], [P.reprovado, 30], [P.analise, 20], [P.cancelado, 15]]));
  const decided = situacao !== P.analise;
  const decidedAt = decided ? filedAt + Math.floor((until - filedAt) * rng.real(0.2, 0.7)) : filedAt;
  const { broker, project } = lead;
  const unit = reservation?.unit;
  const avaliacaoCents = unit !== undefined ? Math.round(unit.valor * 105) : project.pricePerM2 * rng.int(45, 90) * 100;
  const aprovadoCents = situacao === P.aprovado
    ? reservation?.financiamentoCents ?? Math.round(avaliacaoCents * rng.real(0.6, 0.8))
    : 0;
  const subsidioCents = situacao === P.aprovado ? reservation?.subsidioCents ?? 0 : 0;
  const fgtsCents = situacao === P.aprovado ? reservation?.fgtsCents ?? 0 : 0;
  const prazo = rng.pick([240, 300, 360, 420]);
  const correspondente = CORRESPONDENTES[index % CORRESPONDENTES.length] ?? null;
  const reprovado = situacao === P.reprovado ? rng.pick(MOTIVOS_REPROVACAO) : null;
  const cancelado = situacao === P.cancelado;
  const idprecadastro = ID_BASE.precadastro + index;
  return {
    referencia: refValue(idprecadastro, index % 61 === 17),
    referencia_data: formatSortKey(sortKey),
    ativo: cancelado ? 'N' : 'S',
    idprecadastro,
    codigointerno: index % 4 === 0 ? `PC-${idprecadastro}` : null,
    idsituacao: situacao[0],
    situacao: situacao[1],
    condicao_aprovada: situacao === P.aprovado ? 'S' : 'N',
    idempreendimento: project.id,
    empreendimento: project.nome,
    idunidade: unit?.idunidade ?? null,
    unidade: unit?.nome ?? null,
    idcorretor: broker.id,
    corretor: broker.nome,
    idimobiliaria: broker.agency.id,
    imobiliaria: broker.agency.nome,
    idempresa: 1 + (index % CORRESPONDENTES.length),
    empresa: correspondente,
    pessoa: lead.nome,
    cep_cliente: reservation?.clientCep ?? null,
    // Text in the spec: live data sends the amount as a string.
    renda_cliente_principal: lead.person.renda.toFixed(2),
    idusuario_correspondente: 7_001 + (index % 40),
    usuario_correspondente: `Analista ${correspondente ?? ''}`.trim(),
    idpessoa: reservation?.idcliente ?? null,
    idlead: String(lead.idlead),
    valor_avaliacao: money(avaliacaoCents),
    valor_aprovado: money(aprovadoCents),
    valor_subsidio: money(subsidioCents),
    valor_total: money(aprovadoCents + subsidioCents + fgtsCents),
    valor_fgts: money(fgtsCents),
    saldo_devedor: money(aprovadoCents),
    prazo: String(prazo),
    observacoes: reprovado === null ? null : 'Cliente orientado a compor renda',
    tabela: `Tabela ${day(filedAt)?.slice(0, 7) ?? ''}`,
    valor_prestacao: money(Math.round((aprovadoCents * 1.6) / prazo)),
    carta_credito: situacao === P.aprovado ? 'S' : 'N',
    vencimento_aprovacao: situacao === P.aprovado ? day(decidedAt + 90 * 86_400) : null,
    idmotivo_reprovacao: reprovado === null ? null : 1 + MOTIVOS_REPROVACAO.indexOf(reprovado),
    motivo_reprovacao: reprovado,
    descricao_motivo_reprovacao: reprovado === null ? null : `${reprovado}: análise do correspondente`,
    idmotivo_cancelamento: cancelado ? 1 : null,
    motivo_cancelamento: cancelado ? 'Cliente desistiu' : null,
    descricao_motivo_cancelamento: cancelado ? 'Cliente desistiu da análise' : null,
    sla_vencimento: day(filedAt + 5 * 86_400),
    data_cad: dt(filedAt),
    empresa_correspondente: correspondente,
    idsituacao_anterior: decided ? P.analise[0] : null,
    situacao_anterior: decided ? P.analise[1] : null,
    data_ultima_alteracao_situacao: dt(decidedAt),
    campos_adicionais: [],
  };
}

export function precadastrosSource(ctx: GeneratorContext): RecordSource {
  const { funnel, reservations } = ctx;
  const timeline = funnel.timelines.precadastros;
  const per = PER_GROUP.precadastros;
  const source: RecordSource = {
    count: ctx.world.reservations * per,
    sortKey: (index) => timeline.sortKey(index),
    record(index) {
      const group = Math.floor(index / per);
      const plan = funnel.plan(group);
      const position = index % per;
      const lead = funnel.lead(group * PER_GROUP.leads + (plan.precadastroSlots[position] ?? 0));
      const filed = lead.precadastro;
      if (filed?.index !== index) throw new Error(`pré-cadastro ${index} lost its lead`);
      const reservation = position === 0 && plan.primarySlot !== undefined ? reservations.core(group) : undefined;
      const until = reservation?.createdAt ?? Math.max(filed.at, lead.changedAt, lead.lostAt ?? 0);
      return precadastroRecord(ctx, lead, index, timeline.sortKey(index), filed.at, until, reservation);
    },
    indexOf(referencia) {
      const id = parseId(referencia);
      const index = id === undefined ? undefined : id - ID_BASE.precadastro;
      return inRange(source, index) ? index : undefined;
    },
    fresh: (index, now) => precadastroRecord(ctx, funnel.lead(index % funnel.leadCount), index, now, now, now, undefined),
  };
  return source;
}
