// The words and numbers of a sync's progress, in Brazilian Portuguese: one line per resource and
// an overall line for a terminal, one line per page for a log, the wait. Pure.
import { formatElapsed, formatInteger } from '../util/pt-br-format.ts';
import type { OverallView, ResourceView, WaitView } from './progress-model.ts';

export function formatCount(n: number): string {
  return formatInteger(n);
}

/** '38 s', '4 min', '2 h 05 min': a countdown or a time left, rounded up so it never says 0 too early. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.ceil(s / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export function formatClock(epochMs: number, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat('pt-BR', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(timeZone ? { timeZone } : {}) }).format(epochMs);
}

export function waitText(wait: WaitView, timeZone?: string): string {
  return wait.reason === 'budget'
    ? `aguardando o limite de requisições (${formatDuration(wait.secondsLeft)})`
    : `pausado por 429 até ${formatClock(wait.until, timeZone)} (${formatDuration(wait.secondsLeft)})`;
}

/** Whole percent, rounded down: 100 % only when everything is done. */
export function percent(done: number, expected: number): number {
  return expected <= 0 ? 100 : Math.min(100, Math.floor((done / expected) * 100));
}

export function bar(done: number, expected: number | undefined, width: number): string {
  if (expected === undefined) return '░'.repeat(width);
  const filled = Math.min(width, Math.floor((percent(done, expected) / 100) * width));
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

function rateText(perMinute: number | undefined): string | undefined {
  return perMinute === undefined ? undefined : `${formatCount(perMinute)} reg/min`;
}

function etaText(etaSeconds: number | undefined, lowerBound: boolean): string | undefined {
  if (etaSeconds === undefined || etaSeconds <= 0) return undefined;
  return `faltam ${lowerBound ? 'pelo menos ' : '~'}${formatDuration(etaSeconds)}`;
}

export const STATUS_WORDS: Record<ResourceView['status'], string> = {
  pending: 'na fila',
  running: 'em andamento',
  succeeded: 'concluído',
  failed: 'falhou',
  skipped: 'não sincronizado',
};

/**
 * '1.500 de 10.000 registros (15%)'; '1.500 de pelo menos 10.000 registros' while part of the size
 * is unknown (a percentage of a lower bound would overstate); '1.500 registros (total ainda
 * desconhecido)' before anything is known.
 */
function countsText(done: number, expected: number | undefined, lowerBound = false): string {
  if (expected === undefined || (lowerBound && expected === 0)) return `${formatCount(done)} registros (total ainda desconhecido)`;
  if (lowerBound) return `${formatCount(done)} de pelo menos ${formatCount(expected)} registros`;
  return `${formatCount(done)} de ${formatCount(expected)} registros (${percent(done, expected)}%)`;
}

/** A resource on the terminal: name, bar, counts, and rate and time left while it runs. */
export function resourceLine(view: ResourceView, nameWidth: number, barWidth = 20): string {
  const name = view.resource.padEnd(nameWidth);
  if (view.status === 'pending' || view.status === 'skipped') return `${name} ${STATUS_WORDS[view.status]}`;
  const parts = [countsText(view.done, view.expected)];
  if (view.status === 'running') parts.push(...[rateText(view.perMinute), etaText(view.etaSeconds, false)].filter((p) => p !== undefined));
  else parts.push(STATUS_WORDS[view.status]);
  return `${name} ${bar(view.done, view.expected, barWidth)} ${parts.join(' · ')}`;
}

/** The whole sync: records, resources finished, rate and time left (lower bounds while a size is unknown). */
export function overallLine(view: OverallView, nameWidth: number): string {
  const parts = [
    countsText(view.done, view.expected, view.partial),
    `${view.finished} de ${view.resources} recursos`,
    rateText(view.perMinute),
    etaText(view.etaSeconds, view.partial),
  ].filter((p) => p !== undefined);
  return `${'total'.padEnd(nameWidth)} ${parts.join(' · ')}`;
}

/** One log line per page, off a terminal. */
export function pageLogLine(view: ResourceView): string {
  const parts = [countsText(view.done, view.expected), rateText(view.perMinute), etaText(view.etaSeconds, false)].filter((p) => p !== undefined);
  return `${view.resource}: ${parts.join(' · ')}`;
}

export function startLogLine(resource: string, mode: 'full' | 'incremental'): string {
  return `${resource}: sincronização ${mode === 'full' ? 'completa' : 'incremental'} iniciada`;
}

export function doneLogLine(view: ResourceView, seconds: number, error: string | undefined): string {
  const words = STATUS_WORDS[view.status];
  if (view.status === 'succeeded') return `${view.resource}: ${words}, ${formatCount(view.done)} registros em ${formatElapsed(seconds)}`;
  return `${view.resource}: ${words}${error ? ` (${error})` : ''}`;
}
