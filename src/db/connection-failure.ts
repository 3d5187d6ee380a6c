// Why a connection to DATABASE_URL failed, in one sentence a person can act on. The driver's own
// messages ("connect ECONNREFUSED", "role … does not exist") are terse and in English; this names
// the variable, the server and the database, and never the password.
import { KnownError } from '../util/known-error.ts';

/** Socket errors that mean "nobody answered at that address". */
const UNREACHABLE = new Set(['ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);
/** Node's codes for a certificate the client would not accept. */
const CERTIFICATE = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS/;

interface Target {
  readonly server: string;
  readonly database: string;
  readonly user: string;
  readonly sslMode: string;
}

/** The parts of DATABASE_URL a message may show: host:port, database, user; not the password. */
function targetOf(url: string): Target {
  try {
    const parsed = new URL(url);
    const user = decodeURIComponent(parsed.username) || 'postgres';
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || user;
    return {
      server: `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}`,
      database,
      user,
      sslMode: parsed.searchParams.get('sslmode') ?? 'disable',
    };
  } catch {
    return { server: 'o servidor', database: '?', user: '?', sslMode: 'disable' };
  }
}

/** The first errno or SQLSTATE found on the error, an AggregateError's parts or its cause. */
function codeOf(error: unknown, depth = 0): string | undefined {
  if (!(error instanceof Error) || depth > 4) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code !== '') return code;
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const found = codeOf(inner, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return error.cause === error ? undefined : codeOf(error.cause, depth + 1);
}

/**
 * The known reason a connection attempt failed, or undefined when the error is something else
 * (a bug, a SQL error) and must surface as it is.
 */
export function describeConnectionFailure(error: unknown, url: string): KnownError | undefined {
  const sentence = connectionFailureSentence(error, targetOf(url));
  return sentence === undefined ? undefined : new KnownError(sentence, { cause: error });
}

function connectionFailureSentence(error: unknown, t: Target): string | undefined {
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : '';
  switch (code) {
    case 'ECONNREFUSED':
      return `DATABASE_URL: o servidor PostgreSQL em ${t.server} recusou a conexão; confira o endereço e a porta, e se o servidor está no ar.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `DATABASE_URL: o endereço do servidor PostgreSQL ${t.server} não foi encontrado (DNS); confira o host na URL.`;
    case '3D000':
      return `DATABASE_URL: o banco "${t.database}" não existe no servidor ${t.server}; crie-o ou corrija o nome na URL.`;
    case '28P01':
      return `DATABASE_URL: o servidor ${t.server} recusou a senha do usuário "${t.user}"; confira o usuário e a senha na URL.`;
    case '28000':
      return /does not exist/i.test(message)
        ? `DATABASE_URL: o usuário "${t.user}" não existe no servidor ${t.server}; confira o usuário na URL.`
        : `DATABASE_URL: o servidor ${t.server} não permite que o usuário "${t.user}" acesse o banco "${t.database}" deste endereço${/SSL off|no encryption/i.test(message) ? ' sem TLS; acrescente ?sslmode=require à URL' : ''}.`;
    case '53300':
      return `DATABASE_URL: o servidor ${t.server} atingiu o limite de conexões; reduza DATABASE_POOL_SIZE ou libere conexões no servidor.`;
    case '57P03':
      return `DATABASE_URL: o servidor ${t.server} ainda não aceita conexões (está iniciando ou em recuperação); tente de novo em instantes.`;
    case 'ENOENT':
      // Only sslrootcert names a file in DATABASE_URL; a unix socket path is the other case.
      return `DATABASE_URL: um arquivo indicado na URL não foi encontrado (${(error as { path?: string }).path ?? t.server}); confira sslrootcert ou o caminho do socket.`;
  }
  if (code !== undefined && UNREACHABLE.has(code)) {
    return `DATABASE_URL: o servidor PostgreSQL em ${t.server} não respondeu; confira o endereço, a rede e se o servidor está no ar.`;
  }
  if (code !== undefined && CERTIFICATE.test(code)) {
    return `DATABASE_URL: o certificado TLS do servidor ${t.server} não foi aceito (${code}, sslmode=${t.sslMode}); informe a autoridade certificadora em sslrootcert ou use sslmode=require.`;
  }
  if (/does not support SSL/i.test(message)) {
    return `DATABASE_URL pede TLS (sslmode=${t.sslMode}), mas o servidor ${t.server} não aceita conexões TLS; use sslmode=disable apenas numa rede privada.`;
  }
  if (/timeout exceeded when trying to connect|connection timeout/i.test(message)) {
    return `DATABASE_URL: o servidor PostgreSQL em ${t.server} não respondeu a tempo; confira o endereço, a rede e se o servidor está no ar.`;
  }
  return undefined;
}
