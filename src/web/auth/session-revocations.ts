// Whether a dashboard session was ended by logout, for every web process sharing the database.
// The answer "still valid" is kept for a couple of seconds per session, so a page load (a dozen
// API calls at once) costs one indexed lookup; a logout made by this process takes effect here at
// once, and in the other processes within SESSION_CHECK_MS.
import type { Queryable } from '../../db/database.ts';
import { insertRevokedSession, isSessionRevoked } from './queries/revoked-sessions.ts';
import type { Session } from './session.ts';

export const SESSION_CHECK_MS = 2_000;
const MAX_REMEMBERED = 10_000;

export class SessionRevocations {
  /** sid → when the database last said it was not revoked (ms). */
  private readonly validAt = new Map<string, number>();
  /** sid → expiry (ms) of the sessions this process ended. */
  private readonly endedHere = new Map<string, number>();
  private readonly pending = new Map<string, Promise<boolean>>();

  constructor(
    private readonly db: Queryable,
    private readonly clock: () => number = Date.now,
    private readonly checkMs: number = SESSION_CHECK_MS,
  ) {}

  async isRevoked(sid: string): Promise<boolean> {
    const now = this.clock();
    if (this.endedHere.has(sid)) return true;
    const at = this.validAt.get(sid);
    if (at !== undefined && now - at < this.checkMs) return false;
    let lookup = this.pending.get(sid);
    if (lookup === undefined) {
      lookup = isSessionRevoked(this.db, sid).finally(() => this.pending.delete(sid));
      this.pending.set(sid, lookup);
    }
    const revoked = await lookup;
    if (!revoked) {
      if (this.validAt.size >= MAX_REMEMBERED) this.validAt.clear();
      this.validAt.set(sid, now);
    }
    return revoked;
  }

  /** Ends `session` for every process; it is refused here even before the database answers. */
  async revoke(session: Session, now: Date): Promise<void> {
    const nowMs = now.getTime();
    for (const [sid, exp] of this.endedHere) if (exp <= nowMs) this.endedHere.delete(sid);
    if (this.endedHere.size >= MAX_REMEMBERED) this.endedHere.clear();
    this.endedHere.set(session.sid, session.exp * 1000);
    this.validAt.delete(session.sid);
    await insertRevokedSession(this.db, session.sid, new Date(session.exp * 1000), now);
  }
}
