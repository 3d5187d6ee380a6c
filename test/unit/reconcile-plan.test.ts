// The reconciliation planner: which passes a night advances, how many requests it may spend,
// when its window closes, and what it says in the logs.
import { describe, expect, it } from 'vitest';
import { planSlice, sliceAllowance, windowEnd, type ReconcileCandidate } from '../../src/sync/reconcile-plan.ts';
import { resourceLine, sliceLine } from '../../src/sync/reconcile-messages.ts';

const NOW = new Date('2026-11-20T04:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 24 * 3600_000);
const idle = (resource: string, lastFullDaysAgo: number | null, firstRunDaysAgo: number | null = 30): ReconcileCandidate => ({
  resource, passStartedAt: null,
  lastFullAt: lastFullDaysAgo === null ? null : daysAgo(lastFullDaysAgo),
  firstRunAt: firstRunDaysAgo === null ? null : daysAgo(firstRunDaysAgo),
});

describe('planSlice', () => {
  it('continues passes under way first, then the due ones, oldest first', () => {
    const plan = planSlice([
      idle('a', 6.5), idle('b', 9), { ...idle('c', 3), passStartedAt: daysAgo(1) }, idle('d', 2), idle('e', 6.2),
    ], NOW, 7);
    expect(plan).toEqual(['c', 'b', 'a', 'e']);
  });

  it('starts about one resource in RECONCILE_DAYS early each night, so passes spread over the week', () => {
    const candidates = Array.from({ length: 14 }, (_, i) => idle(`r${String(i).padStart(2, '0')}`, 1 + (i % 5) * 0.2));
    expect(planSlice(candidates, NOW, 7)).toEqual(['r04', 'r09']);
  });

  it('counts a resource never read completely from its first sync, and skips one never synced', () => {
    expect(planSlice([idle('new', null, 0.1), idle('never', null, null), idle('old', null, 8)], NOW, 7)).toEqual(['old']);
  });

  it('re-reads everything every night when RECONCILE_DAYS is 1', () => {
    expect(planSlice([idle('a', 0.5), idle('b', 0.9)], NOW, 1)).toEqual(['b', 'a']);
  });

  it('over a simulated month, reads every resource completely at least once every RECONCILE_DAYS', () => {
    const days = 7;
    const lastFull = new Map<string, Date>(Array.from({ length: 9 }, (_, i) => [`r${i}`, daysAgo(1)] as const));
    let worst = 0;
    for (let night = 0; night < 30; night++) {
      const now = new Date(NOW.getTime() + night * 24 * 3600_000);
      const plan = planSlice([...lastFull].map(([resource, at]) => ({ resource, passStartedAt: null, lastFullAt: at, firstRunAt: daysAgo(40) })), now, days);
      for (const [, at] of lastFull) worst = Math.max(worst, (now.getTime() - at.getTime()) / (24 * 3600_000));
      // Each planned pass completes within the night here (a big tenant's may take more nights).
      for (const resource of plan) lastFull.set(resource, now);
    }
    expect(worst).toBeLessThanOrEqual(days);
  });
});

describe('sliceAllowance and windowEnd', () => {
  it('grants the configured share of the budget over the time left in the window', () => {
    const start = new Date('2026-11-20T04:00:00Z');
    expect(sliceAllowance(18, 50, start, new Date('2026-11-20T09:00:00Z'))).toBe(2700);
    expect(sliceAllowance(18, 10, start, new Date('2026-11-20T04:10:00Z'))).toBe(18);
    expect(sliceAllowance(18, 50, start, new Date('2026-11-20T03:00:00Z'))).toBe(0);
  });

  it('closes the window at the next sync tick, and never more than 12 hours after the slice began', () => {
    const tick = new Date('2026-11-20T04:00:00Z');
    expect(windowEnd(tick, new Date('2026-11-20T09:00:00Z'))).toEqual(new Date('2026-11-20T09:00:00Z'));
    expect(windowEnd(tick, new Date('2026-11-22T09:00:00Z'))).toEqual(new Date('2026-11-20T16:00:00Z'));
    expect(windowEnd(tick, undefined)).toEqual(new Date('2026-11-20T16:00:00Z'));
  });
});

describe('log lines', () => {
  const base = { resource: 'reservas', requests: 4, pages: 3, records: 60, deleted: 0 };
  it('say in pt-BR what each resource and the slice did', () => {
    expect(resourceLine({ ...base, result: 'completed', deleted: 2 })).toBe('reconciliação de reservas: leitura completa concluída; 2 registros marcados como excluídos na origem');
    expect(resourceLine({ ...base, result: 'completed', deleted: 1 })).toContain('1 registro marcado como excluído na origem');
    expect(resourceLine({ ...base, result: 'paused' })).toBe('reconciliação de reservas: 3 páginas lidas nesta noite; a leitura continua na próxima');
    expect(resourceLine({ ...base, result: 'busy' })).toContain('fica para a próxima noite');
    expect(resourceLine({ ...base, result: 'failed', error: 'tempo esgotado' })).toBe('reconciliação de reservas falhou (tempo esgotado); continua do último ponto salvo');
    expect(sliceLine({ planned: ['reservas', 'unidades'], allowance: 100, requests: 7, resources: [{ ...base, result: 'completed', deleted: 2 }, { ...base, resource: 'unidades', result: 'paused' }] }))
      .toBe('reconciliação noturna: 7 requisições de 100 permitidas; 1 de 2 recursos relidos por completo; 2 registros marcados como excluídos');
    expect(sliceLine({ planned: [], allowance: 100, requests: 0, resources: [] })).toBe('reconciliação noturna: nenhum recurso a reler hoje');
  });
});
