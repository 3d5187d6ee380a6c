// /leads/historico/situacoes: fourteen rows per funnel group. Row r < 12 is lead r's last
// transition (its creation when it never moved); rows 12 and 13 are the loss and the win-back
// of the group's won-back lead. The situation ids travel as strings (de, para), as the spec says.
import { PER_GROUP } from '../funnel-plan.ts';
import type { LeadCore } from '../funnel-core.ts';
import { LEAD_SITUACOES, type LeadSituacao } from '../lead-status.ts';
import { formatSortKey } from '../naive-time.ts';
import { ID_BASE } from '../world.ts';
import { dt, parseId, refValue, type Rec } from './format.ts';
import { inRange, type GeneratorContext, type RecordSource } from './source.ts';

interface Transition {
  readonly from: LeadSituacao | undefined;
  readonly to: LeadSituacao;
  readonly at: number;
}

/** The row shown for a lead: its last change, unless rows 12-13 already show that one. */
function lastTransition(lead: LeadCore): Transition {
  const s = LEAD_SITUACOES;
  const repeatsWinBack = lead.wonBackAt !== undefined && lead.previous === s.perdido;
  if (lead.previous === undefined || repeatsWinBack) return { from: undefined, to: s.aguardando, at: lead.dataCad };
  return { from: lead.previous, to: lead.situacao, at: lead.changedAt };
}

function historicoRecord(lead: LeadCore, index: number, sortKey: number, t: Transition): Rec {
  const id = ID_BASE.leadHistorico + index;
  const lost = t.to === LEAD_SITUACOES.perdido;
  const system = t.from === undefined;
  return {
    referencia: refValue(id, index % 59 === 13),
    referencia_data: formatSortKey(sortKey),
    ativo: 'S',
    idhistorico: id,
    idlead: lead.idlead,
    data_cad: dt(t.at),
    de: t.from === undefined ? null : String(t.from[0]),
    para: String(t.to[0]),
    de_nome: t.from?.[1] ?? null,
    para_nome: t.to[1],
    motivo_cancelamento: lost ? lead.motivo?.[1] ?? null : null,
    data_cancelamento: lost ? dt(t.at) : null,
    painel_usuario: system ? 'Sistema' : lost ? 'Gestor' : 'Corretor',
    idusuario: system ? null : lost ? lead.broker.team.gestorId : lead.broker.id,
  };
}

export function historicoSource(ctx: GeneratorContext): RecordSource {
  const { funnel } = ctx;
  const timeline = funnel.timelines.historico;
  const per = PER_GROUP.historico;
  const build = (index: number, sortKey: number): Rec => {
    const group = Math.floor(index / per);
    const row = index % per;
    const plan = funnel.plan(group);
    const slot = row < PER_GROUP.leads ? row : plan.order[0] ?? 0;
    const lead = funnel.lead(group * PER_GROUP.leads + slot);
    const s = LEAD_SITUACOES;
    const lossFrom = lead.firstContact === undefined ? s.aguardando : s.atendimento;
    let t: Transition;
    if (row < PER_GROUP.leads) t = lastTransition(lead);
    else if (row === PER_GROUP.leads) t = { from: lossFrom, to: s.perdido, at: lead.lostAt ?? lead.dataCad };
    else t = { from: s.perdido, to: s.atendimento, at: lead.wonBackAt ?? lead.dataCad };
    return historicoRecord(lead, index, sortKey, t);
  };
  const source: RecordSource = {
    count: ctx.world.reservations * per,
    sortKey: (index) => timeline.sortKey(index),
    record: (index) => build(index, timeline.sortKey(index)),
    indexOf(referencia) {
      const id = parseId(referencia);
      const index = id === undefined ? undefined : id - ID_BASE.leadHistorico;
      return inRange(source, index) ? index : undefined;
    },
    fresh(index, now) {
      const lead = funnel.lead(index % funnel.leadCount);
      return historicoRecord(lead, index, now, { from: LEAD_SITUACOES.aguardando, to: LEAD_SITUACOES.atendimento, at: now });
    },
  };
  return source;
}
