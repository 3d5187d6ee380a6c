// Resident memory of another process, read from /proc/<pid>/status every `everyMs`: VmRSS (now)
// and VmHWM (the kernel's own high-water mark, so a peak between two samples is not missed).
import { readFileSync } from 'node:fs';

export interface RssReading {
  readonly rssKiB: number;
  readonly hwmKiB: number;
}

export function readRss(pid: number): RssReading | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined; // exited
  }
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
  const rssKiB = field('VmRSS');
  const hwmKiB = field('VmHWM');
  return Number.isFinite(rssKiB) ? { rssKiB, hwmKiB: Number.isFinite(hwmKiB) ? hwmKiB : rssKiB } : undefined;
}

export interface RssWatch {
  /** Highest of the sampled VmRSS and the last VmHWM read, in bytes. */
  peak(): number;
  /** The last VmRSS read, in bytes. */
  current(): number;
  /** Takes one reading now (when the caller needs the figure of this moment). */
  sample(): void;
  stop(): void;
}

export function watchRss(pid: number, everyMs = 100): RssWatch {
  let peak = 0;
  let current = 0;
  const sample = () => {
    const reading = readRss(pid);
    if (reading === undefined) return;
    current = reading.rssKiB * 1024;
    peak = Math.max(peak, current, reading.hwmKiB * 1024);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return { peak: () => peak, current: () => current, sample, stop: () => clearInterval(timer) };
}
