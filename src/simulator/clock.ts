// The simulator's own "now", in naive Brazil time. Changes made through the control API are
// stamped with it, so they sort after every generated record; tests move it explicitly.
import { brazilNowSeconds } from './naive-time.ts';

export class SimulatorClock {
  private offsetMs = 0;
  private lastStamp: number;

  /**
   * @param pinnedMs when set, the clock stands still at this naive moment (ms) until moved;
   *   otherwise it follows the real Brazil wall clock.
   * @param floor no stamp is ever earlier than this (the end of the generated data, seconds).
   */
  constructor(private pinnedMs: number | undefined, floor: number) {
    this.lastStamp = floor;
  }

  /** Naive seconds now. */
  now(): number {
    const ms = this.pinnedMs !== undefined ? this.pinnedMs : brazilNowSeconds() * 1000;
    return Math.floor((ms + this.offsetMs) / 1000);
  }

  /** The referencia_data for a change made now: never earlier than a previous one. */
  stamp(): number {
    this.lastStamp = Math.max(this.lastStamp, this.now());
    return this.lastStamp;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error('the clock only moves forward');
    this.offsetMs += ms;
  }

  /** Moves the clock to a naive moment (seconds); it then stands still there. */
  set(seconds: number): void {
    this.pinnedMs = seconds * 1000;
    this.offsetMs = 0;
  }
}
