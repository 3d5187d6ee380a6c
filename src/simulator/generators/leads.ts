// /leads: twelve leads per reservation (see funnel-plan.ts), with every field of the spec in its
// order. idempreendimento is a string, as in the spec, and lists two projects now and then.
import { CONVERSOES, FAIXAS_RENDA, LEAD_TAGS, MOMENTOS_LEAD } from '../names-ptbr.ts';
import type { LeadCore } from '../funnel-core.ts';
import { formatSortKey } from '../naive-time.ts';
import { hash32, rngFor, TAG } from '../rng.ts';
import { ID_BASE } from '../world.ts';
import { dt, dtOrZero, parseId, refValue, type Rec } from './format.ts';
import { inRange, type GeneratorContext, type RecordSource } from './source.ts';

const DAY = 86_400;

/** The lead's last own event: what data_ultima_alteracao and data_ultima_interacao show. */
function lastEvent(lead: LeadCore): number {
  return Math.max(lead.changedAt, lead.firstContact ?? lead.dataCad, lead.visit?.concludedAt ?? lead.visit?.scheduledAt ?? 0);
}

export function leadRecord(ctx: GeneratorContext, lead: LeadCore): Rec {
  const rng = rngFor(ctx.world.seed, TAG.lead, hash32(lead.index, 7));
  const { broker, project, person } = lead;
  const team = broker.team;
  const redistributed = lead.rank > 0 && rng.chance(0.15);
  const previousBroker = redistributed ? ctx.parties.broker((broker.index + 1 + rng.int(0, ctx.world.brokers)) % ctx.world.brokers) : undefined;
  const conversao = lead.origem === null || lead.origem === '' ? 'Formulário do site' : CONVERSOES[lead.origem] ?? 'Formulário do site';
  const origemUltimo = rng.chance(0.1) ? 'WhatsApp' : lead.origem;
  const last = lastEvent(lead);
  // The answer deadline: for the newest leads it may still lie ahead.
  const deadline = lead.dataCad + 2 * DAY;
  const late = lead.firstContact === undefined || lead.firstContact > deadline;
  const reserva = lead.reservations.at(-1);
  const converted = lead.reservations.length > 0;
  const projects = lead.otherProject === undefined ? String(project.id) : `${project.id}, ${lead.otherProject.id}`;
  const standName = lead.origem === 'Stand de vendas' ? `Plantão ${project.nome}` : null;
  const city = project.city;
  const extra: Rec[] = [];
  if (rng.chance(0.6)) {
    extra.push({
      referencia: `${lead.idlead}_21`, referencia_data: dt(lead.dataCad), idcampo_valores: lead.idlead * 10 + 1, idcampo: 21,
      nome: 'Quantidade de quartos', valor: String(rng.int(1, 4)), tipo: 'select',
    });
  }
  return {
    referencia: refValue(lead.idlead, lead.referenciaAsNumber),
    referencia_data: formatSortKey(lead.sortKey),
    ativo: lead.motivo?.[1] === 'Lead duplicado' && lead.wonBackAt === undefined ? 'N' : 'S',
    idlead: lead.idlead,
    idsituacao: lead.situacao[0],
    situacao: lead.situacao[1],
    data_cad: lead.cadAsZero ? dtOrZero(undefined) : dt(lead.dataCad),
    nome: lead.nome,
    email: person.email,
    telefone: lead.telefone,
    documento_cliente: converted || rng.chance(0.3) ? person.cpf : null,
    cep_cliente: converted || rng.chance(0.4) ? `${city.cepPrefix}${String(rng.int(0, 99_999)).padStart(5, '0')}` : null,
    idponto_venda: standName === null ? null : 1 + (project.index % 50),
    ponto_venda: standName,
    conversao_original: conversao,
    conversao_ultimo: origemUltimo === lead.origem ? conversao : 'WhatsApp',
    conversao,
    idempreendimento: projects,
    codigointerno_empreendimento: project.code,
    idempreendimento_primeiro: project.id,
    empreendimento_primeiro: project.nome,
    idempreendimento_ultimo: lead.otherProject?.id ?? project.id,
    empreendimento_ultimo: lead.otherProject?.nome ?? project.nome,
    idmotivo: lead.motivo?.[0] ?? null,
    motivo: lead.motivo?.[1] ?? null,
    idgestor: team.gestorId,
    gestor: team.gestor,
    idcorretor: broker.id,
    corretor: broker.nome,
    idimobiliaria: broker.agency.id,
    imobiliaria: broker.agency.nome,
    feedback: lead.visit?.outcome === 'Realizada' && rng.chance(0.5) ? 'Gostou da planta e pediu simulação' : null,
    origem: lead.origem,
    origem_ultimo: origemUltimo,
    midia_ultimo: rng.chance(0.9) ? lead.midia : 'WhatsApp',
    midia_original: lead.midia,
    renda_familiar: rng.chance(0.35) ? null : rng.pick(FAIXAS_RENDA),
    motivo_cancelamento: lead.motivo?.[1] ?? null,
    data_cancelamento: dt(lead.lostAt),
    data_ultima_interacao: dt(lead.firstContact === undefined ? undefined : last),
    // A text field in the spec; live data fills it like a timestamp.
    ultima_data_conversao: dt(lead.dataCad),
    data_reativacao: dt(lead.wonBackAt),
    idsituacao_anterior: lead.previous?.[0] ?? null,
    nome_situacao_anterior_lead: lead.previous?.[1] ?? null,
    descricao_motivo_cancelamento: lead.motivo === undefined ? null : rng.chance(0.5) ? 'Cliente informou por telefone' : null,
    possibilidade_venda: converted ? rng.int(3, 5) : rng.int(0, 3),
    inserido_bolsao: lead.firstContact === undefined ? 'S' : 'N',
    data_primeira_interacao_gestor: last > lead.dataCad && rng.chance(0.4) ? dt(lead.dataCad + Math.floor((last - lead.dataCad) * rng.next())) : null,
    data_primeira_interacao_corretor: dt(lead.firstContact),
    score: converted ? rng.int(60, 100) : rng.int(0, 70),
    idgestor_ultimo: team.gestorId,
    gestor_ultimo: team.gestor,
    idcorretor_ultimo: broker.id,
    corretor_ultimo: broker.nome,
    idcorretor_penultimo: previousBroker?.id ?? null,
    idimobiliaria_ultimo: broker.agency.id,
    corretor_penultimo: previousBroker?.nome ?? null,
    nome_momento_lead: converted ? 'Decisão' : rng.pick(MOMENTOS_LEAD),
    novo: lead.firstContact === undefined ? 'S' : 'N',
    retorno: origemUltimo === lead.origem ? 'N' : 'S',
    data_ultima_alteracao: dt(last),
    estado: city.uf,
    cidade: city.name,
    regiao: city.region,
    vencido: late ? 'S' : 'N',
    data_vencimento: dt(deadline),
    empreendimento: project.nome,
    caracteristicas: rng.chance(0.5) ? null : `${rng.int(2, 3)} quartos, ${rng.chance(0.5) ? 'com' : 'sem'} varanda`,
    tags: rng.chance(0.6) ? null : rng.pick(LEAD_TAGS),
    reserva: reserva?.idreserva ?? null,
    origem_nome: lead.origem,
    origem_ultimo_nome: origemUltimo,
    campos_adicionais: extra,
  };
}

export function leadsSource(ctx: GeneratorContext): RecordSource {
  const { funnel } = ctx;
  const source: RecordSource = {
    count: funnel.leadCount,
    sortKey: (index) => funnel.timelines.leads.sortKey(index),
    record: (index) => leadRecord(ctx, funnel.lead(index)),
    indexOf(referencia) {
      const id = parseId(referencia);
      const index = id === undefined ? undefined : id - ID_BASE.lead;
      return inRange(source, index) ? index : undefined;
    },
    fresh: (index, now) => leadRecord(ctx, funnel.lead(index, now)),
  };
  return source;
}
