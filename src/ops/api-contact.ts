// What the recent CVDW exchanges of every process say about the API, for /health. Pure: the
// rows are the latest exchange of each HTTP status with the installation's credential.
import { exchangeKind } from '../cvdw/exchange-outcome.ts';

export interface ExchangeSeen {
  readonly status: number;
  readonly lastAt: Date;
  readonly lastDetail: string | null;
}

export interface ContactJudgement {
  readonly ok: boolean;
  readonly detail: string;
  /** When the exchange the judgement rests on happened. */
  readonly at: Date;
}

export type ContactVerdict =
  /** Something talked to CVDW within the window: this is the answer, no probe needed. */
  | { readonly recent: true; readonly judgement: ContactJudgement }
  /** Nothing within the window: probe if possible; `last` is what the last known exchange said. */
  | { readonly recent: false; readonly last: ContactJudgement | undefined };

/**
 * A failure that follows the last answer by less than this is a blip a retry is dealing with
 * (backoff waits at most 30 s); longer, and the API has stopped answering.
 */
export const FAILURE_GRACE_MS = 60_000;

export function judgeContact(rows: readonly ExchangeSeen[], now: Date, windowMs: number): ContactVerdict {
  const answer = latest(rows.filter((r) => exchangeKind(r.status) === 'answered'));
  const refusal = latest(rows.filter((r) => exchangeKind(r.status) === 'refused'));
  const failure = latest(rows.filter((r) => exchangeKind(r.status) === 'failed'));
  const recent = (r: ExchangeSeen | undefined): r is ExchangeSeen => r !== undefined && now.getTime() - r.lastAt.getTime() <= windowMs;
  const after = (a: ExchangeSeen | undefined, b: ExchangeSeen | undefined, marginMs = 0) =>
    a !== undefined && (b === undefined || a.lastAt.getTime() - b.lastAt.getTime() > marginMs);

  const refused = (r: ExchangeSeen): ContactJudgement => ({
    ok: false,
    at: r.lastAt,
    detail: `CVDW recusou as credenciais (HTTP ${r.status}) ${ago(r.lastAt, now)}: confira CVCRM_API_EMAIL e CVCRM_API_TOKEN`,
  });
  const answered = (r: ExchangeSeen): ContactJudgement => ({
    ok: true,
    at: r.lastAt,
    detail: r.status === 429
      ? `CVDW respondeu ${ago(r.lastAt, now)} (HTTP 429: limite de requisições atingido, mas a API está acessível)`
      : `CVDW respondeu ${ago(r.lastAt, now)} (HTTP ${r.status})`,
  });
  const failed = (r: ExchangeSeen): ContactJudgement => ({
    ok: false,
    at: r.lastAt,
    detail: `CVDW não responde: ${r.lastDetail ?? `HTTP ${r.status}`} (${ago(r.lastAt, now)}; ${answer === undefined ? 'nenhuma resposta registrada' : `última resposta ${ago(answer.lastAt, now)}`})`,
  });

  if (after(refusal, answer)) {
    return recent(refusal) ? { recent: true, judgement: refused(refusal) } : { recent: false, last: refused(refusal!) };
  }
  const stopped = after(failure, answer, FAILURE_GRACE_MS);
  if (recent(answer) && !stopped) return { recent: true, judgement: answered(answer) };
  if (recent(failure) && stopped) return { recent: true, judgement: failed(failure) };
  const last = latest([answer, failure].filter((r): r is ExchangeSeen => r !== undefined));
  return { recent: false, last: last === undefined ? undefined : last === answer ? answered(last) : failed(last) };
}

function latest(rows: readonly ExchangeSeen[]): ExchangeSeen | undefined {
  let best: ExchangeSeen | undefined;
  for (const row of rows) if (best === undefined || row.lastAt > best.lastAt) best = row;
  return best;
}

/** "há 42 s", "há 3 min", "há 2 h". */
export function ago(at: Date, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - at.getTime()) / 1000));
  if (seconds < 120) return `há ${seconds} s`;
  if (seconds < 7200) return `há ${Math.round(seconds / 60)} min`;
  return `há ${Math.round(seconds / 3600)} h`;
}
