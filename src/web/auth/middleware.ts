// Who is calling: a bearer token, a dashboard session, or anyone when access is open (no
// credentials configured, outside production). Guards for the API (401 JSON) and pages (login).
// A session is checked on every request against the current configuration (the user must still
// be configured, and the :pii grant must still be there) and against the logouts recorded in the
// database.
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../context.ts';
import { HttpError } from '../errors.ts';
import { findToken, type Credentials } from './credentials.ts';
import type { Logger } from '../../ops/logger.ts';
import type { SessionRevocations } from './session-revocations.ts';
import type { SessionSigner } from './session.ts';

export function sessionCookieName(production: boolean): string {
  // __Host- binds the cookie to this exact origin over HTTPS (no Domain, Path=/).
  return production ? '__Host-cvcrm_sessao' : 'cvcrm_sessao';
}

export const nowSeconds = (now: () => Date): number => Math.floor(now().getTime() / 1000);

export interface IdentifyOptions {
  readonly credentials: Credentials;
  readonly signer: SessionSigner;
  readonly revocations: SessionRevocations;
  readonly production: boolean;
  readonly now: () => Date;
  readonly logger: Logger | undefined;
}

export function identify(options: IdentifyOptions): MiddlewareHandler<AppEnv> {
  const { credentials, signer, revocations, now } = options;
  const cookieName = sessionCookieName(options.production);
  return async (c, next) => {
    c.set('principal', undefined);
    c.set('badToken', false);
    c.set('sessionUnchecked', false);
    const authorization = c.req.header('authorization');
    if (authorization !== undefined) {
      // A wrong token is remembered, not rejected here: the rate limit must see the attempt first.
      const match = /^Bearer\s+(\S{1,512})\s*$/i.exec(authorization);
      const token = match ? findToken(credentials, match[1]!) : undefined;
      if (token === undefined) c.set('badToken', true);
      else c.set('principal', { kind: 'token', id: token.id, pii: token.pii, contas: token.contas });
      return next();
    }
    const session = signer.verify(getCookie(c, cookieName), nowSeconds(now));
    const user = credentials.user;
    let valid = false;
    if (session !== undefined && user !== undefined && session.user === user.name) {
      try {
        valid = !(await revocations.isRevoked(session.sid));
      } catch (error) {
        // Unknown is not valid: the guards answer 503 rather than a login loop or a wrong 401.
        c.set('sessionUnchecked', true);
        options.logger?.warn({ req_id: c.get('requestId'), err: { name: (error as Error).name, message: (error as Error).message } }, 'session check failed');
      }
    }
    if (valid && session !== undefined && user !== undefined) {
      // The grant of the configuration now: removing :pii narrows a live session at once; adding
      // it takes effect at the next login (a session never widens by itself). The account grant is
      // the configuration's now, so narrowing it narrows live sessions too.
      c.set('principal', {
        kind: 'session', id: `user:${session.user}`, pii: session.pii && user.pii, contas: user.contas, user: session.user, session,
      });
    } else if (credentials.open) {
      c.set('principal', { kind: 'open', id: 'open', pii: false, contas: null });
    }
    return next();
  };
}

const sessionUnavailable = () =>
  new HttpError(503, 'service_unavailable', 'Não foi possível verificar a sessão agora. Tente novamente em instantes.', { 'Retry-After': '5' });

export const requireApiAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get('sessionUnchecked') && c.get('principal') === undefined) throw sessionUnavailable();
  if (c.get('badToken')) {
    throw new HttpError(401, 'unauthorized', 'Token inválido.', { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
  }
  if (c.get('principal') === undefined) {
    throw new HttpError(401, 'unauthorized', 'Autenticação necessária: envie Authorization: Bearer <token> ou entre pelo painel.', {
      'WWW-Authenticate': 'Bearer',
    });
  }
  return next();
};

/** Pages: anonymous visitors go to the login form, keeping where they were going. */
export const requirePageAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get('sessionUnchecked') && c.get('principal') === undefined) throw sessionUnavailable();
  if (c.get('principal') === undefined) {
    const url = new URL(c.req.url);
    const next_ = `${url.pathname}${url.search}`;
    return c.redirect(next_ === '/' ? '/login' : `/login?next=${encodeURIComponent(next_)}`, 302);
  }
  return next();
};
