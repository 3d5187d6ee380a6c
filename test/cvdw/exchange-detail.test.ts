// What is kept of a failed exchange (etl.api_exchanges.last_detail, shown on /health) never holds
// the personal data or secrets an error body from CVDW may quote.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { getResource } from '../../src/cvdw/catalog/index.ts';
import { connectCvdw } from '../../src/cvdw/connect.ts';
import { requestLedger } from '../../src/db/queries/request-ledger.ts';
import { CvdwHttpError, CvdwNetworkError, CvdwRetriesExhaustedError, CvdwTimeoutError, RequestBudgetBusyError } from '../../src/cvdw/errors.ts';
import { exchangeDetail } from '../../src/cvdw/exchange-outcome.ts';
import { cvdwFailureSentence } from '../../src/cvdw/failure-sentence.ts';
import { probeApi } from '../../src/cvdw/probe.ts';
import type { CvdwClient } from '../../src/cvdw/client.ts';
import { describeEachDatabase } from '../helpers/databases.ts';

// What a proxy or the API might echo back: a bearer token, a password pair, a CPF and an e-mail
// (the client's own excerpt already hides e-mails and long hex tokens, not the rest).
const SECRETS = ['Bearer abcDEF123456ghiJKL', 'senha=Segredo-de-teste-42', '123.456.789-09', 'maria.souza@example.com'];
const BODY = `{"erro":"falha interna","detalhe":"Authorization: ${SECRETS[0]} ${SECRETS[1]} cpf ${SECRETS[2]} ${SECRETS[3]}"}`;

describe('exchangeDetail', () => {
  it('scrubs what the error quotes, and keeps nothing for an answer', () => {
    const context = { resource: 'reservas', target: '/api/v1/cvdw/reservas?pagina=1' };
    const detail = exchangeDetail(500, new CvdwHttpError(500, BODY, context))!;
    expect(detail).toContain('CVDW respondeu HTTP 500 para /api/v1/cvdw/reservas');
    for (const secret of SECRETS) expect(detail).not.toContain(secret);
    expect(exchangeDetail(0, 'connect failed for http://usuario:senha@cvdw.example/')).toBe('connect failed for http://[redacted]@cvdw.example/');
    expect(exchangeDetail(200, undefined)).toBeNull();
    expect(exchangeDetail(503, undefined)).toBe('HTTP 503');
  });
});

describe('cvdwFailureSentence and the probe speak Portuguese', () => {
  const context = { resource: 'reservas', target: '/api/v1/cvdw/reservas?pagina=1' };
  it('tells each kind of failure, through exhausted retries', () => {
    const timeout = new CvdwTimeoutError(30_000, context);
    expect(cvdwFailureSentence(new CvdwRetriesExhaustedError(3, context, { cause: timeout }))).toBe('CVDW não respondeu a /api/v1/cvdw/reservas?pagina=1 em 30000 ms');
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(cvdwFailureSentence(new CvdwNetworkError(context, { cause: refused }))).toBe('falha de conexão com o CVDW em /api/v1/cvdw/reservas?pagina=1 (ECONNREFUSED)');
  });

  it('a busy budget and an unreachable API are told in Portuguese on /health', async () => {
    const failing = (error: Error): CvdwClient => ({ fetchPage: async () => { throw error; }, fetchList: async () => { throw error; } });
    const busy = await probeApi(failing(new RequestBudgetBusyError(39_200)));
    expect(busy).toEqual({ ok: true, busy: true, detail: 'CVDW não consultado: orçamento de requisições ocupado (próxima vaga em 40 s)' });
    const down = await probeApi(failing(new CvdwTimeoutError(5_000, context)));
    expect(down).toEqual({ ok: false, detail: 'CVDW inacessível: CVDW não respondeu a /api/v1/cvdw/reservas?pagina=1 em 5000 ms' });
  });
});

describeEachDatabase('a failed exchange is stored scrubbed', (get) => {
  let server: Server;
  let origin: string;
  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(500, { 'content-type': 'application/json' }).end(BODY));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('keeps the status and the sentence, without the secrets of the body', async () => {
    const { db } = get();
    const client = connectCvdw({
      ledger: requestLedger(db), config: loadConfig({}), source: { baseUrl: origin, email: 'integracao@example.com', token: 'token-de-teste-0123456789' }, maxRetries: 0,
    });
    await expect(client.fetchPage('reservas', getResource('reservas').urlPath, { pagina: 1, registrosPorPagina: 10 })).rejects.toThrow(/HTTP 500/);
    const { rows } = await db.query<{ status: number; last_detail: string | null }>(
      `select status, last_detail from etl.api_exchanges where resource = 'reservas'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.status).toBe(500);
    expect(rows[0]?.last_detail).toContain('CVDW respondeu HTTP 500 para /api/v1/cvdw/reservas');
    for (const secret of SECRETS) expect(rows[0]?.last_detail).not.toContain(secret);
  });
});
