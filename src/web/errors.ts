// The one error shape of the web side: {"error":{"code","message"}}. Expected failures are
// thrown as HttpError; anything else is logged with the request id and answered with a plain 500
// that reveals neither stack nor SQL.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from '../ops/logger.ts';

export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'conta_nao_permitida'
  | 'not_found'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'rate_limited'
  | 'internal_error'
  | 'service_unavailable';

export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string): HttpError => new HttpError(400, 'bad_request', message);

export function errorBody(code: ErrorCode, message: string): { error: { code: ErrorCode; message: string } } {
  return { error: { code, message } };
}

const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 413: 'payload_too_large', 429: 'rate_limited',
};

/** The application's error handler (app.onError). */
export function handleError(logger: Logger | undefined) {
  return (error: Error, c: Context): Response => {
    if (error instanceof HttpError) {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      return c.json(errorBody(error.code, error.message), error.status);
    }
    if (error instanceof HTTPException && error.status < 500) {
      const code = STATUS_CODES[error.status] ?? 'bad_request';
      // Framework messages are short and generic (e.g. a malformed body); never data.
      return c.json(errorBody(code, error.status === 403 ? 'Requisição recusada.' : 'Requisição inválida.'), error.status as ContentfulStatusCode);
    }
    const requestId = String(c.get('requestId') ?? '');
    logger?.error({ err: { name: error.name, message: error.message, stack: error.stack }, req_id: requestId }, 'unexpected error');
    return c.json(errorBody('internal_error', `Erro interno. Informe o código ${requestId} ao suporte.`), 500);
  };
}

export function notFound(c: Context): Response {
  return c.json(errorBody('not_found', 'Rota não encontrada.'), 404);
}
