import { describe, expect, it } from 'vitest';
import { exchangeKind } from '../../src/cvdw/exchange-outcome.ts';
import { judgeContact, type ExchangeSeen } from '../../src/ops/api-contact.ts';

const NOW = new Date('2025-03-10T15:00:00Z');
const WINDOW = 5 * 60_000;
const seen = (status: number, secondsAgo: number, detail: string | null = null): ExchangeSeen =>
  ({ status, lastAt: new Date(NOW.getTime() - secondsAgo * 1000), lastDetail: detail });

describe('what recent CVDW exchanges say about the API', () => {
  it('classifies statuses: answers, refusals, failures', () => {
    expect([200, 204, 400, 404, 429].map(exchangeKind)).toEqual(['answered', 'answered', 'answered', 'answered', 'answered']);
    expect([401, 403].map(exchangeKind)).toEqual(['refused', 'refused']);
    expect([0, 500, 503].map(exchangeKind)).toEqual(['failed', 'failed', 'failed']);
  });

  it('a 429 within the window proves the API is reachable', () => {
    expect(judgeContact([seen(429, 10)], NOW, WINDOW)).toEqual({
      recent: true,
      judgement: { ok: true, at: seen(429, 10).lastAt, detail: 'CVDW respondeu há 10 s (HTTP 429: limite de requisições atingido, mas a API está acessível)' },
    });
  });

  it('a failure soon after an answer is a blip; long after it, the API stopped answering', () => {
    expect(judgeContact([seen(200, 40), seen(503, 10, 'CVDW answered HTTP 503')], NOW, WINDOW)).toMatchObject({ recent: true, judgement: { ok: true } });
    const stopped = judgeContact([seen(200, 200), seen(0, 10, 'CVDW did not answer within 30000 ms')], NOW, WINDOW);
    expect(stopped).toMatchObject({ recent: true, judgement: { ok: false } });
    expect(stopped.recent && stopped.judgement.detail).toBe('CVDW não responde: CVDW did not answer within 30000 ms (há 10 s; última resposta há 3 min)');
  });

  it('a refusal after the last answer wins; an answer after a refusal clears it', () => {
    expect(judgeContact([seen(200, 100), seen(401, 50)], NOW, WINDOW)).toMatchObject({ recent: true, judgement: { ok: false } });
    expect(judgeContact([seen(401, 100), seen(200, 50)], NOW, WINDOW)).toMatchObject({ recent: true, judgement: { ok: true } });
  });

  it('nothing within the window asks for a probe, telling what was last seen', () => {
    expect(judgeContact([], NOW, WINDOW)).toEqual({ recent: false, last: undefined });
    expect(judgeContact([seen(200, 400)], NOW, WINDOW)).toMatchObject({ recent: false, last: { ok: true, detail: 'CVDW respondeu há 7 min (HTTP 200)' } });
    expect(judgeContact([seen(403, 4 * 3600)], NOW, WINDOW)).toMatchObject({ recent: false, last: { ok: false } });
  });
});
