// Retry-After is honoured but capped: one 429 must not stop every process for hours.
import { describe, expect, it } from 'vitest';
import { MAX_RATE_LIMIT_PAUSE_MS, parseRetryAfter, rateLimitPauseMs } from '../../src/cvdw/retry-policy.ts';

const NOW = Date.parse('2026-11-20T12:00:00Z');

describe('Retry-After', () => {
  it('reads seconds and HTTP dates, and ignores what it cannot read', () => {
    expect(parseRetryAfter('7', NOW)).toBe(7000);
    expect(parseRetryAfter('1.5', NOW)).toBe(1500);
    expect(parseRetryAfter('Fri, 20 Nov 2026 12:01:30 GMT', NOW)).toBe(90_000);
    expect(parseRetryAfter('Fri, 20 Nov 2026 11:00:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
    expect(parseRetryAfter('  ', NOW)).toBeUndefined();
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
  });

  it('is capped at 10 minutes, in seconds or as a date far ahead', () => {
    expect(MAX_RATE_LIMIT_PAUSE_MS).toBe(600_000);
    expect(parseRetryAfter('600', NOW)).toBe(600_000);
    expect(parseRetryAfter('601', NOW)).toBe(600_000);
    expect(parseRetryAfter('86400', NOW)).toBe(600_000);
    expect(parseRetryAfter('99999999999', NOW)).toBe(600_000);
    expect(parseRetryAfter('Thu, 20 Nov 2036 12:00:00 GMT', NOW)).toBe(600_000);
  });

  it('pauses for Retry-After when sent, else the configured pause, never over the cap', () => {
    expect(rateLimitPauseMs(7000, 60_000)).toBe(7000);
    expect(rateLimitPauseMs(undefined, 60_000)).toBe(60_000);
    expect(rateLimitPauseMs(undefined, 3_600_000)).toBe(600_000);
    expect(rateLimitPauseMs(0, 60_000)).toBe(0);
  });
});
