import { Inject, Logger, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Pool } from 'pg';
import { Registry } from 'prom-client';
import { ApplicationModule, AuditModule, BallotKeySweeper, CommandRunner, ORPHAN_KEY_GRACE_SECONDS } from '@laurel/application';
import { EVENT_STORE, type EventStore } from '@laurel/event-store';
import { NotificationRuntime, notificationSettingsFromEnv } from '@laurel/notifications';
import { AuditRuntime } from './audit-runtime';

/**
 * The background worker: the notification dispatcher (event log → BullMQ jobs), delivery to the
 * in-app inbox, e-mail and webhooks, and deadline timers that issue commands as the worker.
 * Settings: docs/notifications.md. Also the audit sealer and the scheduled verification of the log
 * (AuditRuntime, docs/tamper-evidence.md).
 */
@Module({ imports: [ApplicationModule, AuditModule], providers: [AuditRuntime] })
export class WorkerModule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Worker');
  private readonly runtime: NotificationRuntime;
  private lastError = 0;
  private sweeps: NodeJS.Timeout | undefined;

  constructor(pool: Pool, @Inject(EVENT_STORE) store: EventStore, runner: CommandRunner, registry: Registry, private readonly ballotKeys: BallotKeySweeper) {
    this.runtime = new NotificationRuntime({
      pool,
      store,
      runner,
      registry,
      settings: notificationSettingsFromEnv(),
      onError: (error) => this.warn(error),
      onRedisDataLost: (from, lostAt) =>
        this.logger.warn(`notifications: Redis lost jobs enqueued before ${lostAt || 'the start'}; timers re-added from PostgreSQL, the feed replayed from ${from || 'the start'} (channels refuse what they already delivered)`),
      onWorkerReplaced: ({ queue, reason, ready, idleMs }) =>
        this.logger.warn(
          reason === 'stopped'
            ? `queue ${queue}: its worker's loop ended; replaced by a fresh worker (${ready} jobs ready)`
            : `queue ${queue}: its worker took none of ${ready} ready jobs for ${Math.round(idleMs / 1000)} s; replaced by a fresh worker on new connections`,
        ),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    // Keys of secret reviews that ended while no API process could destroy them (needs no KEK):
    // at start, then now and then, so a key whose deletion failed does not wait for a restart.
    const sweep = () => this.ballotKeys.sweep().catch((error: unknown) => this.logger.warn(`ballot key sweep: ${error instanceof Error ? error.message : String(error)}`));
    await sweep();
    this.sweeps = setInterval(() => void sweep(), ORPHAN_KEY_GRACE_SECONDS * 1000);
    this.sweeps.unref();
    await this.runtime.start();
    this.logger.log('notifications and timers started');
  }

  /** Before the shared connections close (they close on application shutdown). */
  async onModuleDestroy(): Promise<void> {
    clearInterval(this.sweeps);
    await this.runtime.stop();
  }

  /** At most one line every 5 s: a Redis outage retries many times a second. */
  private warn(error: unknown): void {
    if (Date.now() - this.lastError < 5000) return;
    this.lastError = Date.now();
    this.logger.warn(`notifications: ${error instanceof Error ? error.message : String(error)} (retrying)`);
  }
}
