import { describe, expect, it } from 'vitest';
import { parseSchedule, scheduleIntervalMs } from '../../src/ops/cron.ts';
import { assessFreshness, stalenessRule } from '../../src/ops/staleness.ts';
import { loadConfig } from '../../src/config.ts';

const HOUR = 3600_000;
const from = new Date('2025-03-10T12:00:00Z');

describe('schedule arithmetic', () => {
  it('computes ticks in the configured time zone', () => {
    const schedule = parseSchedule('0 6-22/4 * * *', 'America/Sao_Paulo');
    // 06:00 in São Paulo (UTC-3) is 09:00 UTC.
    expect(schedule.next(new Date('2025-03-10T08:00:00Z'))?.toISOString()).toBe('2025-03-10T09:00:00.000Z');
    expect(schedule.previous(new Date('2025-03-10T08:00:00Z'))?.toISOString()).toBe('2025-03-10T01:00:00.000Z');
    // A tick exactly at the reference counts as the previous one.
    expect(schedule.previous(new Date('2025-03-10T09:00:00Z'))?.toISOString()).toBe('2025-03-10T09:00:00.000Z');
  });

  it.each([
    ['*/15 * * * *', 15 * 60_000],
    ['0 */4 * * *', 4 * HOUR],
    // 4 h by day, 8 h overnight: the longest gap, so mornings never look stale.
    ['0 6-22/4 * * *', 8 * HOUR],
    // Weekdays only: the weekend gap.
    ['0 9 * * 1-5', 72 * HOUR],
    ['*/1 * * * * *', 1000],
  ])('interval of %s', (cron, expected) => {
    expect(scheduleIntervalMs(cron, 'America/Sao_Paulo', from)).toBe(expected);
  });

  it('judges freshness against the configured number of intervals', () => {
    const config = loadConfig({ SYNC_CRON: '0 */4 * * *', SYNC_TIMEZONE: 'UTC', STALE_AFTER_INTERVALS: '3', CVCRM_RESOURCES: 'all' });
    const rule = stalenessRule(config, from);
    expect(rule.maxAgeMs).toBe(12 * HOUR);
    expect(rule.watched('principal', 'anything')).toBe(true);
    expect(rule.watched('outra', 'anything')).toBe(false);
    const row = (h: number | null) => ({
      conta: 'principal', resource: `r${h}`, lastSuccessAt: h === null ? null : new Date(from.getTime() - h * HOUR), firstRunAt: null, consecutiveFailures: 0, lastError: null,
    });
    expect(assessFreshness([row(11), row(13), row(null)], rule, from).map((f) => f.stale)).toEqual([false, true, false]);
  });

  it('matches configured resources by path or table name', () => {
    const config = loadConfig({ CVCRM_RESOURCES: 'reservas/condicoes' });
    const rule = stalenessRule(config, from);
    expect(rule.watched('principal', 'reservas/condicoes')).toBe(true);
    expect(rule.watched('principal', 'reservas_condicoes')).toBe(true);
    expect(rule.watched('principal', 'vendas')).toBe(false);
  });
});
