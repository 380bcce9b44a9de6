import type { Pool } from 'pg';

export interface InboxItem {
  id: string;
  /** Position in the user's inbox; the page cursor. */
  seq: string;
  kind: string;
  initiativeId: string | null;
  title: string | null;
  params: Record<string, string>;
  occurredAt: string;
  createdAt: string;
  read: boolean;
  readAt: string | null;
}

interface Row {
  seq: string;
  job_id: string;
  kind: string;
  initiative_id: string | null;
  payload: { title: string | null; params: Record<string, string> };
  event_at: Date;
  created_at: Date;
  read_at: Date | null;
}

/** A user's in-app notifications, newest first, with keyset pagination. */
export class Inbox {
  constructor(private readonly pool: Pool) {}

  /** Newest first; `before` is the `seq` of the last item of the previous page. */
  async list(userId: string, limit: number, before?: string, unreadOnly = false): Promise<InboxItem[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT seq, job_id, kind, initiative_id, payload, event_at, created_at, read_at FROM notification_inbox
       WHERE user_id = $1 AND ($3::bigint IS NULL OR seq < $3::bigint) AND (NOT $4 OR read_at IS NULL)
       ORDER BY seq DESC LIMIT $2`,
      [userId, limit, before ?? null, unreadOnly],
    );
    return rows.map((r) => ({
      seq: String(r.seq),
      id: r.job_id,
      kind: r.kind,
      initiativeId: r.initiative_id,
      title: r.payload.title,
      params: r.payload.params,
      occurredAt: r.event_at.toISOString(),
      createdAt: r.created_at.toISOString(),
      read: r.read_at !== null,
      readAt: r.read_at?.toISOString() ?? null,
    }));
  }

  async unread(userId: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM notification_inbox WHERE user_id = $1 AND read_at IS NULL', [userId]);
    return Number(rows[0].n);
  }

  /** Marks one of the user's notifications read; false when the user has no such notification. */
  async markRead(userId: string, id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'UPDATE notification_inbox SET read_at = coalesce(read_at, now()) WHERE user_id = $1 AND job_id = $2',
      [userId, id],
    );
    return (rowCount ?? 0) > 0;
  }
}
