// /leads/perdas and /leads/ganhos: five losses and one win-back per funnel group (the first
// five leads of the group's shuffle are lost, the first is won back). Both share CV CRM's
// reactivation ids, six per group. The reason of a loss is on the lead (motivo_cancelamento),
// not here: the API's loss record has no reason field.
import { PER_GROUP } from '../funnel-plan.ts';
import type { LeadCore } from '../funnel-core.ts';
import { formatSortKey } from '../naive-time.ts';
import { ID_BASE } from '../world.ts';
import { dt, parseId, refValue, type Rec } from './format.ts';
import { inRange, type GeneratorContext, type RecordSource } from './source.ts';

const IDS_PER_GROUP = PER_GROUP.perdas + PER_GROUP.ganhos;

function reativacaoRecord(lead: LeadCore, id: number, sortKey: number, field: 'data_perda' | 'data_ganho', moment: number | undefined): Rec {
  const byManager = lead.idlead % 3 === 0;
  return {
    referencia: refValue(id, id % 53 === 7),
    referencia_data: formatSortKey(sortKey),
    ativo: 'S',
    idlead_reativacao: id,
    idlead: lead.idlead,
    nome: lead.nome,
    email: lead.person.email,
    telefone: lead.telefone,
    [field]: dt(moment),
    idusuario: byManager ? lead.broker.team.gestorId : lead.broker.id,
    painel_usuario: byManager ? 'Gestor' : 'Corretor',
  };
}

function reativacoesSource(ctx: GeneratorContext, kind: 'perdas' | 'ganhos'): RecordSource {
  const { funnel } = ctx;
  const timeline = funnel.timelines[kind];
  const per = PER_GROUP[kind];
  const offset = kind === 'perdas' ? 0 : PER_GROUP.perdas;
  const idOf = (index: number): number => ID_BASE.reativacao + Math.floor(index / per) * IDS_PER_GROUP + offset + (index % per);
  const leadOf = (index: number): LeadCore => {
    const group = Math.floor(index / per);
    const slot = funnel.plan(group).order[index % per] ?? 0;
    return funnel.lead(group * PER_GROUP.leads + slot);
  };
  const build = (index: number, lead: LeadCore, sortKey: number, moment: number | undefined): Rec =>
    reativacaoRecord(lead, idOf(index), sortKey, kind === 'perdas' ? 'data_perda' : 'data_ganho', moment);
  const source: RecordSource = {
    count: ctx.world.reservations * per,
    sortKey: (index) => timeline.sortKey(index),
    record(index) {
      const lead = leadOf(index);
      return build(index, lead, timeline.sortKey(index), kind === 'perdas' ? lead.lostAt : lead.wonBackAt);
    },
    indexOf(referencia) {
      const id = parseId(referencia);
      if (id === undefined || id < ID_BASE.reativacao) return undefined;
      const within = (id - ID_BASE.reativacao) % IDS_PER_GROUP - offset;
      if (within < 0 || within >= per) return undefined;
      const index = Math.floor((id - ID_BASE.reativacao) / IDS_PER_GROUP) * per + within;
      return inRange(source, index) ? index : undefined;
    },
    fresh: (index, now) => build(index, funnel.lead(index % funnel.leadCount), now, now),
  };
  return source;
}

export function perdasSource(ctx: GeneratorContext): RecordSource {
  return reativacoesSource(ctx, 'perdas');
}

export function ganhosSource(ctx: GeneratorContext): RecordSource {
  return reativacoesSource(ctx, 'ganhos');
}
