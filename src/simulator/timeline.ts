// When each base record of a sequence last changed (its referencia_data), as a pure,
// non-decreasing function of its index, so that index order is the API's order and a date filter
// is a binary search. The shape copies real data:
//  - a prefix of records with a null referencia_data, then a prefix with the zero date (legacy
//    rows that the real API sorts first);
//  - the rest spread evenly over [start, end), each at its own random moment;
//  - runs of records sharing one referencia_data (bulk updates): in about one block of 64 in
//    four, the last 2..31 records share the block's last moment; and, for sequences of 2,000
//    or more, one run of 600 records (more than a 500-row page) at 40% of the way.
import { hash32, unitOf, TAG } from './rng.ts';
import { DAY, NULL_TIME, ZERO_TIME } from './naive-time.ts';

export interface TimelineOptions {
  readonly seed: number;
  readonly tag: number;
  readonly count: number;
  readonly nullCount: number;
  readonly zeroCount: number;
  /** Dated records fall in [start, end), seconds. */
  readonly start: number;
  readonly end: number;
}

const BLOCK = 64;
export const BIG_RUN_LENGTH = 600;
export const BIG_RUN_MIN_COUNT = 2000;
/** Legacy (null or zero-dated) records happened in the three years before the window. */
const LEGACY_SPAN = 3 * 365 * DAY;

export class Timeline {
  readonly prefix: number;
  private readonly dated: number;
  private readonly bigStart: number;
  private readonly bigEnd: number;

  constructor(private readonly options: TimelineOptions) {
    const nullCount = Math.min(options.nullCount, options.count);
    const zeroCount = Math.min(options.zeroCount, options.count - nullCount);
    this.prefix = nullCount + zeroCount;
    this.dated = options.count - this.prefix;
    const big = options.count >= BIG_RUN_MIN_COUNT && this.dated >= BIG_RUN_LENGTH;
    this.bigStart = big ? Math.floor(this.dated * 0.4) : -1;
    this.bigEnd = big ? Math.min(this.bigStart + BIG_RUN_LENGTH - 1, this.dated - 1) : -1;
  }

  get nullCount(): number {
    return Math.min(this.options.nullCount, this.options.count);
  }

  /** The referencia_data sort key of record `index` (NULL_TIME, ZERO_TIME or seconds). */
  sortKey(index: number): number {
    if (index < this.nullCount) return NULL_TIME;
    if (index < this.prefix) return ZERO_TIME;
    return this.base(this.representative(index - this.prefix));
  }

  /** The moment the record itself describes (its sale, its creation): not moved by bulk runs. */
  nominal(index: number): number {
    if (index < this.prefix) {
      const jitter = unitOf(hash32(this.options.seed, this.options.tag, -1 - index));
      return this.options.start - LEGACY_SPAN + Math.floor(((index + jitter) * LEGACY_SPAN) / Math.max(1, this.prefix));
    }
    return this.base(index - this.prefix);
  }

  /** Index range [first, last] of the long bulk run, if this sequence has one. */
  bigRun(): { first: number; last: number } | undefined {
    if (this.bigStart < 0) return undefined;
    return { first: this.prefix + this.bigStart, last: this.prefix + this.bigEnd };
  }

  private base(dated: number): number {
    const { seed, tag, start, end } = this.options;
    const jitter = unitOf(hash32(seed, tag, dated)) * 0.999;
    const denominator = Math.max(1, this.dated);
    // Beyond the base count (records created later) the spread simply continues.
    return start + Math.floor(((dated + jitter) * (end - start)) / denominator);
  }

  /** The index whose own moment a record shares: itself, or the last index of its run. */
  private representative(dated: number): number {
    if (dated >= this.dated) return dated;
    if (dated >= this.bigStart && dated <= this.bigEnd) return this.bigEnd;
    const block = Math.floor(dated / BLOCK);
    const h = hash32(this.options.seed, this.options.tag, TAG.run, block);
    if (h % 4 !== 0) return dated;
    const blockEnd = Math.min(block * BLOCK + BLOCK - 1, this.dated - 1);
    const runLength = 2 + ((h >>> 8) % 30);
    return dated > blockEnd - runLength ? blockEnd : dated;
  }
}

/** First index in [0, count) whose key is >= `key` (count when none). Keys must be non-decreasing. */
export function lowerBound(count: number, keyAt: (index: number) => number, key: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keyAt(mid) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index in [0, count) whose key is > `key`. */
export function upperBound(count: number, keyAt: (index: number) => number, key: number): number {
  return lowerBound(count, keyAt, key + 0.5);
}
