// What the dataset needs from a generated resource: a base sequence in API order, each record
// buildable alone, and the way back from a referencia to its position.
import type { Funnel } from '../funnel-core.ts';
import type { Parties } from '../parties.ts';
import type { Reservations } from '../reservation-core.ts';
import type { World } from '../world.ts';
import type { Rec } from './format.ts';

export interface RecordSource {
  /** Base records (before any change made through the control API). */
  readonly count: number;
  /** referencia_data sort key of base record i; non-decreasing in i. */
  sortKey(index: number): number;
  /** Base record i, exactly as served. */
  record(index: number): Rec;
  /** Base index of the record with this referencia, if there is one. */
  indexOf(referencia: string): number | undefined;
  /** A brand-new record for `create` (index >= count), whose own dates sit at `now`. */
  fresh(index: number, now: number): Rec;
}

export interface GeneratorContext {
  readonly world: World;
  readonly parties: Parties;
  readonly reservations: Reservations;
  readonly funnel: Funnel;
}

/** Whether i is a valid base index of the source. */
export function inRange(source: { readonly count: number }, index: number | undefined): index is number {
  return index !== undefined && Number.isInteger(index) && index >= 0 && index < source.count;
}
