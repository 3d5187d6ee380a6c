// The one HTTP client for CVDW: credentials, timeouts, the shared request budget, the pause after
// a 429, and retries with backoff for transient failures. Every upstream call goes through one
// queue, so a process never has two requests in flight against the same credential.
import PQueue from 'p-queue';
import {
  CvdwAuthError, CvdwBadRequestError, CvdwError, CvdwHttpError, CvdwInvalidResponseError, CvdwNetworkError,
  CvdwRateLimitError, CvdwRetriesExhaustedError, CvdwTimeoutError, type RequestContext,
} from './errors.ts';
import { EMPTY_ENVELOPE, envelopeSchema, type Envelope } from './envelope.ts';
import { abortableSleep, type RequestBudget } from './request-budget.ts';
import { DEFAULT_BACKOFF, backoffDelay, isTransient, parseRetryAfter, rateLimitPauseMs, retryReason, type BackoffOptions } from './retry-policy.ts';

export interface CvdwClientOptions {
  readonly baseUrl: string;
  readonly email: string;
  readonly token: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly budget: RequestBudget;
  /** Pause after a 429 without Retry-After. */
  readonly rateLimitPauseMs?: number;
  readonly backoff?: BackoffOptions;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random?: () => number;
  readonly onRequest?: (resource: string, status: number, seconds: number) => void;
  /** After every exchange, awaited: its status (0: no answer) and the error, if any. Must not throw. */
  readonly onExchange?: (resource: string, status: number, error: unknown) => Promise<void>;
  readonly onRetry?: (resource: string, reason: string, delayMs: number) => void;
}

export interface PageQuery {
  readonly pagina: number;
  readonly registrosPorPagina: number;
  /** 'YYYY-MM-DD HH:MM:SS' or 'YYYY-MM-DD'. */
  readonly aPartir?: string | undefined;
  readonly ate?: string | undefined;
}

export interface CvdwClient {
  /** One page of a CVDW resource (`urlPath` like /api/v1/cvdw/reservas). 204 reads as an empty envelope. */
  fetchPage(resource: string, urlPath: string, query: PageQuery, signal?: AbortSignal): Promise<Envelope>;
  /** A plain-array endpoint (`/api/v1/cadastros/empreendimentos`). */
  fetchList(resource: string, urlPath: string, signal?: AbortSignal): Promise<unknown[]>;
}

const MAX_ERROR_BODY = 160;

export function createCvdwClient(options: CvdwClientOptions): CvdwClient {
  const queue = new PQueue({ concurrency: 1 });
  const sleep = options.sleep ?? abortableSleep;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const pauseMs = options.rateLimitPauseMs ?? 60_000;

  async function attempt(resource: string, target: string, signal: AbortSignal | undefined): Promise<{ status: number; body: string }> {
    const context: RequestContext = { resource, target };
    await options.budget.acquire(signal);
    // The caller's signal stops waiting, not an exchange under way: a page in flight when the
    // process is asked to stop is finished and committed.
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const started = performance.now();
    let status = 0;
    let failure: unknown;
    try {
      const response = await fetch(`${options.baseUrl}${target}`, {
        headers: { email: options.email, token: options.token, accept: 'application/json' },
        signal: timeout,
      });
      status = response.status;
      const body = await response.text();
      if (status === 204 || (status >= 200 && status < 300)) return { status, body };
      const excerpt = sanitise(body);
      if (status === 401) throw new CvdwAuthError(excerpt, context);
      if (status === 400) throw new CvdwBadRequestError(excerpt, context);
      if (status === 429) throw new CvdwRateLimitError(excerpt, context, parseRetryAfter(response.headers.get('retry-after'), Date.now()));
      throw new CvdwHttpError(status, excerpt, context);
    } catch (error) {
      if (error instanceof CvdwError) failure = error;
      else if (timeout.aborted) failure = new CvdwTimeoutError(options.timeoutMs, context, { cause: error });
      else failure = new CvdwNetworkError(context, { cause: error });
      throw failure;
    } finally {
      options.onRequest?.(resource, status, (performance.now() - started) / 1000);
      await options.onExchange?.(resource, status, failure);
    }
  }

  async function request<T>(resource: string, target: string, parse: (status: number, body: string, context: RequestContext) => T, signal?: AbortSignal): Promise<T> {
    const context: RequestContext = { resource, target };
    for (let tries = 0; ; tries++) {
      try {
        const { status, body } = (await queue.add(() => attempt(resource, target, signal)))!;
        return parse(status, body, context);
      } catch (error) {
        if (!(error instanceof CvdwError) || !isTransient(error)) throw error;
        if (tries >= options.maxRetries) throw new CvdwRetriesExhaustedError(tries + 1, context, { cause: error });
        let delay = backoffDelay(tries, backoff, options.random);
        if (error instanceof CvdwRateLimitError) {
          // Every request waits, not just this one: the pause is shared through the budget.
          delay = rateLimitPauseMs(error.retryAfterMs, pauseMs);
          await options.budget.pause(delay);
        }
        options.onRetry?.(resource, retryReason(error), delay);
        await sleep(delay, signal);
      }
    }
  }

  return {
    fetchPage(resource, urlPath, query, signal) {
      const params = new URLSearchParams({ pagina: String(query.pagina), registros_por_pagina: String(query.registrosPorPagina) });
      if (query.aPartir !== undefined) params.set('a_partir_data_referencia', query.aPartir);
      if (query.ate !== undefined) params.set('ate_data_referencia', query.ate);
      return request(resource, `${urlPath}?${params.toString()}`, parseEnvelope, signal);
    },
    fetchList(resource, urlPath, signal) {
      return request(resource, urlPath, parseList, signal);
    },
  };
}

function parseJson(body: string, context: RequestContext): unknown {
  if (body.trim() === '') throw new CvdwInvalidResponseError('corpo vazio', context);
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new CvdwInvalidResponseError('o corpo não é um JSON válido', context, { cause: error });
  }
}

function parseEnvelope(status: number, body: string, context: RequestContext): Envelope {
  if (status === 204) return EMPTY_ENVELOPE;
  const parsed = envelopeSchema.safeParse(parseJson(body, context));
  if (!parsed.success) throw new CvdwInvalidResponseError('não é uma página do CVDW (envelope inesperado)', context);
  return parsed.data;
}

function parseList(status: number, body: string, context: RequestContext): unknown[] {
  if (status === 204) return [];
  const value = parseJson(body, context);
  if (!Array.isArray(value)) throw new CvdwInvalidResponseError('esperava uma lista JSON', context);
  return value;
}

/** A short excerpt of an error body, without anything that looks like an address or a token. */
function sanitise(body: string): string {
  return body
    .slice(0, MAX_ERROR_BODY)
    .replace(/[\w.+-]+@[\w-]+\.[\w.-]+/g, '[e-mail]')
    .replace(/\b[0-9a-f]{32,}\b/gi, '[token]')
    .replace(/\s+/g, ' ')
    .trim();
}
