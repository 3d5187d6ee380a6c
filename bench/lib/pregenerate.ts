// Generates a resource's records once, before anything is timed, and makes the dataset serve
// those very objects afterwards: reading a page is then position math over an array, so a load
// measured through the direct source times our load path and not the simulator's generator
// (about 0.4 ms a reservation on this machine) nor the garbage it leaves for the collector.
import type { Dataset } from '../../src/simulator/dataset.ts';
import type { Rec } from '../../src/simulator/generators/format.ts';

/** The parts of ResourceData this relies on; `baseRecord` is a private field of the class. */
interface Replaceable {
  count(): number;
  readonly source: { readonly count: number };
  select(filter: object): { readonly total: number; rows(offset: number, limit: number): Rec[] };
  baseRecord: (index: number) => Rec;
}

/** Returns the milliseconds spent generating. Only for a fresh dataset (nothing changed yet). */
export function pregenerate(dataset: Dataset, resource: string): number {
  const data = dataset.resource(resource) as unknown as Replaceable;
  // With nothing changed, the unfiltered selection is the base sequence itself: row i is index i.
  if (data.count() !== data.source.count) throw new Error(`${resource} was changed; pre-generation needs a fresh dataset`);
  const started = performance.now();
  const all = data.select({}).rows(0, data.source.count);
  const elapsed = performance.now() - started;
  data.baseRecord = (index) => {
    const record = all[index];
    if (record === undefined) throw new Error(`${resource}: no pre-generated record ${index}`);
    return record;
  };
  return elapsed;
}
