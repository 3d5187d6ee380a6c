// The commercial funnel is cut into groups, one per reservation, so that every link between a
// lead and its visits, losses, pre-registrations and reservation is O(1) index math: group g
// holds leads 12g..12g+11, visits 3g..3g+2, losses 5g..5g+4, win-back g, history rows
// 14g..14g+13 and pré-cadastros 2g, 2g+1. A fixed shuffle of the 12 slots says which leads are
// lost (the first five) and won back (the first), so losses and win-backs are bijective too.
import type { VisitOutcome } from './lead-status.ts';
import { DAY } from './naive-time.ts';
import { Rng, hash32, TAG } from './rng.ts';

export const PER_GROUP = {
  leads: 12,
  visitas: 3,
  perdas: 5,
  ganhos: 1,
  historico: 14,
  precadastros: 2,
} as const;

export interface PlannedVisit {
  readonly slot: number;
  readonly outcome: VisitOutcome;
}

export interface GroupPlan {
  readonly group: number;
  /** order[rank] = slot: ranks 0..4 are lost, rank 0 is also won back. */
  readonly order: readonly number[];
  /** rankOf[slot]: the inverse of order. */
  readonly rankOf: readonly number[];
  /** The reservation's own lead; undefined for the ~8% of reservations without one. */
  readonly primarySlot: number | undefined;
  /** A second lead of the same client (registered twice) that also reaches the reservation. */
  readonly duplicateSlot: number | undefined;
  /** The reservation also lists the previous reservation's lead (when the dates allow it). */
  readonly linksPrevious: boolean;
  /** An id with no lead behind it, listed in the reservation. */
  readonly phantomId: number | undefined;
  /** From the primary lead's data_cad to the reservation's creation, seconds. */
  readonly lag: number;
  readonly visits: readonly PlannedVisit[];
  /** The lead of pré-cadastro 2g+1, and of 2g when the reservation has no lead. */
  readonly precadastroSlots: readonly [number, number];
}

const OTHER_VISIT: readonly (readonly [VisitOutcome, number])[] = [['Realizada', 65], ['Agendada', 15], ['Cancelada', 20]];

function buildPlan(seed: number, group: number, phantomBase: number): GroupPlan {
  const rng = new Rng(hash32(seed, TAG.funnel, group));
  const n = PER_GROUP.leads;
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i -= 1) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
  }
  const rankOf: number[] = [];
  order.forEach((slot, rank) => { rankOf[slot] = rank; });
  const hasPrimary = rng.chance(0.92);
  // A lead lost, won back and then converted happens; otherwise the buyer is a lead never lost.
  const primarySlot = !hasPrimary ? undefined : rng.chance(1 / 8) ? order[0] : order[5 + rng.int(0, 6)];
  const keepers = order.slice(5).filter((slot) => slot !== primarySlot);
  const duplicateSlot = hasPrimary && rng.chance(0.03) ? keepers[rng.int(0, keepers.length - 1)] : undefined;
  const linksPrevious = group > 0 && rng.chance(0.02);
  const phantomId = rng.chance(0.02) ? phantomBase + group : undefined;
  // Most buyers reserve within weeks of arriving; a few take months.
  const lag = Math.floor((2 + 118 * rng.next() ** 2.5) * DAY + rng.int(0, DAY));

  const candidates = order.filter((slot) => slot !== primarySlot);
  const visits: PlannedVisit[] = [];
  const take = (): number => {
    const at = rng.int(0, candidates.length - 1);
    const [slot] = candidates.splice(at, 1);
    return slot ?? 0;
  };
  if (primarySlot !== undefined && rng.chance(0.9)) visits.push({ slot: primarySlot, outcome: 'Realizada' });
  while (visits.length < PER_GROUP.visitas) visits.push({ slot: take(), outcome: rng.weighted(OTHER_VISIT) });

  const free = keepers.filter((slot) => slot !== duplicateSlot);
  const second = free[rng.int(0, free.length - 1)] ?? order[n - 1] ?? 0;
  const first = primarySlot ?? (free.find((slot) => slot !== second) ?? order[1] ?? 0);
  return { group, order, rankOf, primarySlot, duplicateSlot, linksPrevious, phantomId, lag, visits, precadastroSlots: [first, second] };
}

/** The plans of one seed, built on demand and kept in a bounded cache. */
export class FunnelPlans {
  private readonly cache = new Map<number, GroupPlan>();

  constructor(private readonly seed: number, private readonly phantomBase: number) {}

  of(group: number): GroupPlan {
    const cached = this.cache.get(group);
    if (cached !== undefined) return cached;
    const plan = buildPlan(this.seed, group, this.phantomBase);
    if (this.cache.size >= 8192) this.cache.clear();
    this.cache.set(group, plan);
    return plan;
  }
}
