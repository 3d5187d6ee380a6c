// One error class per way a CVDW request can fail, each with its cause and context. Messages are
// in Portuguese (the CLI and the sync summary print them) and never carry the credentials or the
// records.

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
    super(`CVDW respondeu HTTP ${status} para ${context.target}${body ? `: ${body}` : ''}`, context);
  }
}

/** 401: wrong e-mail or token. Never retried; stops the run. */
export class CvdwAuthError extends CvdwHttpError {
  override readonly name = 'CvdwAuthError';
  constructor(body: string, context: RequestContext) {
    super(401, body, context);
    this.message = 'CVDW recusou as credenciais (HTTP 401): confira CVCRM_API_EMAIL e CVCRM_API_TOKEN.';
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
    super(`CVDW não respondeu a ${context.target} em ${timeoutMs} ms`, context, options);
  }
}

/** The connection failed or was reset before a complete answer. */
export class CvdwNetworkError extends CvdwError {
  override readonly name = 'CvdwNetworkError';
  constructor(context: RequestContext, options: { cause: unknown }) {
    super(`a conexão com o CVDW falhou em ${context.target}: ${describeCause(options.cause)}`, context, options);
  }
}

/** 200 with a body that is not the expected JSON (empty, truncated, wrong shape). */
export class CvdwInvalidResponseError extends CvdwError {
  override readonly name = 'CvdwInvalidResponseError';
  constructor(detail: string, context: RequestContext, options?: { cause?: unknown }) {
    super(`CVDW enviou uma resposta inválida para ${context.target}: ${detail}`, context, options);
  }
}

/** Every retry was used up; `cause` is the last failure. */
export class CvdwRetriesExhaustedError extends CvdwError {
  override readonly name = 'CvdwRetriesExhaustedError';
  constructor(attempts: number, context: RequestContext, options: { cause: CvdwError }) {
    super(`a requisição ao CVDW para ${context.target} falhou após ${attempts} tentativas: ${options.cause.message}`, context, options);
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
    super(`nenhuma vaga no orçamento de requisições nos próximos ${Math.ceil(waitMs / 1000)} s`);
  }
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code ?? ((cause.cause as NodeJS.ErrnoException | undefined)?.code);
    return code ? `${code}` : cause.message;
  }
  return String(cause);
}
