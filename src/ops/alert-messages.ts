// The words of each alert. Only resource names, counts, times and already-scrubbed error
// sentences go in: never a record, a person or a credential.
import type { AlertMessage } from './alert-channels.ts';
import type { Notice } from './queries/alert-incidents.ts';
import { scrubSentence } from '../util/scrub.ts';

export interface MessageContext {
  /** The tenant (CVCRM_SUBDOMAIN) or "demo", so several installations can share a channel. */
  readonly installation: string;
}

const TITLES = { failing: 'sync failing', stale: 'data stale' } as const;

export function formatNotice(notice: Notice, context: MessageContext): AlertMessage {
  // The account (its CVCRM_ACCOUNTS name) says whose data is at stake when several share a channel.
  const resource = `${scrubSentence(notice.resource, 80)} (conta ${scrubSentence(notice.conta, 40)})`;
  const title = TITLES[notice.kind];
  const where = `Installation: ${scrubSentence(context.installation, 80)}`;
  if (notice.notice === 'open') {
    return {
      subject: `[cvcrm-etl] ALERT ${resource}: ${title}`,
      text: [`${resource}: ${scrubSentence(notice.detail, 500)}`, `Since: ${notice.openedAt.toISOString()}`, where].join('\n'),
    };
  }
  const resolvedAt = notice.resolvedAt ?? new Date();
  return {
    subject: `[cvcrm-etl] RESOLVED ${resource}: ${title}`,
    text: [
      `${resource} is back to normal after ${formatDuration(resolvedAt.getTime() - notice.openedAt.getTime())}.`,
      `Resolved: ${resolvedAt.toISOString()}`,
      where,
    ].join('\n'),
  };
}

export function failingDetail(failures: number, error: string | undefined): string {
  const last = error === undefined || error.trim() === '' ? '' : ` Last error: ${scrubSentence(error, 300)}`;
  return `the sync failed ${failures} times in a row.${last}`;
}

export function staleDetail(lastSuccessAt: Date | null, maxAgeMs: number): string {
  const since = lastSuccessAt === null ? 'no successful sync yet' : `last successful sync at ${lastSuccessAt.toISOString()}`;
  return `${since}; data older than ${formatDuration(maxAgeMs)} counts as stale.`;
}

export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  return `${Math.round(hours / 24)} days`;
}
