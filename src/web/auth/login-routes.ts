// GET/POST /login and POST /logout. The form posts to the same origin only; attempts are
// limited per client address; the password is never logged or echoed.
import type { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import type { AppEnv, WebContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { demoBadge, layout } from '../page/layout.ts';
import type { RateLimiter } from '../middleware/rate-limit.ts';
import { clientAddress, sameOriginForm } from '../middleware/security.ts';
import { checkLogin } from './credentials.ts';
import { nowSeconds, sessionCookieName } from './middleware.ts';
import type { SessionRevocations } from './session-revocations.ts';
import { SESSION_TTL_SECONDS, type SessionSigner } from './session.ts';

/** Only local paths of the dashboard itself are followed after login. */
export function safeNext(value: unknown): string {
  if (typeof value !== 'string' || value.length > 1500) return '/';
  return /^\/(\?[^\s#\\]*)?$/.test(value) ? value : '/';
}

function loginPage(ctx: WebContext, options: { next: string; error?: string; disabled?: boolean }) {
  const form = options.disabled
    ? html`<p class="login-note">O acesso ao painel por login não está configurado. Defina DASHBOARD_USER e DASHBOARD_PASSWORD, ou use um token de API (API_TOKENS) para as rotas /api.</p>`
    : html`<form method="post" action="/login" class="login-form">
  <input type="hidden" name="next" value="${options.next}">
  <label>Usuário<input name="usuario" autocomplete="username" required maxlength="200" autofocus></label>
  <label>Senha<input name="senha" type="password" autocomplete="current-password" required maxlength="200"></label>
  ${options.error ? html`<p class="login-error" role="alert">${options.error}</p>` : ''}
  <button type="submit">Entrar</button>
</form>`;
  return layout({
    title: 'Entrar · Painel de Vendas',
    bodyClass: 'login-body',
    body: html`<main class="login-card">
  <h1>Painel de Vendas ${demoBadge(ctx.demo)}</h1>
  <p class="login-sub">Acesso restrito. Os dados de clientes são protegidos pela LGPD.</p>
  ${form}
</main>`,
  });
}

function logoutNotRecordedPage() {
  return layout({
    title: 'Sair · Painel de Vendas',
    bodyClass: 'login-body',
    body: html`<main class="login-card">
  <h1>Sessão encerrada neste navegador</h1>
  <p class="login-error" role="alert">O servidor não conseguiu registrar a saída no banco de dados agora. A sessão foi removida deste navegador, mas uma cópia do cookie de sessão continuaria válida até expirar (no máximo ${SESSION_TTL_SECONDS / 3600} horas).</p>
  <p class="login-sub">Se o acesso pode ter sido copiado, peça ao administrador que troque SESSION_SECRET.</p>
  <p><a href="/login">Entrar novamente</a></p>
</main>`,
  });
}

export interface LoginDeps {
  readonly signer: SessionSigner;
  readonly revocations: SessionRevocations;
  readonly loginLimiter: RateLimiter;
}

export function registerLoginRoutes(app: Hono<AppEnv>, ctx: WebContext, { signer, revocations, loginLimiter }: LoginDeps): void {
  const production = ctx.config.production;
  const cookieName = sessionCookieName(production);
  const user = ctx.credentials.user;

  app.get('/login', (c) => {
    if (ctx.credentials.open || (user !== undefined && c.get('principal')?.kind === 'session')) return c.redirect('/', 302);
    const next = safeNext(c.req.query('next'));
    return c.html(loginPage(ctx, { next, disabled: user === undefined }));
  });

  app.post('/login', async (c) => {
    if (user === undefined) throw new HttpError(404, 'not_found', 'Login não configurado.');
    if (!sameOriginForm(c)) throw new HttpError(403, 'forbidden', 'Formulário de outra origem recusado.');
    const decision = loginLimiter.hit(`login:${clientAddress(c, ctx.config.web.trustProxy)}`);
    if (!decision.allowed) {
      throw new HttpError(429, 'rate_limited', 'Muitas tentativas de login. Tente novamente mais tarde.', {
        'Retry-After': String(decision.resetSeconds),
      });
    }
    const form = await c.req.parseBody();
    const name = typeof form.usuario === 'string' ? form.usuario.slice(0, 200) : '';
    const password = typeof form.senha === 'string' ? form.senha.slice(0, 200) : '';
    const next = safeNext(form.next);
    if (!checkLogin(user, name, password)) {
      ctx.logger?.warn({ req_id: c.get('requestId') }, 'login refused');
      return c.html(loginPage(ctx, { next, error: 'Usuário ou senha inválidos.' }), 401);
    }
    const { value } = signer.create(user.name, user.pii, nowSeconds(ctx.now));
    setCookie(c, cookieName, value, {
      httpOnly: true, sameSite: 'Lax', secure: production, path: '/', maxAge: SESSION_TTL_SECONDS,
    });
    return c.redirect(next, 303);
  });

  app.post('/logout', async (c) => {
    if (!sameOriginForm(c)) throw new HttpError(403, 'forbidden', 'Formulário de outra origem recusado.');
    const session = c.get('principal')?.session;
    let recorded = true;
    // Recorded in the database: the cookie stays refused after a restart and by every process.
    if (session !== undefined) {
      try {
        await revocations.revoke(session, ctx.now());
      } catch (error) {
        // The browser still drops its cookie; this process refuses the session from now on, but
        // a restart or another process would take a copy of the cookie until it expires.
        recorded = false;
        ctx.logger?.error({ req_id: c.get('requestId'), err: { name: (error as Error).name, message: (error as Error).message } }, 'logout not recorded');
      }
    }
    deleteCookie(c, cookieName, { path: '/', secure: production });
    if (!recorded) return c.html(logoutNotRecordedPage(), 503, { 'Retry-After': '5' });
    return c.redirect('/login', 303);
  });
}
