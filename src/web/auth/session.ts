// The dashboard session: a signed cookie (HMAC-SHA256). Signing and checking are pure; the
// sessions ended by logout live in the database (session-revocations.ts), and what a session may
// see is taken from the current configuration on every request (middleware.ts).
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { sameSecret } from './credentials.ts';

export const SESSION_TTL_SECONDS = 12 * 60 * 60;

export interface Session {
  readonly user: string;
  readonly pii: boolean;
  /** Expiry, seconds since the epoch. */
  readonly exp: number;
  readonly sid: string;
}

export class SessionSigner {
  private readonly key: Buffer;

  /** `secret` undefined: a random key per process (sessions end when it restarts). */
  constructor(secret: string | undefined, fingerprint: string) {
    const base = secret === undefined ? randomBytes(32) : Buffer.from(secret, 'utf8');
    // Binding the key to the credentials ends every session when the password changes.
    this.key = createHmac('sha256', base).update(`session\u0000${fingerprint}`).digest();
  }

  create(user: string, pii: boolean, nowSeconds: number): { value: string; session: Session } {
    const session: Session = { user, pii, exp: nowSeconds + SESSION_TTL_SECONDS, sid: randomUUID() };
    const payload = Buffer.from(JSON.stringify(session), 'utf8').toString('base64url');
    return { value: `v1.${payload}.${this.sign(payload)}`, session };
  }

  verify(value: string | undefined, nowSeconds: number): Session | undefined {
    if (value === undefined || value.length > 1024) return undefined;
    const parts = value.split('.');
    // Exactly three parts: anything appended to a valid cookie makes it a different, unsigned value.
    if (parts.length !== 3) return undefined;
    const [version, payload, signature] = parts as [string, string, string];
    if (version !== 'v1') return undefined;
    const expected = Buffer.from(this.sign(payload), 'utf8');
    if (!sameSecret(expected, Buffer.from(signature, 'utf8'))) return undefined;
    let session: unknown;
    try {
      session = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    if (!isSession(session) || session.exp <= nowSeconds) return undefined;
    return session;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}

function isSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.user === 'string' && typeof v.pii === 'boolean' && typeof v.exp === 'number' && typeof v.sid === 'string';
}
