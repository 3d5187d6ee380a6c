// Who is calling: a bearer token, a dashboard session, or anyone when access is open (no
// credentials configured, outside production). Guards for the API (401 JSON) and pages (login).
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv, Principal } from '../context.ts';
import { HttpError } from '../errors.ts';
import { findToken, type Credentials } from './credentials.ts';
import type { SessionSigner } from './session.ts';

export function sessionCookieName(production: boolean): string {
  // __Host- binds the cookie to this exact origin over HTTPS (no Domain, Path=/).
  return production ? '__Host-cvcrm_sessao' : 'cvcrm_sessao';
}

export const nowSeconds = (now: () => Date): number => Math.floor(now().getTime() / 1000);

export function identify(
  credentials: Credentials,
  signer: SessionSigner,
  production: boolean,
  now: () => Date,
): MiddlewareHandler<AppEnv> {
  const cookieName = sessionCookieName(production);
  return async (c, next) => {
    c.set('principal', undefined);
    c.set('badToken', false);
    const authorization = c.req.header('authorization');
    if (authorization !== undefined) {
      // A wrong token is remembered, not rejected here: the rate limit must see the attempt first.
      const match = /^Bearer\s+(\S{1,512})\s*$/i.exec(authorization);
      const token = match ? findToken(credentials, match[1]!) : undefined;
      if (token === undefined) c.set('badToken', true);
      else c.set('principal', { kind: 'token', id: token.id, pii: token.pii });
      return next();
    }
    const session = signer.verify(getCookie(c, cookieName), nowSeconds(now));
    if (session !== undefined && credentials.user !== undefined && session.user === credentials.user.name) {
      c.set('principal', { kind: 'session', id: `user:${session.user}`, pii: session.pii, user: session.user, session });
    } else if (credentials.open) {
      c.set('principal', { kind: 'open', id: 'open', pii: false });
    }
    return next();
  };
}

export function principalOf(c: Context<AppEnv>): Principal | undefined {
  return c.get('principal');
}

export const requireApiAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
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
  if (c.get('principal') === undefined) {
    const url = new URL(c.req.url);
    const next_ = `${url.pathname}${url.search}`;
    return c.redirect(next_ === '/' ? '/login' : `/login?next=${encodeURIComponent(next_)}`, 302);
  }
  return next();
};
