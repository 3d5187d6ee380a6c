// The facts of one lead that the funnel resources repeat: who, through which channel, handled
// by whom, when it arrived, was first answered, visited, lost, won back, and which
// reservations it reached. /leads, /leads/visitas, /leads/perdas, /leads/ganhos,
// /leads/historico/situacoes and /precadastros all read these, so they always agree.
//
// Dates follow the business: a converted lead's life fits between its data_cad and its
// reservation's creation; any other lead's ends at its own moment on the leads timeline, which
// lies before today. So nothing generated is in the future.
import { PER_GROUP, type GroupPlan, type PlannedVisit } from './funnel-plan.ts';
import { leadStanding } from './lead-situation.ts';
import { LEAD_SITUACOES, type LeadSituacao, type VisitOutcome } from './lead-status.ts';
import { MIDIAS, MOTIVOS_PERDA, ORIGENS } from './names-ptbr.ts';
import { DAY, ZERO_TIME } from './naive-time.ts';
import type { Broker, Project } from './parties.ts';
import { htmlEncode, person, phone, type Person } from './people.ts';
import type { ReservaCore, Reservations } from './reservation-core.ts';
import { hash32, hashString, rngFor, TAG, unitOf, type Rng } from './rng.ts';
import { Timeline } from './timeline.ts';
import { ID_BASE, type World } from './world.ts';

const HOUR = 3_600;

export type LeadRole = 'primary' | 'duplicate' | 'plain';

export interface VisitCore {
  /** Index in /leads/visitas. */
  readonly index: number;
  readonly outcome: VisitOutcome;
  /** When the visit was scheduled (the task's data_cad). */
  readonly scheduledAt: number;
  /** When it was (or is) to happen. */
  readonly at: number;
  readonly concludedAt: number | undefined;
}

export interface LeadCore {
  readonly index: number;
  readonly idlead: number;
  readonly group: number;
  readonly slot: number;
  /** Position in the group's shuffle: 0..4 lost, 0 also won back; -1 for created leads. */
  readonly rank: number;
  readonly role: LeadRole;
  /** Reservations that list this lead, oldest first. */
  readonly reservations: readonly ReservaCore[];
  readonly person: Person;
  /** The name as served (sometimes HTML-escaped). */
  readonly nome: string;
  readonly telefone: string;
  readonly broker: Broker;
  readonly project: Project;
  /** A second project the lead asked about (idempreendimento then lists both). */
  readonly otherProject: Project | undefined;
  /** null: no channel recorded; '' happens too. */
  readonly origem: string | null;
  readonly midia: string | null;
  readonly sortKey: number;
  readonly dataCad: number;
  /** Served as the zero date (legacy rows). */
  readonly cadAsZero: boolean;
  readonly firstContact: number | undefined;
  readonly lostAt: number | undefined;
  readonly wonBackAt: number | undefined;
  readonly motivo: readonly [number, string] | undefined;
  readonly visit: VisitCore | undefined;
  /** When the lead's pré-cadastro (if any) was filed, and which one. */
  readonly precadastro: { readonly index: number; readonly at: number } | undefined;
  readonly situacao: LeadSituacao;
  readonly previous: LeadSituacao | undefined;
  readonly changedAt: number;
  readonly referenciaAsNumber: boolean;
}

function weightedOrigem(rng: Rng, converted: boolean): string | null {
  if (rng.chance(0.03)) return rng.chance(0.66) ? null : '';
  return rng.weighted(ORIGENS.map(([name, good, poor]) => [name, converted ? good : poor] as const));
}

export class Funnel {
  readonly timelines: Readonly<Record<keyof typeof PER_GROUP, Timeline>>;
  private readonly cache = new Map<number, LeadCore>();
  private readonly world: World;

  constructor(readonly reservations: Reservations) {
    const world = reservations.world;
    this.world = world;
    const nullCount = world.timeline.nullCount;
    const zeroCount = world.timeline.prefix - nullCount;
    // k records per reservation, with k times its legacy prefix: group g is legacy exactly when
    // reservation g is, and lands near reservation g's moment on every timeline.
    const timeline = (name: keyof typeof PER_GROUP): Timeline => new Timeline({
      seed: world.seed,
      tag: hashString(`funnel/${name}`),
      count: world.reservations * PER_GROUP[name],
      nullCount: nullCount * PER_GROUP[name],
      zeroCount: zeroCount * PER_GROUP[name],
      start: world.start,
      end: world.end,
    });
    this.timelines = {
      leads: timeline('leads'), visitas: timeline('visitas'), perdas: timeline('perdas'),
      ganhos: timeline('ganhos'), historico: timeline('historico'), precadastros: timeline('precadastros'),
    };
  }

  get leadCount(): number {
    return this.world.reservations * PER_GROUP.leads;
  }

  plan(group: number): GroupPlan {
    return this.reservations.plans.of(group);
  }

  /** Lead i of the base set; `now` makes a brand-new lead (index beyond the base set). */
  lead(index: number, now?: number): LeadCore {
    const cached = now === undefined ? this.cache.get(index) : undefined;
    if (cached !== undefined) return cached;
    const built = now === undefined ? this.build(index) : this.buildNew(index, now);
    if (now === undefined) {
      if (this.cache.size >= 16_384) this.cache.clear();
      this.cache.set(index, built);
    }
    return built;
  }

  /** Median seconds a broker takes to answer a new lead: minutes for some, a day or more for others. */
  brokerSpeed(brokerIndex: number): number {
    return Math.round(5 * 60 * 2 ** (9 * unitOf(hash32(this.world.seed, TAG.brokerSpeed, brokerIndex))));
  }

  private linkedReservations(group: number, slot: number, plan: GroupPlan): ReservaCore[] {
    const { reservations } = this;
    const linked: ReservaCore[] = [];
    if (slot === plan.primarySlot || slot === plan.duplicateSlot) linked.push(reservations.core(group));
    if (slot === plan.primarySlot && group + 1 < this.world.reservations && this.plan(group + 1).linksPrevious) {
      const next = reservations.core(group + 1);
      if (next.idlead?.split(', ').includes(String(ID_BASE.lead + group * PER_GROUP.leads + slot)) === true) linked.push(next);
    }
    return linked;
  }

  private build(index: number): LeadCore {
    const { world, reservations } = this;
    const group = Math.floor(index / PER_GROUP.leads);
    const slot = index % PER_GROUP.leads;
    const plan = this.plan(group);
    const rank = plan.rankOf[slot] ?? -1;
    const rng = rngFor(world.seed, TAG.lead, index);
    const linked = this.linkedReservations(group, slot, plan);
    const own = linked[0];
    const role: LeadRole = slot === plan.primarySlot ? 'primary' : slot === plan.duplicateSlot ? 'duplicate' : 'plain';
    const timeline = this.timelines.leads;
    const sortKey = timeline.sortKey(index);

    // The window the lead's own events fit in: [dataCad, until].
    let dataCad: number;
    let until: number;
    if (own !== undefined) {
      until = own.createdAt;
      const primaryCad = reservations.primaryLeadCad(own);
      dataCad = role === 'primary' ? primaryCad : primaryCad + Math.floor(rng.real(0.1, 0.8) * (until - primaryCad));
    } else {
      until = timeline.nominal(index);
      dataCad = until - Math.floor((3 + 87 * rng.next() ** 2) * DAY) - rng.int(0, DAY);
    }
    const lost = rank >= 0 && rank < PER_GROUP.perdas;
    let lostAt: number | undefined;
    let wonBackAt: number | undefined;
    if (rank === 0) {
      lostAt = dataCad + Math.floor((until - dataCad) * rng.real(0.1, 0.35));
      wonBackAt = lostAt + Math.floor((until - lostAt) * rng.real(0.2, 0.5));
    } else if (lost) {
      lostAt = dataCad + Math.floor((until - dataCad) * rng.real(0.15, 0.9));
    }
    const activeFrom = wonBackAt ?? dataCad;
    const activeTo = wonBackAt === undefined && lostAt !== undefined ? lostAt : until;

    // A duplicate is the same client registered a second time.
    const client = own !== undefined ? own.client : person(rngFor(world.seed, TAG.client, 1_000_000_000 + index));
    const broker = own !== undefined && role === 'primary'
      ? own.broker
      : this.reservations.parties.broker(Math.floor(world.brokers * rng.next() ** 1.6));
    const neverAnswered = role === 'plain' && rank !== 0 && rng.chance(lost ? 0.22 : 0.06);
    let firstContact: number | undefined;
    if (!neverAnswered) {
      const delay = this.brokerSpeed(broker.index) * 2 ** rng.real(-2, 2);
      const limit = lostAt ?? until;
      firstContact = dataCad + Math.max(60, Math.floor(Math.min(delay, 0.4 * (limit - dataCad))));
    }

    const plannedVisit = plan.visits.findIndex((v: PlannedVisit) => v.slot === slot);
    let visit: VisitCore | undefined;
    if (plannedVisit >= 0) {
      const planned = plan.visits[plannedVisit];
      let outcome: VisitOutcome = planned?.outcome ?? 'Cancelada';
      // A lead nobody answered never showed up; a lost lead's pending visit was called off.
      if (firstContact === undefined || (outcome === 'Agendada' && wonBackAt === undefined && lostAt !== undefined)) outcome = 'Cancelada';
      const span = activeTo - activeFrom;
      const scheduledAt = activeFrom + Math.floor(span * rng.real(0.45, 0.75));
      const at = scheduledAt + Math.floor((activeTo - scheduledAt) * rng.real(0.2, 0.8));
      const concludedAt = outcome === 'Realizada' ? at + Math.floor(Math.min(2 * HOUR, (activeTo - at) * 0.5)) : undefined;
      visit = { index: group * PER_GROUP.visitas + plannedVisit, outcome, scheduledAt, at, concludedAt };
    }
    const precadastroPosition = plan.precadastroSlots.indexOf(slot);
    // Credit analysis comes late: after the visit, when there was one.
    const analysisFrom = Math.max(visit?.concludedAt ?? activeFrom, activeFrom + Math.floor((activeTo - activeFrom) * 0.5));
    const precadastro = precadastroPosition < 0
      ? undefined
      : { index: group * PER_GROUP.precadastros + precadastroPosition, at: analysisFrom + Math.floor((activeTo - analysisFrom) * rng.real(0.3, 0.8)) };

    const origem = weightedOrigem(rng, linked.length > 0);
    const midia = role === 'primary' && own !== undefined ? own.midia[1] : rng.chance(0.05) ? null : rng.pick(MIDIAS)[1];
    const motivo = lostAt === undefined
      ? undefined
      : neverAnswered && rng.chance(0.7)
        ? ([2, 'Não atende/sem contato'] as const)
        : rng.weighted(MOTIVOS_PERDA.map(([id, name, weight]) => [[id, name] as const, weight] as const));

    const { situacao, previous, changedAt } = leadStanding({
      reservations: linked,
      dataCad,
      lostAt: wonBackAt === undefined ? lostAt : undefined,
      wonBackAt,
      firstContact,
      visit,
      precadastroAt: precadastro?.at,
    });

    const otherProject = rng.chance(0.05) ? this.reservations.parties.project(rng.int(0, world.projects - 1)) : undefined;
    const project = own !== undefined
      ? own.unit.project
      : rng.chance(0.5) ? reservations.core(group).unit.project : this.reservations.parties.project(rng.int(0, world.projects - 1));
    return {
      index,
      idlead: ID_BASE.lead + index,
      group,
      slot,
      rank,
      role,
      reservations: linked,
      person: client,
      nome: rng.chance(0.04) ? htmlEncode(client.nome) : client.nome,
      telefone: phone(rng),
      broker,
      project,
      otherProject: otherProject?.id === project.id ? undefined : otherProject,
      origem,
      midia,
      sortKey,
      dataCad,
      cadAsZero: role === 'plain' && sortKey === ZERO_TIME && rng.chance(0.5),
      firstContact,
      lostAt,
      wonBackAt,
      motivo,
      visit,
      precadastro,
      situacao,
      previous,
      changedAt,
      referenciaAsNumber: hash32(world.seed, TAG.quirk, TAG.lead, index) % 43 === 0,
    };
  }

  /** A lead that just arrived: nobody has answered it yet. */
  private buildNew(index: number, now: number): LeadCore {
    const { world } = this;
    const rng = rngFor(world.seed, TAG.lead, index);
    const client = person(rngFor(world.seed, TAG.client, 1_000_000_000 + index));
    return {
      index,
      idlead: ID_BASE.lead + index,
      group: Math.floor(index / PER_GROUP.leads),
      slot: index % PER_GROUP.leads,
      rank: -1,
      role: 'plain',
      reservations: [],
      person: client,
      nome: client.nome,
      telefone: phone(rng),
      broker: this.reservations.parties.broker(Math.floor(world.brokers * rng.next() ** 1.6)),
      project: this.reservations.parties.project(rng.int(0, world.projects - 1)),
      otherProject: undefined,
      origem: weightedOrigem(rng, false),
      midia: rng.pick(MIDIAS)[1],
      sortKey: now,
      dataCad: now,
      cadAsZero: false,
      firstContact: undefined,
      lostAt: undefined,
      wonBackAt: undefined,
      motivo: undefined,
      visit: undefined,
      precadastro: undefined,
      situacao: LEAD_SITUACOES.aguardando,
      previous: undefined,
      changedAt: now,
      referenciaAsNumber: false,
    };
  }
}
