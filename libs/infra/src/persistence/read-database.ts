import { Logger } from '@nestjs/common';
import { Client, type ClientConfig, type Pool } from 'pg';
import { isDatabaseUnavailable } from './database-errors';

/** How long a probe of the replica (a new connection and `SELECT 1`) may take, and how often a replica that stopped answering is probed. */
const PROBE_TIMEOUT_MS = 1000;
const PROBE_EVERY_MS = 1000;

/** What the replica says about itself, and the primary about it (GET /metrics, GET /health). */
export interface ReplicaSample {
  /** The replica answered, within a second. */
  up: boolean;
  /** It is a standby (in recovery); false once promoted, or when READ_DATABASE_URL names a primary. */
  standby: boolean;
  /** Its WAL receiver is streaming from the primary. */
  streaming: boolean;
  /** Age of the last transaction it replayed while WAL it has received waits to be replayed; 0 when it has replayed everything it received. */
  lagSeconds: number;
  /** Bytes of WAL the primary has written that the replica has not replayed; undefined when either did not answer. */
  lagBytes: number | undefined;
  /** Reads go to the primary meanwhile: the replica stopped answering and has not answered a probe since. */
  fallback: boolean;
}

/**
 * Where read-model queries run (docs/operations.md, "Reads on a replica"): the streaming replica of
 * READ_DATABASE_URL when there is one, else the primary's pool. A read is one callback that gets the
 * pool to use for everything it reads — the wait for its read models' checkpoints and the query —
 * so a query never sees an older state than the checkpoint it waited for.
 *
 * A replica that stops answering is not an outage of the reads: the read that found out runs again
 * on the primary (always at least as fresh), and so do the reads after it until a probe, once a
 * second, finds the replica answering again. A read that fails on the replica because of the
 * primary (the event store's part of a `minPosition` wait) keeps its error: the replica still
 * answers, so it is not given up. A read the replica cancels because of a recovery conflict runs
 * again on the primary.
 */
export class ReadDatabase {
  private down = false;
  private probing: NodeJS.Timeout | undefined;
  private probe: Promise<boolean> | undefined;
  private closed = false;

  constructor(
    readonly primary: Pool,
    private readonly replica?: { pool: Pool; settings: ClientConfig },
    private readonly logger: Pick<Logger, 'warn' | 'log'> = new Logger('ReadDatabase'),
  ) {}

  /** True when READ_DATABASE_URL names a replica. */
  get replicated(): boolean {
    return this.replica !== undefined;
  }

  /** True while reads go to the primary because the replica does not answer. */
  get fallingBack(): boolean {
    return this.down;
  }

  /** Runs a read on the replica (on the primary without one, or while it does not answer). */
  async read<T>(run: (db: Pool) => Promise<T>): Promise<T> {
    const replica = this.replica;
    if (!replica || this.down) return run(this.primary);
    try {
      return await run(replica.pool);
    } catch (error) {
      if (isRecoveryConflict(error)) return run(this.primary);
      if (!isDatabaseUnavailable(error) || (await this.answers())) throw error;
      this.giveUp(error);
      return run(this.primary);
    }
  }

  /** The replica's state and lag; undefined without a replica. */
  async sample(): Promise<ReplicaSample | undefined> {
    if (!this.replica) return undefined;
    const fallback = this.down;
    let row: { standby: boolean; streaming: boolean; lag_seconds: number; replay_lsn: string | null };
    try {
      row = await this.withProbe(async (client) => {
        const { rows } = await client.query<typeof row>(
          `SELECT pg_is_in_recovery() AS standby,
                  coalesce((SELECT status = 'streaming' FROM pg_stat_wal_receiver LIMIT 1), false) AS streaming,
                  CASE WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
                       ELSE coalesce(greatest(0, extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp())), 0) END::float8 AS lag_seconds,
                  pg_last_wal_replay_lsn()::text AS replay_lsn`,
        );
        return rows[0];
      });
    } catch {
      return { up: false, standby: false, streaming: false, lagSeconds: 0, lagBytes: undefined, fallback };
    }
    let lagBytes: number | undefined = 0;
    if (row.replay_lsn !== null) {
      try {
        const { rows } = await withTimeout(this.primary.query<{ bytes: number }>('SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::float8 AS bytes', [row.replay_lsn]));
        lagBytes = Math.max(0, rows[0].bytes);
      } catch {
        lagBytes = undefined;
      }
    }
    return { up: true, standby: row.standby, streaming: row.streaming, lagSeconds: row.lag_seconds, lagBytes, fallback };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.probing) clearTimeout(this.probing);
    await this.replica?.pool.end();
  }

  /** Whether the replica answers now (one probe at a time; concurrent askers share it). */
  private answers(): Promise<boolean> {
    this.probe ??= this.withProbe((client) => client.query('SELECT 1')).then(
      () => true,
      () => false,
    ).finally(() => (this.probe = undefined));
    return this.probe;
  }

  /** A connection of its own, bounded in time: a frozen replica must not hold a pooled one. */
  protected async withProbe<T>(work: (client: Pick<Client, 'query'>) => Promise<T>): Promise<T> {
    const client = new Client({ ...this.replica?.settings, connectionTimeoutMillis: PROBE_TIMEOUT_MS, query_timeout: PROBE_TIMEOUT_MS });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return await work(client);
    } finally {
      void client.end().catch(() => undefined);
    }
  }

  private giveUp(error: unknown): void {
    if (this.down || this.closed) return;
    this.down = true;
    this.logger.warn(`the read replica does not answer (${(error as Error).message}): queries read the primary until it does`);
    const again = () => {
      this.probing = setTimeout(() => {
        void this.answers().then((up) => {
          if (this.closed) return;
          if (!up) return again();
          this.down = false;
          this.probing = undefined;
          this.logger.log('the read replica answers again: queries read it');
        });
      }, PROBE_EVERY_MS);
      this.probing.unref();
    };
    again();
  }
}

/** 40001 (or 40P01) on a standby: a query cancelled because replaying the primary's WAL needed what it held. */
function isRecoveryConflict(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (code === '40001' || code === '40P01') && typeof message === 'string' && /conflict with recovery/i.test(message);
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS).unref()),
  ]);
}
