// Deterministic randomness. Every generated record is a pure function of (seed, resource, index):
// a hash of those numbers seeds a small PRNG, so any record can be built alone, in any order,
// without generating the ones before it.

function mixIn(h: number, k: number): number {
  let x = Math.imul(k | 0, 0xcc9e2d51);
  x = (x << 15) | (x >>> 17);
  x = Math.imul(x, 0x1b873593);
  let y = h ^ x;
  y = (y << 13) | (y >>> 19);
  return (Math.imul(y, 5) + 0xe6546b64) | 0;
}

function finish(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** A 32-bit hash of integers (each may exceed 32 bits: the high part is mixed in as well). */
export function hash32(...parts: readonly number[]): number {
  let h = 0x9747b28c;
  for (const part of parts) {
    h = mixIn(h, part);
    const high = Math.floor(part / 0x1_0000_0000);
    if (high !== 0) h = mixIn(h, high);
  }
  return finish(h ^ parts.length);
}

/** A 32-bit hash of a string, for turning names (resources, tags) into hash inputs. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return finish(h);
}

/** The hash as a number in [0, 1). */
export function unitOf(hash: number): number {
  return hash / 0x1_0000_0000;
}

/** mulberry32: tiny, fast, good enough for test data. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  }

  /** Whole number in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Real number in [min, max). */
  real(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** Picks by weight: `[[value, weight], …]`. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of items) total += weight;
    let u = this.next() * total;
    for (const [value, weight] of items) {
      if (u < weight) return value;
      u -= weight;
    }
    const last = items[items.length - 1];
    if (last === undefined) throw new Error('weighted pick from an empty list');
    return last[0];
  }
}

/** The PRNG of one record. */
export function rngFor(seed: number, tag: number, index: number): Rng {
  return new Rng(hash32(seed, tag, index));
}

/** Stable numeric tags, so that two resources never share a random stream. */
export const TAG = {
  reserva: hashString('reserva'),
  client: hashString('client'),
  unit: hashString('unit'),
  unitState: hashString('unit-state'),
  empreendimento: hashString('empreendimento'),
  broker: hashString('broker'),
  team: hashString('team'),
  block: hashString('status-block'),
  run: hashString('run'),
  commission: hashString('commission'),
  venda: hashString('venda'),
  distrato: hashString('distrato'),
  quirk: hashString('quirk'),
  bad: hashString('bad'),
  faults: hashString('faults'),
  generic: hashString('generic'),
  funnel: hashString('funnel'),
  lead: hashString('lead'),
  leadVisit: hashString('lead-visit'),
  leadHistory: hashString('lead-history'),
  leadLoss: hashString('lead-loss'),
  leadWin: hashString('lead-win'),
  precadastro: hashString('precadastro'),
  brokerSpeed: hashString('broker-speed'),
} as const;
