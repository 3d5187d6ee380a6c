import { describe, expect, it } from 'vitest';
import { describeConnectionFailure } from '../../src/db/connection-failure.ts';
import { KnownError } from '../../src/util/known-error.ts';

const URL = 'postgres://etl:senha-secreta@db.interno:6543/vendas?sslmode=verify-full';

function driverError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

function sentence(error: unknown, url = URL): string | undefined {
  const known = describeConnectionFailure(error, url);
  if (known !== undefined) {
    expect(known).toBeInstanceOf(KnownError);
    expect(known.cause).toBe(error);
    expect(known.message).not.toContain('senha-secreta');
    expect(known.message.startsWith('DATABASE_URL')).toBe(true);
  }
  return known?.message;
}

describe('why a connection to DATABASE_URL failed', () => {
  it('names the server for a refused, unknown or silent address', () => {
    expect(sentence(driverError('connect ECONNREFUSED 10.0.0.1:6543', 'ECONNREFUSED'))).toMatch(/db\.interno:6543 recusou a conexão/);
    expect(sentence(driverError('getaddrinfo ENOTFOUND db.interno', 'ENOTFOUND'))).toMatch(/db\.interno:6543 não foi encontrado/);
    expect(sentence(driverError('getaddrinfo EAI_AGAIN db.interno', 'EAI_AGAIN'))).toMatch(/não foi encontrado/);
    expect(sentence(driverError('connect ETIMEDOUT', 'ETIMEDOUT'))).toMatch(/db\.interno:6543 não respondeu/);
    expect(sentence(driverError('timeout exceeded when trying to connect'))).toMatch(/não respondeu a tempo/);
  });

  it('looks inside an AggregateError (localhost tries ::1 and 127.0.0.1) and a cause', () => {
    const both = new AggregateError([driverError('a', 'ECONNREFUSED'), driverError('b', 'ECONNREFUSED')], 'connect failed');
    expect(sentence(both, 'postgres://localhost/x')).toMatch(/localhost:5432 recusou a conexão/);
    const wrapped = new Error('outer', { cause: driverError('inner', 'ECONNREFUSED') });
    expect(sentence(wrapped)).toMatch(/recusou a conexão/);
  });

  it('names the database, the user, and a refused password without showing it', () => {
    expect(sentence(driverError('database "vendas" does not exist', '3D000'))).toMatch(/o banco "vendas" não existe no servidor db\.interno:6543/);
    expect(sentence(driverError('password authentication failed for user "etl"', '28P01'))).toMatch(/recusou a senha do usuário "etl"/);
    expect(sentence(driverError('role "etl" does not exist', '28000'))).toMatch(/o usuário "etl" não existe/);
    expect(sentence(driverError('no pg_hba.conf entry for host "1.2.3.4", user "etl", database "vendas", SSL off', '28000'))).toMatch(/sem TLS; acrescente \?sslmode=require/);
  });

  it('defaults the database to the user and the port to 5432, and decodes names', () => {
    expect(sentence(driverError('x', '3D000'), 'postgres://ana%20maria:p@h')).toMatch(/o banco "ana maria" não existe no servidor h:5432/);
  });

  it('explains TLS refusals', () => {
    expect(sentence(driverError('self-signed certificate in certificate chain', 'SELF_SIGNED_CERT_IN_CHAIN'))).toMatch(/certificado TLS .*SELF_SIGNED_CERT_IN_CHAIN, sslmode=verify-full/);
    expect(sentence(driverError('The server does not support SSL connections'))).toMatch(/não aceita conexões TLS/);
  });

  it('leaves other errors alone: a SQL error or a bug is not a connection problem', () => {
    expect(sentence(driverError('syntax error at or near "selec"', '42601'))).toBeUndefined();
    expect(sentence(new TypeError('x is not a function'))).toBeUndefined();
    expect(sentence('a string')).toBeUndefined();
  });
});
