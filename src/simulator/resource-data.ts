// One resource's current state: the generated base sequence, minus the base records that were
// changed or deleted, followed by the changed and created records in the order they changed
// (their referencia_data is the simulator clock, later than every base record). Reading a page
// touches only that page's records: position math skips the few removed base indices.
import type { Rec } from './generators/format.ts';
import type { RecordSource } from './generators/source.ts';
import { lowerBound, upperBound } from './timeline.ts';

export interface TailEntry {
  /** The key the record was stored under (its referencia, even if the record lost it). */
  readonly key: string;
  readonly sortKey: number;
  readonly record: Rec;
}

export interface DateFilter {
  /** Inclusive lower bound, seconds. */
  readonly from?: number | undefined;
  /** Inclusive upper bound, seconds. */
  readonly to?: number | undefined;
}

export interface Selection {
  readonly total: number;
  rows(offset: number, limit: number): Rec[];
}

export type Located = { readonly where: 'base'; readonly index: number } | { readonly where: 'tail'; readonly entry: TailEntry };

function insertSorted(values: number[], value: number): void {
  const at = lowerBound(values.length, (i) => values[i] ?? 0, value);
  if (values[at] !== value) values.splice(at, 0, value);
}

export class ResourceData {
  private readonly removed: number[] = [];
  private readonly tail: TailEntry[] = [];
  private readonly tailByKey = new Map<string, TailEntry>();
  private createdCount = 0;

  constructor(
    readonly source: RecordSource,
    private readonly baseRecord: (index: number) => Rec,
  ) {}

  count(): number {
    return this.source.count - this.removed.length + this.tail.length;
  }

  /** The next index for a created record (beyond the base sequence, never reused). */
  nextFreshIndex(): number {
    const index = this.source.count + this.createdCount;
    this.createdCount += 1;
    return index;
  }

  select(filter: DateFilter): Selection {
    const { source } = this;
    const key = (i: number): number => source.sortKey(i);
    const filtered = filter.from !== undefined || filter.to !== undefined;
    // With any date filter, records without a real referencia_data (null or zero) never match.
    const lo = filter.from !== undefined ? lowerBound(source.count, key, filter.from) : filtered ? lowerBound(source.count, key, 0) : 0;
    const hi = filter.to !== undefined ? upperBound(source.count, key, filter.to) : source.count;
    const removed = this.removed;
    const rLo = lowerBound(removed.length, (i) => removed[i] ?? 0, lo);
    const rHi = lowerBound(removed.length, (i) => removed[i] ?? 0, hi);
    const baseTotal = Math.max(0, hi - lo - (rHi - rLo));
    const tail = this.tail.filter((e) => (filter.from === undefined || e.sortKey >= filter.from) && (filter.to === undefined || e.sortKey <= filter.to));
    return {
      total: baseTotal + tail.length,
      rows: (offset, limit) => {
        const rows: Rec[] = [];
        if (offset < baseTotal) {
          let index = lo + offset;
          let r = rLo;
          while (r < rHi && (removed[r] ?? Infinity) <= index) {
            index += 1;
            r += 1;
          }
          while (rows.length < limit && index < hi) {
            if (r < rHi && removed[r] === index) r += 1;
            else rows.push(this.baseRecord(index));
            index += 1;
          }
        }
        for (let t = Math.max(0, offset - baseTotal); rows.length < limit && t < tail.length; t += 1) {
          const entry = tail[t];
          if (entry !== undefined) rows.push(entry.record);
        }
        return rows;
      },
    };
  }

  locate(key: string): Located | undefined {
    const entry = this.tailByKey.get(key);
    if (entry !== undefined) return { where: 'tail', entry };
    const index = this.source.indexOf(key);
    if (index === undefined || this.isRemoved(index)) return undefined;
    return { where: 'base', index };
  }

  recordAt(located: Located): Rec {
    return located.where === 'tail' ? located.entry.record : this.baseRecord(located.index);
  }

  /** Takes a record out of the sequence (before it is appended again, or for good). */
  remove(located: Located): void {
    if (located.where === 'base') {
      insertSorted(this.removed, located.index);
      return;
    }
    const at = this.tail.indexOf(located.entry);
    if (at >= 0) this.tail.splice(at, 1);
    this.tailByKey.delete(located.entry.key);
  }

  append(entry: TailEntry): void {
    this.tail.push(entry);
    this.tailByKey.set(entry.key, entry);
  }

  private isRemoved(index: number): boolean {
    const at = lowerBound(this.removed.length, (i) => this.removed[i] ?? 0, index);
    return this.removed[at] === index;
  }
}
