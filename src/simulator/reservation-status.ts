// Which situation each reservation is in, chosen so that "the k-th sale" and "how many sales
// before reservation i" are O(1): reservations come in blocks of 20 with a fixed mix of
// situations per block, shuffled inside the block. Blocks older than about two months are
// settled (sold, distrato, cancelled); recent blocks also hold reservations still in progress.
import { hash32, Rng, TAG } from './rng.ts';

export type Situacao = 'Vendida' | 'Distrato' | 'Em análise' | 'Reserva' | 'Cancelada';

export const SITUACAO_ID: Readonly<Record<Situacao, number>> = {
  'Em análise': 1,
  Reserva: 2,
  Vendida: 3,
  Cancelada: 4,
  Distrato: 13,
};

const BLOCK = 20;
const SETTLED: readonly (readonly [Situacao, number])[] = [['Vendida', 13], ['Distrato', 2], ['Cancelada', 5]];
const RECENT: readonly (readonly [Situacao, number])[] = [
  ['Vendida', 10], ['Distrato', 1], ['Em análise', 3], ['Reserva', 3], ['Cancelada', 3],
];

/** Sold: reached "Vendida" (a distrato was sold first). Distrato: sold, then undone. */
export type Category = 'sold' | 'distrato';

function inCategory(situacao: Situacao, category: Category): boolean {
  return category === 'sold' ? situacao === 'Vendida' || situacao === 'Distrato' : situacao === 'Distrato';
}

function perBlock(mix: readonly (readonly [Situacao, number])[], category: Category): number {
  let total = 0;
  for (const [situacao, count] of mix) if (inCategory(situacao, category)) total += count;
  return total;
}

export class StatusPlan {
  /** Blocks from this one on use the recent mix. */
  private readonly firstRecentBlock: number;
  private readonly cache = new Map<number, readonly Situacao[]>();

  constructor(private readonly seed: number, readonly count: number, firstRecentIndex: number) {
    this.firstRecentBlock = Math.ceil(Math.max(0, firstRecentIndex) / BLOCK);
  }

  statusOf(index: number): Situacao {
    const situacao = this.block(Math.floor(index / BLOCK))[index % BLOCK];
    if (situacao === undefined) throw new Error(`no situation for reservation ${index}`);
    return situacao;
  }

  /** How many reservations of the base set are in the category. */
  total(category: Category): number {
    return this.rank(this.count, category);
  }

  /** How many reservations before `index` are in the category. */
  rank(index: number, category: Category): number {
    const block = Math.floor(index / BLOCK);
    let before = this.beforeBlock(block, category);
    const statuses = this.block(block);
    for (let slot = 0; slot < index % BLOCK; slot += 1) {
      const situacao = statuses[slot];
      if (situacao !== undefined && inCategory(situacao, category)) before += 1;
    }
    return before;
  }

  /** The index of the k-th (0-based) reservation in the category; defined beyond the base set too. */
  kth(k: number, category: Category): number {
    const settled = perBlock(SETTLED, category);
    const recent = perBlock(RECENT, category);
    const inSettled = settled * this.firstRecentBlock;
    let block: number;
    let within: number;
    if (k < inSettled) {
      block = Math.floor(k / settled);
      within = k % settled;
    } else {
      block = this.firstRecentBlock + Math.floor((k - inSettled) / recent);
      within = (k - inSettled) % recent;
    }
    const statuses = this.block(block);
    for (let slot = 0; slot < BLOCK; slot += 1) {
      const situacao = statuses[slot];
      if (situacao !== undefined && inCategory(situacao, category)) {
        if (within === 0) return block * BLOCK + slot;
        within -= 1;
      }
    }
    throw new Error(`no reservation number ${k} in ${category}`);
  }

  private beforeBlock(block: number, category: Category): number {
    const settledBlocks = Math.min(block, this.firstRecentBlock);
    const recentBlocks = Math.max(0, block - this.firstRecentBlock);
    return settledBlocks * perBlock(SETTLED, category) + recentBlocks * perBlock(RECENT, category);
  }

  private block(block: number): readonly Situacao[] {
    const cached = this.cache.get(block);
    if (cached !== undefined) return cached;
    const mix = block < this.firstRecentBlock ? SETTLED : RECENT;
    const statuses: Situacao[] = [];
    for (const [situacao, count] of mix) for (let n = 0; n < count; n += 1) statuses.push(situacao);
    const rng = new Rng(hash32(this.seed, TAG.block, block));
    for (let i = statuses.length - 1; i > 0; i -= 1) {
      const j = Math.floor(rng.next() * (i + 1));
      const a = statuses[i] as Situacao;
      statuses[i] = statuses[j] as Situacao;
      statuses[j] = a;
    }
    if (this.cache.size >= 4096) this.cache.clear();
    this.cache.set(block, statuses);
    return statuses;
  }
}
