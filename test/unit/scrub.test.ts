import { describe, expect, it } from 'vitest';
import { scrubSentence, scrubText } from '../../src/util/scrub.ts';

describe('scrubText', () => {
  it.each([
    ['e-mail', 'user joao.silva+teste@empresa.com.br not found', 'joao.silva+teste@empresa.com.br'],
    ['formatted CPF', 'documento 123.456.789-09 inválido', '123.456.789-09'],
    ['bare CPF', 'cpf=12345678909;', '12345678909'],
    ['CNPJ', 'cnpj 12.345.678/0001-95', '12.345.678/0001-95'],
    ['bearer token', 'Authorization: Bearer abc.DEF-123_456', 'abc.DEF-123_456'],
    ['40-hex token', 'token 0123456789abcdef0123456789abcdef01234567 rejected', '0123456789abcdef0123456789abcdef01234567'],
    ['URL password', 'connect postgres://etl:s3cr3t@db.neon.tech:5432/app failed', 's3cr3t'],
    ['URL user', 'GET https://admin@example.com/x', 'admin'],
    ['query-string secret', 'https://hooks.example.com/x?token=abcd1234&x=1', 'abcd1234'],
    ['password pair', 'password="hunter22" rejected', 'hunter22'],
    ['JWT', 'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_nature rejected', 'eyJhbGciOiJIUzI1NiJ9'],
  ])('removes a %s', (_kind, input, secret) => {
    const out = scrubText(input);
    expect(out).not.toContain(secret);
  });

  it('keeps ordinary operational text intact', () => {
    const text = 'reservas: HTTP 503 after 5 retries (page 12, 500 records, 2024-08-10 10:00:00)';
    expect(scrubText(text)).toBe(text);
  });

  it('keeps ordinary words after "token"', () => {
    expect(scrubText('invalid token provided')).toBe('invalid token provided');
  });

  it('keeps the host of a URL whose credentials it removes', () => {
    expect(scrubText('postgres://u:p@db.example.com/x')).toBe('postgres://[redacted]@db.example.com/x');
  });

  it('does not treat ids of other lengths as CPFs', () => {
    expect(scrubText('idreserva 1234567 and 123456789012')).toBe('idreserva 1234567 and 123456789012');
  });
});

describe('scrubSentence', () => {
  it('flattens, scrubs and bounds an error message', () => {
    const error = new Error(`failed for a@b.co\n${'x'.repeat(400)}`);
    const out = scrubSentence(error, 50);
    expect(out).not.toContain('a@b.co');
    expect(out).not.toContain('\n');
    expect(out.length).toBeLessThanOrEqual(50);
  });
});
