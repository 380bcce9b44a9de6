import type { Pool } from 'pg';
import type { Channel, Locale } from '../notification';

export interface NotificationPreferences {
  locale: Locale;
  channels: Record<Channel, boolean>;
  webhookUrl: string | null;
  /** Never answered over HTTP once set; only whether one is set. */
  webhookSecret: string | null;
}

export const DEFAULT_PREFERENCES: NotificationPreferences = {
  locale: 'vi',
  channels: { in_app: true, email: true, webhook: false },
  webhookUrl: null,
  webhookSecret: null,
};

interface Row {
  user_id: string;
  locale: Locale;
  in_app: boolean;
  email: boolean;
  webhook: boolean;
  webhook_url: string | null;
  webhook_secret: string | null;
}

const fromRow = (r: Row): NotificationPreferences => ({
  locale: r.locale,
  channels: { in_app: r.in_app, email: r.email, webhook: r.webhook },
  webhookUrl: r.webhook_url,
  webhookSecret: r.webhook_secret,
});

/** Per-user channel choices and language; a user who never chose gets the defaults. */
export class PreferenceStore {
  constructor(private readonly pool: Pool) {}

  async get(userId: string): Promise<NotificationPreferences> {
    return (await this.many([userId])).get(userId) ?? DEFAULT_PREFERENCES;
  }

  async many(userIds: readonly string[]): Promise<Map<string, NotificationPreferences>> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM notification_preferences WHERE user_id = ANY($1)', [[...new Set(userIds)]]);
    return new Map(rows.map((r) => [r.user_id, fromRow(r)]));
  }

  async put(userId: string, prefs: NotificationPreferences): Promise<NotificationPreferences> {
    const { rows } = await this.pool.query<Row>(
      `INSERT INTO notification_preferences (user_id, locale, in_app, email, webhook, webhook_url, webhook_secret, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now())
       ON CONFLICT (user_id) DO UPDATE SET locale = EXCLUDED.locale, in_app = EXCLUDED.in_app, email = EXCLUDED.email,
         webhook = EXCLUDED.webhook, webhook_url = EXCLUDED.webhook_url, webhook_secret = EXCLUDED.webhook_secret, updated_at = now()
       RETURNING *`,
      [userId, prefs.locale, prefs.channels.in_app, prefs.channels.email, prefs.channels.webhook, prefs.webhookUrl, prefs.webhookSecret],
    );
    return fromRow(rows[0]);
  }
}
