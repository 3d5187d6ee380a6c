// Numbers, durations and moments in the text a person reads: the Brazilian way of writing them.
import { describe, expect, it } from 'vitest';
import { failingDetail, formatNotice, staleDetail } from '../../src/ops/alert-messages.ts';
import { formatDateTime, formatElapsed, formatInteger, formatNumber } from '../../src/util/pt-br-format.ts';

describe('pt-BR numbers and durations', () => {
  it('groups thousands with a dot and writes decimals with a comma', () => {
    expect(formatInteger(0)).toBe('0');
    expect(formatInteger(1234)).toBe('1.234');
    expect(formatInteger(1_234_567)).toBe('1.234.567');
    expect(formatNumber(0.05)).toBe('0,05');
    expect(formatNumber(3)).toBe('3');
  });

  it('says a measured time in seconds with one decimal, then in minutes and hours', () => {
    expect(formatElapsed(0)).toBe('0,0 s');
    expect(formatElapsed(12.34)).toBe('12,3 s');
    expect(formatElapsed(59.9)).toBe('59,9 s');
    // Rounding 59,96 s to one decimal would say 60,0 s: it is a minute.
    expect(formatElapsed(59.96)).toBe('1 min 00 s');
    expect(formatElapsed(245)).toBe('4 min 05 s');
    expect(formatElapsed(3599.6)).toBe('1 h 00 min');
    expect(formatElapsed(2 * 3600 + 5 * 60 + 10)).toBe('2 h 05 min');
    expect(formatElapsed(-1)).toBe('0,0 s');
  });

  it('says a moment as day/month/year and 24-hour time in the time zone asked', () => {
    const at = new Date('2025-05-01T03:07:00Z');
    expect(formatDateTime(at, 'UTC')).toBe('01/05/2025 03:07');
    expect(formatDateTime(at, 'America/Sao_Paulo')).toBe('01/05/2025 00:07');
    expect(formatDateTime(new Date('2025-12-31T23:30:00Z'), 'America/Sao_Paulo')).toBe('31/12/2025 20:30');
  });
});

describe('alert sentences', () => {
  it('say what failed, or since when the data is old, in pt-BR', () => {
    expect(failingDetail(4, undefined)).toBe('a sincronização falhou 4 vezes seguidas.');
    expect(failingDetail(1, ' ')).toBe('a sincronização falhou.');
    expect(failingDetail(3, 'HTTP 503 de maria@example.com')).toBe('a sincronização falhou 3 vezes seguidas. Último erro: HTTP 503 de [email]');
    expect(staleDetail(null, 8 * 3600_000)).toBe('nenhuma sincronização concluída ainda; dados com mais de 8 h contam como desatualizados.');
    expect(staleDetail(new Date('2025-05-01T12:00:00Z'), 3 * 86_400_000, 'America/Sao_Paulo'))
      .toBe('última sincronização concluída em 01/05/2025 09:00 (America/Sao_Paulo); dados com mais de 3 dias contam como desatualizados.');
  });

  it('name the account and the installation, with times in the schedule\'s zone', () => {
    const notice = {
      id: 1, conta: 'leste', resource: 'vendas', kind: 'stale' as const, detail: 'nenhuma sincronização concluída ainda',
      openedAt: new Date('2025-05-01T12:00:00Z'), resolvedAt: new Date('2025-05-03T13:00:00Z'),
    };
    expect(formatNotice({ ...notice, notice: 'open' }, { installation: 'acme', timeZone: 'America/Sao_Paulo' })).toEqual({
      subject: '[cvcrm-etl] ALERTA vendas (conta leste): dados desatualizados',
      text: 'vendas (conta leste): nenhuma sincronização concluída ainda\nDesde: 01/05/2025 09:00 (America/Sao_Paulo)\nInstalação: acme',
    });
    expect(formatNotice({ ...notice, notice: 'resolve' }, { installation: 'acme', timeZone: 'America/Sao_Paulo' })).toEqual({
      subject: '[cvcrm-etl] RESOLVIDO vendas (conta leste): dados desatualizados',
      text: 'vendas (conta leste) voltou ao normal depois de 2 dias.\nResolvido em: 03/05/2025 10:00 (America/Sao_Paulo)\nInstalação: acme',
    });
  });
});
