// What one HTTP exchange with CVDW says about the API. Pure.
//
// "answered": the API is reachable and accepted the credentials. Any 2xx, and the 4xx other than
// 401/403 (400 for a refused filter, 404, 429): the server looked at the request and replied.
// A 429 proves reachability, and CVDW checks credentials before the rate limit, so it counts as
// an answer; it is exactly what a sync at the rate limit gets now and then.
// "refused": 401/403, the credentials are wrong. "failed": no answer (status 0) or a 5xx.
import { scrubSentence } from '../util/scrub.ts';
import { cvdwFailureSentence } from './failure-sentence.ts';

export type ExchangeKind = 'answered' | 'refused' | 'failed';

export function exchangeKind(status: number): ExchangeKind {
  if (status === 401 || status === 403) return 'refused';
  if (status === 0 || status >= 500) return 'failed';
  return 'answered';
}

const MAX_DETAIL = 300;

/**
 * The sentence kept for an exchange that was not an answer; null for answers. It is stored and
 * shown on /health (in Portuguese), and it can quote the body CVDW sent (or a driver's text), so
 * it is scrubbed of e-mails, documents and secrets first.
 */
export function exchangeDetail(status: number, error: unknown): string | null {
  if (exchangeKind(status) === 'answered') return null;
  return scrubSentence(error === undefined ? `HTTP ${status}` : cvdwFailureSentence(error), MAX_DETAIL);
}
