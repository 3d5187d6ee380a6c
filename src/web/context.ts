// What the web side's routes share: the Hono environment and the dependencies of the app.
import type { Database } from '../db/database.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../ops/logger.ts';
import type { Credentials } from './auth/credentials.ts';
import type { Session } from './auth/session.ts';

export interface Principal {
  readonly kind: 'token' | 'session' | 'open';
  /** Stable, non-secret key for rate limits: token digest prefix, user name or "open". */
  readonly id: string;
  /** May see clients' personal data in full. */
  readonly pii: boolean;
  /** The only accounts it may read (its ":conta=" grant); null: every account. */
  readonly contas: readonly string[] | null;
  readonly user?: string;
  readonly session?: Session;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    principal: Principal | undefined;
    /** An Authorization header was sent but named no configured token. */
    badToken: boolean;
    /** A session cookie was presented but could not be checked (the database did not answer). */
    sessionUnchecked: boolean;
  };
}

export interface WebLimits {
  /** Requests per minute per client on /api/*. */
  readonly apiPerMinute: number;
  /** Login attempts per 15 minutes per client address. */
  readonly loginPer15Minutes: number;
  /** Largest request body accepted, in bytes. */
  readonly bodyBytes: number;
}

export const DEFAULT_LIMITS: WebLimits = { apiPerMinute: 120, loginPer15Minutes: 10, bodyBytes: 16 * 1024 };

export interface WebContext {
  readonly db: Database;
  readonly config: Config;
  readonly logger: Logger | undefined;
  readonly credentials: Credentials;
  readonly now: () => Date;
  readonly demo: boolean;
}
