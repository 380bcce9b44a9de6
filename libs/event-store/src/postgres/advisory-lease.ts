import type { Pool, PoolClient } from 'pg';

export interface LeaseSettings {
  /** How often the holder checks that its connection still answers. Default 5 s. */
  heartbeatMs?: number;
  /** A heartbeat unanswered this long (it queues behind the holder's own work) loses the lease. Default 15 s. */
  heartbeatTimeoutMs?: number;
  /** Told why a held lease was lost (the connection dropped or stopped answering). */
  onLost?: (error: Error) => void;
}

/**
 * The one lease of every leased runner (projection runner, notification dispatcher, checkpoint
 * sealer): a session-level advisory lock on a connection of its own. Several processes may run
 * the same runner; one holds the lock and works, the others call `acquire()` again later.
 *
 * The lock lives exactly as long as its connection. When the connection drops (PostgreSQL
 * restarted, the backend terminated) or stops answering a heartbeat, the lease is lost at once:
 * `held` turns false, `lost` resolves, and the holder must stop working and acquire again. Work
 * done through `client` cannot outlive the lock, because it runs on the lock's own session.
 */
export class AdvisoryLease {
  private holder: PoolClient | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private signalLost: (() => void) | undefined;
  private lostPromise: Promise<void> = Promise.resolve();
  private errorListener: ((error: Error) => void) | undefined;
  private readonly heartbeatMs: number;
  private readonly heartbeatTimeoutMs: number;

  constructor(
    private readonly pool: Pool,
    /** Names the lock: every process running the same runner uses the same key. */
    readonly key: string,
    private readonly settings: LeaseSettings = {},
  ) {
    this.heartbeatMs = settings.heartbeatMs ?? 5000;
    this.heartbeatTimeoutMs = settings.heartbeatTimeoutMs ?? 15_000;
  }

  get held(): boolean {
    return this.holder !== undefined;
  }

  /** The lease's own session; throws when the lease is not held, so no work runs without it. */
  get client(): PoolClient {
    if (!this.holder) throw new Error(`lease ${this.key} is not held`);
    return this.holder;
  }

  /** Resolves when the held lease is lost or released (at once when it is not held). */
  get lost(): Promise<void> {
    return this.lostPromise;
  }

  /** Takes the lock if nobody holds it; false when another session does. Throws when PostgreSQL cannot be reached. */
  async acquire(): Promise<boolean> {
    if (this.holder) return true;
    const client = await this.pool.connect();
    const onError = (error: Error) => this.drop(client, error);
    client.on('error', onError);
    let locked: boolean;
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [this.key]);
      locked = rows[0]?.locked === true;
    } catch (error) {
      client.off('error', onError);
      client.release(error as Error);
      throw error;
    }
    if (!locked) {
      client.off('error', onError);
      client.release();
      return false;
    }
    this.holder = client;
    this.lostPromise = new Promise<void>((resolve) => (this.signalLost = resolve));
    this.errorListener = onError;
    this.scheduleHeartbeat(client);
    return true;
  }

  /** Unlocks and gives the connection back; a broken connection is destroyed, which drops the lock with it. */
  async release(): Promise<void> {
    const client = this.holder;
    if (!client) return;
    this.forget(client);
    const unlocked = await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [this.key]).then(
      () => true,
      () => false,
    );
    this.detach(client);
    client.release(unlocked ? undefined : new Error('lease connection broken'));
  }

  private scheduleHeartbeat(client: PoolClient): void {
    this.heartbeat = setTimeout(() => {
      let timer: NodeJS.Timeout | undefined;
      const silence = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`lease connection did not answer within ${this.heartbeatTimeoutMs} ms`)), this.heartbeatTimeoutMs);
        timer.unref();
      });
      void Promise.race([client.query('SELECT 1'), silence]).then(
        () => {
          clearTimeout(timer);
          if (this.holder === client) this.scheduleHeartbeat(client);
        },
        (error: unknown) => {
          clearTimeout(timer);
          this.drop(client, error as Error);
        },
      );
    }, this.heartbeatMs);
    this.heartbeat.unref();
  }

  /** The connection failed: the lock is gone (or soon will be, when PostgreSQL notices). */
  private drop(client: PoolClient, error: Error): void {
    if (this.holder !== client) return;
    this.forget(client);
    this.detach(client);
    client.release(error);
    this.settings.onLost?.(error);
  }

  private forget(client: PoolClient): void {
    if (this.holder !== client) return;
    this.holder = undefined;
    clearTimeout(this.heartbeat);
    this.signalLost?.();
  }

  private detach(client: PoolClient): void {
    if (this.errorListener) client.off('error', this.errorListener);
    this.errorListener = undefined;
    // A broken client may still emit: the pool's guard (or this no-op) keeps that from being uncaught.
    if (client.listenerCount('error') === 0) client.on('error', () => undefined);
  }
}
