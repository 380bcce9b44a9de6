import type { Pool } from 'pg';
import { migrate } from '@laurel/event-store';

/**
 * Notification tables. Everything here but the inbox, deliveries, dead letters and preferences is
 * derived from the event log by the dispatcher's subscription and could be rebuilt from it.
 */
export async function migrateNotifications(pool: Pool): Promise<void> {
  await migrate(pool, 'notifications', [
    {
      id: '001-notifications',
      sql: `
CREATE TABLE notification_checkpoints (
  subscriber text PRIMARY KEY,
  position text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- Who is who, as of the feed: users by unit and role, initiatives' units and authors, councils' members.
CREATE TABLE notification_users (
  user_id text PRIMARY KEY, unit_id text NOT NULL, roles text[] NOT NULL, email text NOT NULL, name text NOT NULL
);
CREATE INDEX notification_users_unit ON notification_users (unit_id);
CREATE TABLE notification_initiatives (
  initiative_id text PRIMARY KEY, unit_id text NOT NULL, title text NOT NULL, author_ids text[] NOT NULL, council_id text
);
CREATE TABLE notification_councils (council_id text PRIMARY KEY, unit_id text NOT NULL);
CREATE TABLE notification_council_members (
  council_id text NOT NULL, user_id text NOT NULL, role text NOT NULL, PRIMARY KEY (council_id, user_id)
);
CREATE TABLE notification_timer_heads (initiative_id text PRIMARY KEY, stream_version int NOT NULL);
CREATE TABLE notification_pending_timers (
  job_id text PRIMARY KEY, initiative_id text NOT NULL, kind text NOT NULL, stage text NOT NULL,
  due_at timestamptz NOT NULL, stream_version int NOT NULL, fired_at timestamptz
);
CREATE INDEX notification_pending_timers_unfired ON notification_pending_timers (due_at) WHERE fired_at IS NULL;
CREATE TABLE notification_preferences (
  user_id text PRIMARY KEY,
  locale text NOT NULL DEFAULT 'vi',
  in_app boolean NOT NULL DEFAULT true,
  email boolean NOT NULL DEFAULT true,
  webhook boolean NOT NULL DEFAULT false,
  webhook_url text,
  webhook_secret text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- The in-app channel: one row per delivery job, so a job delivered twice shows once.
CREATE TABLE notification_inbox (
  job_id text PRIMARY KEY,
  seq bigserial NOT NULL,
  user_id text NOT NULL,
  kind text NOT NULL,
  initiative_id text,
  event_id text NOT NULL,
  payload jsonb NOT NULL,
  event_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  read_at timestamptz
);
CREATE INDEX notification_inbox_user ON notification_inbox (user_id, seq DESC);
-- E-mail and webhook jobs already sent: a repeat of the job is skipped.
CREATE TABLE notification_deliveries (
  job_id text PRIMARY KEY, channel text NOT NULL, delivered_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE TABLE notification_dead_letters (
  id bigserial PRIMARY KEY,
  job_id text NOT NULL UNIQUE,
  queue text NOT NULL,
  name text NOT NULL,
  data jsonb NOT NULL,
  error text NOT NULL,
  attempts int NOT NULL,
  failed_at timestamptz NOT NULL DEFAULT now(),
  replayed_at timestamptz,
  replay_count int NOT NULL DEFAULT 0
);`,
    },
    {
      // What the dispatcher knows of Redis (dispatcher.ts, "Redis losing its data"): whether it has
      // marked this Redis yet, and the position below which every delivery job has finished.
      id: '002-dispatcher-redis-marker',
      sql: `
ALTER TABLE notification_checkpoints
  ADD COLUMN redis_marked boolean NOT NULL DEFAULT false,
  ADD COLUMN settled_position text;`,
    },
  ]);
}
