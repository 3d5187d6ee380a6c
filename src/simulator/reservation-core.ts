// The facts of one reservation that several resources repeat: who bought which unit through
// whom, when, for how much, and how the price is paid. /reservas, /reservas/condicoes,
// /comissoes, /vendas, /distratos and /unidades all read these, so they always agree.
import { CAMPANHAS, CITIES, MIDIAS, MOTIVOS_CANCELAMENTO, MOTIVOS_DISTRATO, BANKS } from './names-ptbr.ts';
import { FunnelPlans, PER_GROUP } from './funnel-plan.ts';
import { DAY, ZERO_TIME } from './naive-time.ts';
import type { Broker, Parties } from './parties.ts';
import { htmlEncode, person, type Person } from './people.ts';
import { SITUACAO_ID, type Situacao } from './reservation-status.ts';
import { hash32, rngFor, TAG, type Rng } from './rng.ts';
import { describeUnit, type UnitInfo } from './units.ts';
import { ID_BASE, type World } from './world.ts';

export interface SeriesRow {
  readonly slot: number;
  readonly idserie: number;
  readonly serie: string;
  readonly parcelas: number;
  /** Total of the series, in cents. */
  readonly cents: number;
  readonly vencimento: number;
  readonly portador: string;
  readonly indexador: string | null;
}

export interface ReservaCore {
  readonly index: number;
  readonly idreserva: number;
  readonly situacao: Situacao;
  readonly idsituacao: number;
  /** referencia_data sort key (NULL_TIME, ZERO_TIME or seconds). */
  readonly sortKey: number;
  /** The moment of the reservation's last own event (sale, distrato, cancellation, creation). */
  readonly nominal: number;
  readonly unit: UnitInfo;
  readonly broker: Broker;
  readonly client: Person;
  /** The client's name as served (sometimes HTML-escaped). */
  readonly clientNome: string;
  readonly idcliente: number;
  readonly clientCidade: string;
  readonly clientCep: string;
  /** undefined: the zero date. */
  readonly dataCad: number | undefined;
  readonly dataVenda: number | undefined;
  readonly dataCancelamento: number | undefined;
  readonly valorCents: number;
  readonly series: readonly SeriesRow[];
  readonly financiamentoCents: number;
  readonly fgtsCents: number;
  readonly subsidioCents: number;
  readonly midia: readonly [number, string | null];
  readonly tipovenda: readonly [number, string];
  readonly campanha: string | null;
  readonly motivo: string | null;
  readonly referenciaAsNumber: boolean;
  readonly ativo: 'S' | 'N';
  readonly idlead: string | null;
  /** The moment the reservation was made, also when it is served as the zero date. */
  readonly createdAt: number;
  readonly idprecadastro: number | null;
}

export const SERIES_PER_RESERVATION = 5;

type Tipovenda = readonly [number, string];
const TIPOVENDA: Readonly<Record<'bancario' | 'mcmv' | 'securitizacao' | 'direto', Tipovenda>> = {
  bancario: [1, 'Financiamento bancário'],
  mcmv: [2, 'Minha Casa Minha Vida'],
  securitizacao: [3, 'Securitização'],
  direto: [4, 'Direto com a construtora'],
};

const SERIE_ID: Readonly<Record<string, number>> = {
  Ato: 1, Mensais: 2, Chaves: 3, Financiamento: 4, FGTS: 5, 'Subsídio': 6, Anuais: 7, 'Pós-chaves': 8,
};

/** Rounds cents to whole reais: only the financed remainder keeps centavos. */
function reais(cents: number): number {
  return Math.round(cents / 100) * 100;
}

function serie(slot: number, name: string, parcelas: number, cents: number, vencimento: number, portador: string, indexador: string | null): SeriesRow {
  return { slot, idserie: SERIE_ID[name] ?? 0, serie: name, parcelas, cents, vencimento, portador, indexador };
}

function paymentPlan(rng: Rng, tipovenda: number, valorCents: number, start: number, entrega: number): SeriesRow[] {
  const direct = tipovenda === TIPOVENDA.direto[0];
  const ato = reais(valorCents * rng.real(0.05, 0.1));
  const mensais = reais(valorCents * (direct ? rng.real(0.15, 0.25) : rng.real(0.08, 0.15)));
  const chaves = reais(valorCents * rng.real(0.03, 0.08));
  let lastName: 'FGTS' | 'Subsídio' | 'Anuais';
  if (tipovenda === TIPOVENDA.mcmv[0]) lastName = rng.chance(0.6) ? 'Subsídio' : 'FGTS';
  else if (tipovenda === TIPOVENDA.bancario[0]) lastName = rng.chance(0.5) ? 'FGTS' : 'Anuais';
  else lastName = 'Anuais';
  const last = lastName === 'FGTS'
    ? reais(Math.min(valorCents * 0.12, rng.int(8_000, 45_000) * 100))
    : lastName === 'Subsídio'
      ? reais(Math.min(valorCents * 0.15, rng.int(5_000, 55_000) * 100))
      : reais(valorCents * rng.real(0.04, 0.1));
  const remainder = valorCents - ato - mensais - chaves - last;
  const bank = rng.pick(BANKS);
  const carteira = rng.pick(['INCC', 'IPCA', 'IPCA + 1% ao mês', '0,8% ao mês']);
  return [
    serie(0, 'Ato', rng.chance(0.8) ? 1 : rng.int(2, 3), ato, start + 3 * DAY, 'Carteira', null),
    serie(1, 'Mensais', rng.int(24, 60), mensais, start + 30 * DAY, 'Carteira', carteira),
    serie(2, 'Chaves', 1, chaves, entrega, 'Carteira', carteira),
    direct
      ? serie(3, 'Pós-chaves', rng.int(36, 120), remainder, entrega + 30 * DAY, 'Carteira', 'IPCA + 1% ao mês')
      : serie(3, 'Financiamento', 1, remainder, entrega + 30 * DAY, bank, null),
    lastName === 'Anuais'
      ? serie(4, 'Anuais', rng.int(2, 5), last, start + 300 * DAY, 'Carteira', carteira)
      : serie(4, lastName, 1, last, start + 60 * DAY, 'Caixa Econômica Federal', null),
  ];
}

export class Reservations {
  private readonly cache = new Map<number, ReservaCore>();
  readonly plans: FunnelPlans;

  constructor(readonly world: World, readonly parties: Parties) {
    this.plans = new FunnelPlans(world.seed, ID_BASE.phantomLead);
  }

  /** The data_cad of reservation i's own lead (the funnel plan says whether it has one). */
  primaryLeadCad(core: ReservaCore): number {
    return core.createdAt - this.plans.of(core.index).lag;
  }

  /** The idlead list of a reservation of the base set, from its funnel group. */
  private leadIds(index: number, createdAt: number): number[] {
    if (index >= this.world.reservations) return [];
    const plan = this.plans.of(index);
    const first = ID_BASE.lead + index * PER_GROUP.leads;
    const ids: number[] = [];
    if (plan.primarySlot !== undefined) ids.push(first + plan.primarySlot);
    if (plan.duplicateSlot !== undefined) ids.push(first + plan.duplicateSlot);
    if (plan.linksPrevious) {
      // The same client reserved again: only when the first reservation came before this one.
      const previous = this.core(index - 1);
      const previousSlot = this.plans.of(index - 1).primarySlot;
      if (previousSlot !== undefined && previous.createdAt < createdAt) {
        ids.push(ID_BASE.lead + (index - 1) * PER_GROUP.leads + previousSlot);
      }
    }
    if (plan.phantomId !== undefined) ids.push(plan.phantomId);
    return ids;
  }

  /** Reservation i; `nominal` places a newly created one at the simulator's clock. */
  core(index: number, nominal?: number): ReservaCore {
    const cached = nominal === undefined ? this.cache.get(index) : undefined;
    if (cached !== undefined) return cached;
    const built = this.build(index, nominal);
    if (nominal === undefined) {
      if (this.cache.size >= 8192) this.cache.clear();
      this.cache.set(index, built);
    }
    return built;
  }

  private build(index: number, nominalOverride: number | undefined): ReservaCore {
    const { world, parties } = this;
    const rng = rngFor(world.seed, TAG.reserva, index);
    const situacao = world.status.statusOf(index);
    const tn = nominalOverride ?? world.timeline.nominal(index);
    const sortKey = index < world.reservations && nominalOverride === undefined ? world.timeline.sortKey(index) : tn;
    const unit = describeUnit(world, parties, world.physicalOfUnit(world.unitIndexOfReservation(index)));
    const broker = parties.broker(Math.floor(world.brokers * rng.next() ** 1.6));
    const client = person(rngFor(world.seed, TAG.client, index));

    let dataVenda: number | undefined;
    let dataCancelamento: number | undefined;
    let created: number;
    if (situacao === 'Vendida') {
      dataVenda = tn - rng.int(0, 2 * DAY);
      created = dataVenda - rng.int(3 * DAY, 40 * DAY);
    } else if (situacao === 'Distrato') {
      dataCancelamento = tn;
      dataVenda = tn - rng.int(20 * DAY, 200 * DAY);
      created = dataVenda - rng.int(3 * DAY, 40 * DAY);
    } else if (situacao === 'Cancelada') {
      dataCancelamento = tn;
      created = tn - rng.int(2 * DAY, 30 * DAY);
    } else {
      created = tn - rng.int(0, 10 * DAY);
    }
    const zeroCad = (sortKey === ZERO_TIME && rng.chance(0.5)) || rng.chance(0.005);

    const segment = unit.project.segment;
    const tipovenda = segment === 'economico'
      ? (rng.chance(0.7) ? TIPOVENDA.mcmv : TIPOVENDA.bancario)
      : rng.weighted<Tipovenda>([[TIPOVENDA.bancario, 6], [TIPOVENDA.direto, 2], [TIPOVENDA.securitizacao, 2]]);
    const valorCents = Math.round(unit.valor * 100 * rng.real(0.92, 1.03));
    const series = paymentPlan(rng, tipovenda[0], valorCents, dataVenda ?? created, unit.project.dataEntrega);
    const sumOf = (name: string): number => series.filter((s) => s.serie === name).reduce((a, s) => a + s.cents, 0);
    const midia: readonly [number, string | null] = rng.chance(0.05) ? [0, null] : rng.pick(MIDIAS);
    const motivo = situacao === 'Distrato' ? rng.pick(MOTIVOS_DISTRATO) : situacao === 'Cancelada' ? rng.pick(MOTIVOS_CANCELAMENTO) : null;
    // Lead ids come from the funnel plan; these draws stay so every later field keeps its value.
    for (let n = rng.int(0, 3); n > 0; n -= 1) rng.int(1_000, 250_000);
    const leadIds = this.leadIds(index, created);
    const hasLead = index < world.reservations && this.plans.of(index).primarySlot !== undefined;

    return {
      index,
      idreserva: ID_BASE.reserva + index,
      situacao,
      idsituacao: SITUACAO_ID[situacao],
      sortKey,
      nominal: tn,
      unit,
      broker,
      client,
      clientNome: rng.chance(0.04) ? htmlEncode(client.nome) : client.nome,
      idcliente: ID_BASE.client + index,
      // Most buyers live in the project's city.
      clientCidade: rng.chance(0.85) ? unit.project.city.name : rng.pick(CITIES).name,
      clientCep: `${unit.project.city.cepPrefix}${String(rng.int(0, 99_999)).padStart(5, '0')}`,
      dataCad: zeroCad ? undefined : created,
      dataVenda,
      dataCancelamento,
      valorCents,
      series,
      financiamentoCents: sumOf('Financiamento'),
      fgtsCents: sumOf('FGTS'),
      subsidioCents: sumOf('Subsídio'),
      midia,
      tipovenda,
      campanha: rng.chance(0.25) ? rng.pick(CAMPANHAS) : null,
      motivo,
      referenciaAsNumber: hash32(world.seed, TAG.quirk, index) % 37 === 0,
      ativo: situacao === 'Cancelada' && rng.chance(0.2) ? 'N' : 'S',
      idlead: leadIds.length === 0 ? null : leadIds.join(', '),
      createdAt: created,
      idprecadastro: hasLead ? ID_BASE.precadastro + index * PER_GROUP.precadastros : null,
    };
  }
}

/** Cents as the API's JSON number (reais with up to two decimals). */
export function money(cents: number): number {
  return Math.round(cents) / 100;
}
