// Alert incidents (migration 0010). Opening and resolving are single statements whose returned
// row says whether this process changed anything, so concurrent processes never both notify.
import type { Queryable } from '../../db/database.ts';

export type IncidentKind = 'failing' | 'stale';
export type NoticeKind = 'open' | 'resolve';

export interface Notice {
  readonly id: number;
  readonly notice: NoticeKind;
  readonly conta: string;
  readonly resource: string;
  readonly kind: IncidentKind;
  readonly detail: string;
  readonly openedAt: Date;
  readonly resolvedAt: Date | null;
}

/** True when a new incident was opened (none was open for this account, resource and kind). */
export async function openIncident(db: Queryable, conta: string, resource: string, kind: IncidentKind, detail: string, at: Date): Promise<boolean> {
  const { rows } = await db.query(
    `insert into etl.alert_incidents (conta, resource, kind, detail, opened_at)
     values ($5::text, $1::text, $2::text, $3::text, $4::timestamptz)
     on conflict (conta, resource, kind) where resolved_at is null do nothing
     returning id`,
    [resource, kind, detail, at.toISOString(), conta],
  );
  return rows.length === 1;
}

/** True when an open incident was resolved by this call. */
export async function resolveIncident(db: Queryable, conta: string, resource: string, kind: IncidentKind, at: Date): Promise<boolean> {
  const { rows } = await db.query(
    `update etl.alert_incidents set resolved_at = $3::timestamptz
      where conta = $4::text and resource = $1::text and kind = $2::text and resolved_at is null
     returning id`,
    [resource, kind, at.toISOString(), conta],
  );
  return rows.length > 0;
}

/**
 * Takes the notices nobody has sent yet, marking them sent. A recovery is announced only for an
 * incident whose opening was announced.
 */
export async function claimNotices(db: Queryable, at: Date): Promise<Notice[]> {
  type Row = { id: number; conta: string; resource: string; kind: IncidentKind; detail: string; opened_at: Date; resolved_at: Date | null };
  const opened = await db.query<Row>(
    `update etl.alert_incidents set open_notice_at = $1::timestamptz
      where open_notice_at is null and resolved_at is null
     returning id, conta, resource, kind, detail, opened_at, resolved_at`,
    [at.toISOString()],
  );
  const resolved = await db.query<Row>(
    `update etl.alert_incidents set resolve_notice_at = $1::timestamptz
      where resolve_notice_at is null and resolved_at is not null and open_notice_at is not null
     returning id, conta, resource, kind, detail, opened_at, resolved_at`,
    [at.toISOString()],
  );
  const toNotice = (notice: NoticeKind) => (r: Row): Notice => ({
    id: Number(r.id), notice, conta: r.conta, resource: r.resource, kind: r.kind, detail: r.detail, openedAt: r.opened_at, resolvedAt: r.resolved_at,
  });
  return [...opened.rows.map(toNotice('open')), ...resolved.rows.map(toNotice('resolve'))].sort((a, b) => a.id - b.id);
}

/** Gives a notice back after every channel failed, so the next delivery retries it. */
export async function releaseNotice(db: Queryable, id: number, notice: NoticeKind): Promise<void> {
  const column = notice === 'open' ? 'open_notice_at' : 'resolve_notice_at';
  await db.query(`update etl.alert_incidents set ${column} = null where id = $1::bigint`, [id]);
}

export async function openIncidents(db: Queryable): Promise<{ conta: string; resource: string; kind: IncidentKind; openedAt: Date }[]> {
  const { rows } = await db.query<{ conta: string; resource: string; kind: IncidentKind; opened_at: Date }>(
    'select conta, resource, kind, opened_at from etl.alert_incidents where resolved_at is null order by id',
  );
  return rows.map((r) => ({ conta: r.conta, resource: r.resource, kind: r.kind, openedAt: r.opened_at }));
}
