// The words of each alert, in pt-BR. Only resource names, counts, times and already-scrubbed error
// sentences go in: never a record, a person or a credential.
import type { AlertMessage } from './alert-channels.ts';
import type { Notice } from './queries/alert-incidents.ts';
import { formatDateTime } from '../util/pt-br-format.ts';
import { scrubSentence } from '../util/scrub.ts';

export interface MessageContext {
  /** The tenant (CVCRM_SUBDOMAIN) or "demo", so several installations can share a channel. */
  readonly installation: string;
  /** The schedule's time zone (SYNC_TIMEZONE): moments are said in the reader's local time. */
  readonly timeZone?: string;
}

const TITLES = { failing: 'sincronização falhando', stale: 'dados desatualizados' } as const;

export function formatNotice(notice: Notice, context: MessageContext): AlertMessage {
  // The account (its CVCRM_ACCOUNTS name) says whose data is at stake when several share a channel.
  const resource = `${scrubSentence(notice.resource, 80)} (conta ${scrubSentence(notice.conta, 40)})`;
  const title = TITLES[notice.kind];
  const where = `Instalação: ${scrubSentence(context.installation, 80)}`;
  const when = (at: Date) => moment(at, context.timeZone);
  if (notice.notice === 'open') {
    return {
      subject: `[cvcrm-etl] ALERTA ${resource}: ${title}`,
      text: [`${resource}: ${scrubSentence(notice.detail, 500)}`, `Desde: ${when(notice.openedAt)}`, where].join('\n'),
    };
  }
  const resolvedAt = notice.resolvedAt ?? new Date();
  return {
    subject: `[cvcrm-etl] RESOLVIDO ${resource}: ${title}`,
    text: [
      `${resource} voltou ao normal depois de ${formatDuration(resolvedAt.getTime() - notice.openedAt.getTime())}.`,
      `Resolvido em: ${when(resolvedAt)}`,
      where,
    ].join('\n'),
  };
}

export function failingDetail(failures: number, error: string | undefined): string {
  const last = error === undefined || error.trim() === '' ? '' : ` Último erro: ${scrubSentence(error, 300)}`;
  // ALERT_FAILURE_THRESHOLD=1 alerts on the first failure.
  const what = failures === 1 ? 'a sincronização falhou.' : `a sincronização falhou ${failures} vezes seguidas.`;
  return `${what}${last}`;
}

export function staleDetail(lastSuccessAt: Date | null, maxAgeMs: number, timeZone?: string): string {
  const since = lastSuccessAt === null
    ? 'nenhuma sincronização concluída ainda'
    : `última sincronização concluída em ${moment(lastSuccessAt, timeZone)}`;
  return `${since}; dados com mais de ${formatDuration(maxAgeMs)} contam como desatualizados.`;
}

/** '1 h 30 min', '3 dias': how long an incident lasted, or the staleness limit. */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  return `${Math.round(hours / 24)} dias`;
}

/** '01/05/2025 09:00 (America/Sao_Paulo)': local time, with the zone named so no one guesses. */
function moment(at: Date, timeZone: string | undefined): string {
  return timeZone ? `${formatDateTime(at, timeZone)} (${timeZone})` : formatDateTime(at);
}
