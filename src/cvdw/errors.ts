// One error class per way a CVDW request can fail, each with its cause and context. Messages
// never carry the credentials or the records.

export interface RequestContext {
  readonly resource: string;
  /** Path and query string, no credentials. */
  readonly target: string;
}

export class CvdwError extends Error {
  override readonly name: string = 'CvdwError';
  readonly context: RequestContext;
  constructor(message: string, context: RequestContext, options?: { cause?: unknown }) {
    super(message, options);
    this.context = context;
  }
}

/** HTTP status other than 2xx. `body` is a short, sanitised excerpt. */
export class CvdwHttpError extends CvdwError {
  override readonly name: string = 'CvdwHttpError';
  constructor(readonly status: number, readonly body: string, context: RequestContext, readonly retryAfterMs?: number) {
    super(`CVDW answered HTTP ${status} for ${context.target}${body ? `: ${body}` : ''}`, context);
  }
}

/** 401: wrong e-mail or token. Never retried; stops the run. */
export class CvdwAuthError extends CvdwHttpError {
  override readonly name = 'CvdwAuthError';
  constructor(body: string, context: RequestContext) {
    super(401, body, context);
    this.message = 'CVDW refused the credentials (HTTP 401): check CVCRM_API_EMAIL and CVCRM_API_TOKEN.';
  }
}

/** 400: the request itself is wrong (e.g. a date filter the API does not accept). */
export class CvdwBadRequestError extends CvdwHttpError {
  override readonly name = 'CvdwBadRequestError';
  constructor(body: string, context: RequestContext) {
    super(400, body, context);
  }
}

export class CvdwRateLimitError extends CvdwHttpError {
  override readonly name = 'CvdwRateLimitError';
  constructor(body: string, context: RequestContext, retryAfterMs: number | undefined) {
    super(429, body, context, retryAfterMs);
  }
}

export class CvdwTimeoutError extends CvdwError {
  override readonly name = 'CvdwTimeoutError';
  constructor(readonly timeoutMs: number, context: RequestContext, options?: { cause?: unknown }) {
    super(`CVDW did not answer ${context.target} within ${timeoutMs} ms`, context, options);
  }
}

/** The connection failed or was reset before a complete answer. */
export class CvdwNetworkError extends CvdwError {
  override readonly name = 'CvdwNetworkError';
  constructor(context: RequestContext, options: { cause: unknown }) {
    super(`CVDW connection failed for ${context.target}: ${describeCause(options.cause)}`, context, options);
  }
}

/** 200 with a body that is not the expected JSON (empty, truncated, wrong shape). */
export class CvdwInvalidResponseError extends CvdwError {
  override readonly name = 'CvdwInvalidResponseError';
  constructor(detail: string, context: RequestContext, options?: { cause?: unknown }) {
    super(`CVDW sent an invalid response for ${context.target}: ${detail}`, context, options);
  }
}

/** Every retry was used up; `cause` is the last failure. */
export class CvdwRetriesExhaustedError extends CvdwError {
  override readonly name = 'CvdwRetriesExhaustedError';
  constructor(attempts: number, context: RequestContext, options: { cause: CvdwError }) {
    super(`CVDW request for ${context.target} failed after ${attempts} attempts: ${options.cause.message}`, context, options);
  }
}

/**
 * A request that was not sent because the shared budget had no slot free right now (or a 429
 * pause was on), for callers that must not wait (the health probe). Not a CvdwError: nothing was
 * asked of CVDW, so nothing is retried.
 */
export class RequestBudgetBusyError extends Error {
  override readonly name = 'RequestBudgetBusyError';
  constructor(readonly waitMs: number) {
    super(`no request slot free for ${Math.ceil(waitMs / 1000)} s`);
  }
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code ?? ((cause.cause as NodeJS.ErrnoException | undefined)?.code);
    return code ? `${code}` : cause.message;
  }
  return String(cause);
}
