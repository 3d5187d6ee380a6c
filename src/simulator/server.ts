// The HTTP face of the simulator, on node:http (full control over sockets is needed to hang
// and to reset). Order of checks for an API request: route (404), method (405), credentials
// (401), rate limit (429), then any fault switched on, then the answer (400, 204 or 200).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dataset } from './dataset.ts';
import type { FaultAction, Faults } from './faults.ts';
import { envelopeBody, isParamError, paramErrorBody, parsePageQuery } from './paging.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { RequestLog } from './request-log.ts';

export interface Credential {
  readonly email: string;
  readonly token: string;
}

export interface ServerDeps {
  readonly dataset: Dataset;
  readonly limiter: RateLimiter;
  readonly faults: Faults;
  readonly log: RequestLog;
  readonly credentials: readonly Credential[];
  readonly acceptsTimeInDateFilter: boolean;
  /** Handles /__control/… (the caller decides whether it is enabled). */
  readonly control: (req: IncomingMessage, res: ServerResponse, path: string) => void;
  /** Timers of slow responses, cleared when the server stops. */
  readonly timers: Set<NodeJS.Timeout>;
}

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const CVDW_PREFIX = '/api/v1/cvdw/';
const CADASTROS_PATH = '/api/v1/cadastros/empreendimentos';

const json = (status: number, value: unknown): Answer => ({ status, body: JSON.stringify(value) });
const UNAUTHORIZED = json(401, { mensagem: 'E-mail e/ou token incorreto(s).', codigo: 401 });
const NOT_FOUND = json(404, { mensagem: 'Rota não encontrada.', codigo: 404 });
const TOO_MANY = '{"Response": "Too many requests"}';

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function createRequestHandler(deps: ServerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const { dataset, limiter, faults, log } = deps;

  function route(path: string): string | undefined {
    if (path === CADASTROS_PATH) return 'empreendimentos';
    if (!path.startsWith(CVDW_PREFIX)) return undefined;
    const name = path.slice(CVDW_PREFIX.length);
    try {
      return dataset.spec(name).kind === 'cvdw' && dataset.spec(name).name === name ? name : undefined;
    } catch {
      return undefined;
    }
  }

  function answer(resource: string, url: URL): Answer {
    if (resource === 'empreendimentos') return json(200, dataset.empreendimentos());
    const query = parsePageQuery(url.searchParams, deps.acceptsTimeInDateFilter);
    if (isParamError(query)) return { status: 400, body: paramErrorBody(query) };
    const selection = dataset.resource(resource).select(query.filter);
    if (selection.total === 0 && dataset.spec(resource).emptyIs204) return { status: 204, body: '' };
    const rows = selection.rows((query.page - 1) * query.size, query.size);
    return { status: 200, body: envelopeBody(query, selection.total, rows) };
  }

  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator.local');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    if (path === '/__control' || path.startsWith('/__control/')) {
      deps.control(req, res, path);
      return;
    }
    const record = (status: number, fault?: string): void => {
      log.add({ at: Date.now(), method: req.method ?? 'GET', path, query: url.search, status, ...(fault === undefined ? {} : { fault }) });
    };
    const send = (reply: Answer, fault?: string): void => {
      record(reply.status, fault);
      if (res.destroyed) return;
      res.writeHead(reply.status, reply.status === 204 ? { ...reply.headers } : { 'content-type': JSON_TYPE, 'content-length': String(Buffer.byteLength(reply.body)), ...reply.headers });
      res.end(reply.status === 204 ? undefined : reply.body);
    };

    const resource = route(path);
    if (resource === undefined) return send(NOT_FOUND);
    if (req.method !== 'GET') return send(json(405, { mensagem: 'Método não permitido.', codigo: 405 }));
    const email = header(req, 'email')?.trim();
    const token = header(req, 'token')?.trim();
    if (!deps.credentials.some((c) => c.email === email && c.token === token)) return send(UNAUTHORIZED);
    const decision = limiter.check(email ?? '');
    if (!decision.ok) {
      const headers: Record<string, string> = limiter.retryAfterHeader ? { 'retry-after': String(decision.retryAfterSeconds) } : {};
      return send({ status: 429, body: TOO_MANY, headers });
    }
    const fault = faults.take(resource);
    if (fault === undefined) return send(answer(resource, url));
    applyFault(fault, () => answer(resource, url), req, res, send, record, deps.timers);
  };
}

function applyFault(
  fault: FaultAction,
  answer: () => Answer,
  req: IncomingMessage,
  res: ServerResponse,
  send: (reply: Answer, fault?: string) => void,
  record: (status: number, fault?: string) => void,
  timers: Set<NodeJS.Timeout>,
): void {
  switch (fault.kind) {
    case '503':
      return send({ status: 503, body: '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>', headers: { 'content-type': 'text/html' } }, fault.kind);
    case '422':
      return send(json(422, { mensagem: 'Ocorreu um erro inesperado', codigo: 422 }), fault.kind);
    case 'slow': {
      const timer = setTimeout(() => {
        timers.delete(timer);
        send(answer(), fault.kind);
      }, fault.delayMs);
      timers.add(timer);
      return;
    }
    case 'hang':
      // Never answered; the socket closes when the client gives up or the server stops.
      return record(0, fault.kind);
    case 'reset':
      record(0, fault.kind);
      req.socket.destroy();
      return;
    case 'truncated': {
      const body = answer().body;
      return send({ status: 200, body: body.slice(0, Math.floor(body.length / 2)) }, fault.kind);
    }
    case 'partial': {
      const body = Buffer.from(answer().body);
      record(200, fault.kind);
      res.writeHead(200, { 'content-type': JSON_TYPE, 'content-length': String(body.length) });
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => req.socket.destroy());
      return;
    }
    case 'invalid-json':
      return send({ status: 200, body: '<!DOCTYPE html><html><head><title>Erro</title></head><body>Erro interno do servidor</body></html>' }, fault.kind);
    case 'empty':
      return send({ status: 200, body: '' }, fault.kind);
  }
}
