// /leads/visitas: three visits per funnel group. The reservation's own lead usually visited
// (done: data_conclusao set); the other visits belong to other leads of the group, some of them
// still scheduled or called off.
import { PER_GROUP } from '../funnel-plan.ts';
import type { LeadCore, VisitCore } from '../funnel-core.ts';
import { formatSortKey } from '../naive-time.ts';
import { rngFor, TAG } from '../rng.ts';
import { ID_BASE } from '../world.ts';
import { dt, parseId, refValue, type Rec } from './format.ts';
import { inRange, type GeneratorContext, type RecordSource } from './source.ts';

const VISIT_TYPES: readonly (readonly [number, string])[] = [[1, 'Visita ao decorado'], [2, 'Visita ao stand'], [3, 'Visita virtual']];

function visitaRecord(ctx: GeneratorContext, lead: LeadCore, visit: VisitCore, sortKey: number): Rec {
  const rng = rngFor(ctx.world.seed, TAG.leadVisit, visit.index);
  const { broker, project } = lead;
  const [idtipo, tipo] = rng.weighted(VISIT_TYPES.map((t, i) => [t, [5, 4, 1][i] ?? 1] as const));
  const byManager = rng.chance(0.2);
  const idtarefa = ID_BASE.visita + visit.index;
  return {
    referencia: refValue(idtarefa, visit.index % 47 === 11),
    referencia_data: formatSortKey(sortKey),
    ativo: 'S',
    idtarefa,
    data_cad: dt(visit.scheduledAt),
    data: dt(visit.at),
    situacao: visit.outcome,
    idresponsavel: broker.id,
    tipo_responsavel: 'Corretor',
    funcionalidade: 'Visita',
    idlead: lead.idlead,
    responsavel: broker.nome,
    idinteracao: ID_BASE.visita + 5_000_000 + visit.index,
    tipo_interacao: 'Visita',
    data_conclusao: dt(visit.concludedAt),
    idtipo_visita: idtipo,
    visita_virtual: idtipo === 3 ? 'S' : 'N',
    pdv: idtipo === 2 ? `Plantão ${project.nome}` : null,
    nome_tipo_visita: tipo,
    idresponsavel_por_criar_visita: byManager ? broker.team.gestorId : broker.id,
    responsavel_por_criar_visita: byManager ? broker.team.gestor : broker.nome,
    painel_pdv: idtipo === 2 ? 'Plantão' : null,
    idempreendimento: project.id,
    nome_empreendimento: project.nome,
  };
}

export function visitasSource(ctx: GeneratorContext): RecordSource {
  const { funnel } = ctx;
  const timeline = funnel.timelines.visitas;
  const visitAt = (index: number): { lead: LeadCore; visit: VisitCore } => {
    const group = Math.floor(index / PER_GROUP.visitas);
    const planned = funnel.plan(group).visits[index % PER_GROUP.visitas];
    const lead = funnel.lead(group * PER_GROUP.leads + (planned?.slot ?? 0));
    if (lead.visit?.index !== index) throw new Error(`visit ${index} lost its lead`);
    return { lead, visit: lead.visit };
  };
  const source: RecordSource = {
    count: ctx.world.reservations * PER_GROUP.visitas,
    sortKey: (index) => timeline.sortKey(index),
    record(index) {
      const { lead, visit } = visitAt(index);
      return visitaRecord(ctx, lead, visit, timeline.sortKey(index));
    },
    indexOf(referencia) {
      const id = parseId(referencia);
      const index = id === undefined ? undefined : id - ID_BASE.visita;
      return inRange(source, index) ? index : undefined;
    },
    fresh(index, now) {
      const lead = funnel.lead(index % funnel.leadCount);
      return visitaRecord(ctx, lead, { index, outcome: 'Agendada', scheduledAt: now, at: now, concludedAt: undefined }, now);
    },
  };
  return source;
}
