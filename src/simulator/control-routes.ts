// POST /__control/… : the same switches as the in-process API, for a simulator running in
// another process (the CLI). Only when enabled (the `control` option), and only from the
// loopback interface: anything else gets 404 or 403, as if the route did not exist.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { UnknownRecordError, type Dataset } from './dataset.ts';
import { FAULT_KINDS, type Faults } from './faults.ts';
import { BAD_KINDS } from './quirks.ts';
import type { RequestLog } from './request-log.ts';

export interface ControlDeps {
  readonly enabled: boolean;
  readonly dataset: Dataset;
  readonly faults: Faults;
  readonly log: RequestLog;
  readonly advanceClock: (ms: number) => string;
  readonly setClock: (dateTime: string) => string;
  readonly clockNow: () => string;
  readonly resetRateLimit: () => void;
}

const MAX_BODY = 1_000_000;
const record = z.record(z.string(), z.unknown());
const referencia = z.union([z.string(), z.number()]);
const target = z.object({ resource: z.string(), referencia });
const rate = z.number().min(0).max(1).optional();

const ACTIONS = {
  '/__control/data/create': z.object({ resource: z.string(), record: record.optional() }),
  '/__control/data/update': target.extend({ changes: record.optional() }),
  '/__control/data/deactivate': target,
  '/__control/data/delete': target,
  '/__control/data/inject-bad': z.object({ resource: z.string(), kind: z.enum(BAD_KINDS), referencia: referencia.optional() }),
  '/__control/data/count': z.object({ resource: z.string() }),
  '/__control/clock': z.object({ advanceMs: z.number().nonnegative().optional(), now: z.string().optional() }),
  '/__control/faults': z.object({
    kind: z.enum(FAULT_KINDS), count: z.number().int().positive().optional(), path: z.string().optional(),
    delayMs: z.number().int().nonnegative().optional(),
  }),
  '/__control/faults/mix': z.object({
    rate503: rate, rate422: rate, rateSlow: rate, rateHang: rate, rateReset: rate, rateTruncated: rate,
    rateInvalidJson: rate, rateEmpty: rate, slowMs: z.number().int().nonnegative().optional(), seed: z.number().int().optional(),
  }).nullable(),
  '/__control/faults/clear': z.object({}),
  '/__control/lockout': z.object({ ms: z.number().int().positive() }),
  '/__control/rate-limit/reset': z.object({}),
  '/__control/requests': z.object({ path: z.string().optional(), status: z.number().int().optional() }),
} as const;

type Action = keyof typeof ACTIONS;

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function isLoopback(address: string | undefined): boolean {
  return address !== undefined && LOOPBACK.has(address);
}

function reply(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

function run(deps: ControlDeps, action: Action, input: unknown): unknown {
  const { dataset, faults } = deps;
  switch (action) {
    case '/__control/data/create': {
      const body = ACTIONS[action].parse(input);
      return { record: dataset.create(body.resource, body.record) };
    }
    case '/__control/data/update': {
      const body = ACTIONS[action].parse(input);
      return { record: dataset.update(body.resource, body.referencia, body.changes) };
    }
    case '/__control/data/deactivate': {
      const body = ACTIONS[action].parse(input);
      return { record: dataset.deactivate(body.resource, body.referencia) };
    }
    case '/__control/data/delete': {
      const body = ACTIONS[action].parse(input);
      if (!dataset.hardDelete(body.resource, body.referencia)) throw new UnknownRecordError(`no record ${body.referencia}`);
      return { deleted: true };
    }
    case '/__control/data/inject-bad': {
      const body = ACTIONS[action].parse(input);
      return { record: dataset.injectBad(body.resource, body.kind, body.referencia) };
    }
    case '/__control/data/count':
      return { count: dataset.count(ACTIONS[action].parse(input).resource) };
    case '/__control/clock': {
      const body = ACTIONS[action].parse(input);
      if (body.now !== undefined) deps.setClock(body.now);
      if (body.advanceMs !== undefined) deps.advanceClock(body.advanceMs);
      return { now: deps.clockNow() };
    }
    case '/__control/faults': {
      const { kind, ...options } = ACTIONS[action].parse(input);
      faults.next(kind, {
        ...(options.count === undefined ? {} : { count: options.count }),
        ...(options.path === undefined ? {} : { path: options.path }),
        ...(options.delayMs === undefined ? {} : { delayMs: options.delayMs }),
      });
      return { pending: faults.pending() };
    }
    case '/__control/faults/mix': {
      const mix = ACTIONS[action].parse(input);
      faults.mix(mix === null ? null : Object.fromEntries(Object.entries(mix).filter(([, v]) => v !== undefined)));
      return { ok: true };
    }
    case '/__control/faults/clear':
      faults.clear();
      return { ok: true };
    case '/__control/lockout':
      faults.lockout(ACTIONS[action].parse(input).ms);
      return { ok: true };
    case '/__control/rate-limit/reset':
      deps.resetRateLimit();
      return { ok: true };
    case '/__control/requests': {
      const body = ACTIONS[action].parse(input);
      return {
        count: deps.log.count({
          ...(body.path === undefined ? {} : { path: body.path }),
          ...(body.status === undefined ? {} : { status: body.status }),
        }),
      };
    }
  }
}

export function createControlHandler(deps: ControlDeps): (req: IncomingMessage, res: ServerResponse, path: string) => void {
  return (req, res, path) => {
    if (!deps.enabled) return reply(res, 404, { mensagem: 'Rota não encontrada.', codigo: 404 });
    if (!isLoopback(req.socket.remoteAddress)) return reply(res, 403, { error: 'control is only accepted from loopback' });
    if (!(path in ACTIONS)) return reply(res, 404, { error: `unknown control action: ${path}` });
    if (req.method !== 'POST') return reply(res, 405, { error: 'use POST' });
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        const text = Buffer.concat(chunks).toString('utf8').trim();
        const input: unknown = text === '' ? {} : JSON.parse(text);
        reply(res, 200, run(deps, path as Action, input));
      } catch (error) {
        const status = error instanceof UnknownRecordError ? 404 : 400;
        reply(res, status, { error: error instanceof z.ZodError ? z.prettifyError(error) : (error as Error).message });
      }
    });
  };
}
