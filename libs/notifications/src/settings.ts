import { redisTarget, type RedisTarget } from '@laurel/infra';
import type { WebhookPolicy } from './delivery/webhook-destination';
import type { Channel } from './notification';

/** How the worker delivers; read from the environment (README, "Configuration"; docs/notifications.md). */
export interface NotificationSettings {
  /** REDIS_URL, or the primary of REDIS_SENTINELS / REDIS_SENTINEL_NAME (followed across failovers). */
  redis: RedisTarget;
  /** BullMQ key prefix: every queue key starts with it, so deployments (and test runs) never share jobs. */
  prefix: string;
  /**
   * Delivery jobs processed at once per worker process, per channel. Each channel has its own
   * queue and worker: a slow SMTP relay or webhook receiver never holds up the inbox, and neither
   * receives more connections at once than its own limit.
   */
  concurrency: Record<Channel, number>;
  /** Delivery attempts before a job goes to the dead letters. */
  attempts: number;
  /** First retry delay; it doubles on each attempt, with up to 50 % jitter. */
  backoffMs: number;
  /** Events the dispatcher reads from the feed at once. */
  batchSize: number;
  /** How often pending timers are re-added from PostgreSQL (in case Redis lost them). 0: only at start. */
  timerResyncMs: number;
  smtp?: SmtpSettings;
  webhookTimeoutMs: number;
  /** Where webhooks may go and the global signing secret; unset: https to public addresses only, no global secret. */
  webhooks?: WebhookPolicy;
  /**
   * How long a worker's lock on a job lasts (renewed while it runs). A worker that dies holding jobs
   * gives them back to the queue within about 1.5 × this. Default 10 s.
   */
  lockDurationMs?: number;
  /**
   * A queue's worker that starts and finishes no job for this long while jobs are ready for it is
   * replaced by a fresh one (SupervisedWorker). Longer than any one job may take. Default 60 s; 0: never.
   */
  workerStallMs?: number;
}

export function workerStallMs(settings: NotificationSettings): number {
  return settings.workerStallMs ?? 60_000;
}

/** BullMQ worker options for job locks: a killed worker's jobs return within ~1.5 × the lock. */
export function lockOptions(settings: NotificationSettings): { lockDuration: number; stalledInterval: number } {
  const lockDuration = settings.lockDurationMs ?? 10_000;
  return { lockDuration, stalledInterval: Math.max(1000, Math.round(lockDuration / 2)) };
}

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  from: string;
  user?: string;
  pass?: string;
}

export const QUEUES = {
  delivery: { in_app: 'notifications-in-app', email: 'notifications-email', webhook: 'notifications-webhook' },
  timers: 'timers',
} as const satisfies { delivery: Record<Channel, string>; timers: string };

const int = (value: string | undefined, fallback: number): number => {
  const n = value === undefined || value === '' ? fallback : Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`invalid configuration: expected a non-negative integer, got "${value}"`);
  return n;
};

export function notificationSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): NotificationSettings {
  const redis = redisTarget(env);
  const smtpUrl = env.SMTP_URL;
  return {
    redis,
    prefix: env.NOTIFICATIONS_QUEUE_PREFIX || 'laurel',
    concurrency: {
      in_app: Math.max(1, int(env.NOTIFICATIONS_CONCURRENCY, 256)),
      email: Math.max(1, int(env.NOTIFICATIONS_EMAIL_CONCURRENCY, 8)),
      webhook: Math.max(1, int(env.NOTIFICATIONS_WEBHOOK_CONCURRENCY, 16)),
    },
    attempts: Math.max(1, int(env.NOTIFICATIONS_ATTEMPTS, 8)),
    backoffMs: int(env.NOTIFICATIONS_BACKOFF_MS, 2000),
    batchSize: Math.max(1, int(env.NOTIFICATIONS_BATCH_SIZE, 500)),
    timerResyncMs: int(env.NOTIFICATIONS_TIMER_RESYNC_MS, 300_000),
    webhookTimeoutMs: Math.max(100, int(env.NOTIFICATIONS_WEBHOOK_TIMEOUT_MS, 10_000)),
    lockDurationMs: Math.max(2000, int(env.NOTIFICATIONS_LOCK_MS, 10_000)),
    workerStallMs: int(env.NOTIFICATIONS_WORKER_STALL_MS, 60_000),
    webhooks: webhookPolicyFromEnv(env),
    ...(smtpUrl ? { smtp: smtpFromUrl(smtpUrl, env.SMTP_FROM || 'Laurel <no-reply@laurel.local>') } : {}),
  };
}

/** LAUREL_EMBEDDED (plain http), WEBHOOK_ALLOWED_HOSTS (comma list) and WEBHOOK_SIGNING_SECRET. */
export function webhookPolicyFromEnv(env: NodeJS.ProcessEnv): WebhookPolicy {
  const secret = env.WEBHOOK_SIGNING_SECRET || undefined;
  if (secret !== undefined && !/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/.test(secret)) {
    throw new Error('invalid configuration: WEBHOOK_SIGNING_SECRET must be whsec_ followed by at least 24 bytes in base64');
  }
  return {
    allowHttp: env.LAUREL_EMBEDDED === 'true' || env.LAUREL_EMBEDDED === '1',
    allowedHosts: (env.WEBHOOK_ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1')).filter(Boolean),
    ...(secret ? { signingSecret: secret } : {}),
  };
}

/** `smtp://user:pass@host:port` (or `smtps://`). */
export function smtpFromUrl(url: string, from: string): SmtpSettings {
  const u = new URL(url);
  const secure = u.protocol === 'smtps:';
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    from,
    ...(u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : {}),
  };
}
