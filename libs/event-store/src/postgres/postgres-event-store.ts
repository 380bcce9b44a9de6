import { Pool, type PoolConfig } from 'pg';
import type {
  AppendOptions,
  AppendResult,
  CountAllOptions,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadAllResult,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { ConditionFailed, DuplicateEventId, InvalidEvent, WrongExpectedVersion } from '../errors';
import { assertPositionKind, decodePosition, encodePosition, START, type Position } from '../position';
import { validateAppend } from '../validation';
import { AppendBatcher } from './append-batcher';
import { ReadBatcher } from './read-batcher';
import { pollingSubscription, WakeSignal } from '../polling-subscription';
import { migrate } from './migrator';
import { eventStoreMigrations } from './schema';
import { backfillHashChains, type BackfillProgress } from './hash-backfill';
import { EVENT_COLUMNS, toRecorded, type EventRow } from './event-row';

export interface PostgresEventStoreOptions {
  /** Use this pool (the store will not close it) or build one from `connectionString`. */
  pool?: Pool;
  connectionString?: string;
  poolSize?: number;
  /** Idle poll interval of subscriptions at the end of the feed. */
  pollIntervalMs?: number;
  /** Append transactions in flight at once; further appends wait and are committed together. Default 1: on a small machine, fewer and larger batches win. */
  appendConcurrency?: number;
  /** Appends committed together at most. Default 100. */
  maxAppendBatch?: number;
  /** Forward stream reads in flight at once; further reads wait and are read together, in one statement. Default 4. */
  readConcurrency?: number;
  /**
   * Default true. False sends no canonical encodings: events are stored without a hash until the
   * back-fill computes them. Only for bench:append, to measure what the chains cost.
   */
  hashChains?: boolean;
  /** Progress of the one-off back-fill of hash chains, when events stored without one exist (e.g. a progress bar). */
  onHashBackfill?: (progress: BackfillProgress) => void;
}

/** global_position is a bigint: the largest value it can take. */
const MAX_GLOBAL_POSITION = (1n << 63n) - 1n;

/** The same without the payload (ReadAllOptions.withoutPayload): nothing to detoast, send or parse. */
const HEADER_COLUMNS = `global_position, transaction_id, stream_name, stream_version, event_id, event_type, NULL::jsonb AS data, '{}'::jsonb AS metadata, recorded_at, hash`;

/**
 * readAll's statements: $1/$2 the position read after, $3 event types, $4 categories (either may be
 * null), $5 the page size. A page filtered by category walks one index range per category in the
 * global order, (category, transaction_id, global_position), and merges them: a page costs at most
 * a page per category, wherever it starts (categories lists are short: two for `initiatives`,
 * five rare ones for `reference`). A single `category = ANY ($4)` ordered by position left the choice to
 * the planner, which (with two categories, or statistics behind the table) fetched every matching
 * event after the position and sorted them for each page, making a full read quadratic in the log.
 */
const readAllStatement = (name: string, source: string) => ({
  name,
  text: `WITH horizon AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
         SELECT h.xmin::text AS horizon, e.* FROM horizon h
         LEFT JOIN LATERAL (${source}) e ON true`,
});
const AFTER = `(transaction_id, global_position) > ($1::text::xid8, $2::bigint) AND transaction_id < h.xmin`;
const readAllStatements = (suffix: string, columns: string) => ({
  // No filter, or types alone: the global order, filtered as it goes. Projections that filter by
  // type ask for many types that together are much of the log, where one merged range per type
  // would read up to a page per type to hand over one page.
  all: readAllStatement(
    `es-read-all${suffix}`,
    `SELECT ${columns} FROM es_events WHERE ${AFTER} AND ($3::text[] IS NULL OR event_type = ANY ($3)) AND $4::text[] IS NULL
      ORDER BY transaction_id, global_position LIMIT $5`,
  ),
  byCategory: readAllStatement(
    `es-read-all-category${suffix}`,
    `SELECT x.* FROM unnest($4::text[]) AS f(value)
       CROSS JOIN LATERAL (
         SELECT ${columns} FROM es_events
          WHERE category = f.value AND ${AFTER} AND ($3::text[] IS NULL OR event_type = ANY ($3))
          ORDER BY transaction_id, global_position LIMIT $5) x
     ORDER BY x.transaction_id, x.global_position LIMIT $5`,
  ),
});
const READ_ALL = readAllStatements('', EVENT_COLUMNS);
const READ_ALL_HEADERS = readAllStatements('-headers', HEADER_COLUMNS);

/** The event store on PostgreSQL: see schema.ts for how the global order is kept gap-free. */
export class PostgresEventStore implements EventStore {
  private readonly ownsPool: boolean;
  private readonly wake = new WakeSignal();
  private readonly subscriptions = new Set<Subscription>();
  private readonly batcher: AppendBatcher;
  private readonly reads: ReadBatcher<EventRow>;

  private constructor(
    readonly pool: Pool,
    ownsPool: boolean,
    private readonly pollIntervalMs: number,
    appendConcurrency: number,
    maxAppendBatch: number,
    hashChains: boolean,
    readConcurrency: number,
  ) {
    this.ownsPool = ownsPool;
    this.batcher = new AppendBatcher(pool, appendConcurrency, maxAppendBatch, hashChains);
    this.reads = new ReadBatcher<EventRow>(pool, EVENT_COLUMNS, readConcurrency, 100);
  }

  /** Connects and applies the event store's migrations. */
  static async connect(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const pool = options.pool ?? ownPool(options);
    const store = new PostgresEventStore(
      pool,
      !options.pool,
      options.pollIntervalMs ?? 20,
      options.appendConcurrency ?? 1,
      options.maxAppendBatch ?? 100,
      options.hashChains ?? true,
      options.readConcurrency ?? 4,
    );
    await migrate(pool, 'event-store', eventStoreMigrations);
    // Stores older than the hash chains compute them once; afterwards this is one index probe.
    await backfillHashChains(pool, options.onHashBackfill);
    return store;
  }

  async appendToStream(stream: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const conditions = options.conditions ?? [];
    validateAppend(stream, events, options.expectedVersion, conditions);
    const row = await this.batcher.append(stream, events, options.expectedVersion, conditions).catch((error: unknown) => {
      // SQLSTATE class 22 is "data exception": PostgreSQL refused the event's content (e.g. a \u0000
      // in a JSON string). That is the caller's input, not a failure of the store.
      if (isDataException(error)) throw new InvalidEvent(`event refused by PostgreSQL: ${(error as Error).message}`);
      throw error;
    });
    switch (row.status) {
      case 'ok':
      case 'duplicate':
        if (row.tx === null || row.pos === null) throw new Error(`es_append_batch returned no position for ${stream}`);
        if (row.status === 'ok') this.wake.notify();
        return { nextExpectedVersion: Number(row.version), position: encodePosition(BigInt(row.tx), BigInt(row.pos)) };
      case 'wrong_version':
        throw new WrongExpectedVersion(stream, options.expectedVersion, Number(row.version));
      case 'foreign_duplicate':
        throw new DuplicateEventId(events[0].eventId, row.other_stream ?? '?');
      case 'condition_failed': {
        const moved = conditions.find((c) => c.stream === row.other_stream);
        throw new ConditionFailed(row.other_stream ?? '?', moved?.version ?? -1, Number(row.version));
      }
      default:
        return assertNever(row.status);
    }
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (options.direction !== 'backwards') {
      return (await this.reads.read({ stream, from: options.from ?? 1, maxCount: options.maxCount ?? null })).map(toRecorded);
    }
    const { rows } = await this.pool.query<EventRow>({
      name: 'es-read-stream-backwards',
      text: `SELECT ${EVENT_COLUMNS} FROM es_events WHERE stream_name = $1 AND stream_version <= $2 ORDER BY stream_version DESC LIMIT $3`,
      values: [stream, options.from ?? Number.MAX_SAFE_INTEGER, options.maxCount ?? null],
    });
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    assertPositionKind(options.after ?? START, 'postgres');
    const after = decodePosition(options.after ?? START);
    const batchSize = options.batchSize ?? 500;
    // Each value once: the filtered statements read one index range per value.
    const types = options.filter?.types ? [...new Set(options.filter.types)] : null;
    const categories = options.filter?.categories ? [...new Set(options.filter.categories)] : null;
    // One statement, one snapshot: the horizon and the rows are read consistently.
    const { rows } = await this.pool.query<EventRow & { horizon: string }>({
      ...(options.withoutPayload ? READ_ALL_HEADERS : READ_ALL)[categories ? 'byCategory' : 'all'],
      values: [after.major.toString(), after.minor.toString(), types, categories, batchSize],
    });
    const horizon = BigInt(rows[0].horizon);
    const events = rows.filter((r) => r.global_position !== null).map(toRecorded);
    const isEnd = events.length < batchSize;
    let checkpoint: Position = events.length > 0 ? events[events.length - 1].position : (options.after ?? START);
    if (isEnd && horizon > 0n) {
      // Everything below the horizon has been seen (and filtered): skip past it in one step.
      const horizonCheckpoint = encodePosition(horizon - 1n, MAX_GLOBAL_POSITION);
      if (horizonCheckpoint > checkpoint) checkpoint = horizonCheckpoint;
    }
    return { events, checkpoint, isEnd };
  }

  async countAll(options: CountAllOptions = {}): Promise<number> {
    assertPositionKind(options.after ?? START, 'postgres');
    const after = decodePosition(options.after ?? START);
    const limit = options.limit === undefined ? null : Math.max(0, Math.floor(options.limit));
    if (limit === 0) return 0;
    // What readAll would hand over: below the horizon only. Unnamed (planned with its values), so
    // a type or category filter uses its index.
    const { rows } = await this.pool.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM (
         SELECT 1 FROM es_events
          WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
            AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
            AND ($3::text[] IS NULL OR event_type = ANY ($3))
            AND ($4::text[] IS NULL OR category = ANY ($4))
          LIMIT $5) counted`,
      [after.major.toString(), after.minor.toString(), options.filter?.types ?? null, options.filter?.categories ?? null, limit],
    );
    return Number(rows[0].n);
  }

  subscribe(options: SubscribeOptions): Subscription {
    const subscription = pollingSubscription((o) => this.readAll(o), options, this.wake, {
      idleMs: this.pollIntervalMs,
      retryMs: 1000,
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<Position> {
    const { rows } = await this.pool.query<{ horizon: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon');
    return encodePosition(BigInt(rows[0].horizon) - 1n, MAX_GLOBAL_POSITION);
  }

  /**
   * Refreshes the planner's statistics of the log when they are missing or far behind it (never
   * analyzed, or more rows changed since than it then held): after a bulk load, or where autovacuum
   * is off. With statistics that say the log is nearly empty, PostgreSQL may read a filtered page
   * by fetching every match and sorting it. Returns whether it analyzed. PostgreSQL only (not on
   * the port): the seeders and the rebuild call it.
   */
  async refreshStatisticsIfStale(): Promise<boolean> {
    const { rows } = await this.pool.query<{ stale: boolean }>(
      `SELECT (last_analyze IS NULL AND last_autoanalyze IS NULL AND n_mod_since_analyze > 0)
           OR n_mod_since_analyze > greatest(c.reltuples, 0) AS stale
         FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
        WHERE s.relid = 'es_events'::regclass`,
    );
    if (!rows[0]?.stale) return false;
    await this.pool.query('ANALYZE es_events');
    return true;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.subscriptions.clear();
    if (this.ownsPool) await this.pool.end();
  }
}

/** A pool of its own; a dropped connection must not be an uncaught 'error' event (each query still fails). */
function ownPool(options: PostgresEventStoreOptions): Pool {
  const pool = new Pool(poolConfig(options));
  const ignore = (): void => undefined;
  pool.on('error', ignore);
  pool.on('connect', (client) => client.on('error', ignore));
  return pool;
}

function poolConfig(options: PostgresEventStoreOptions): PoolConfig {
  if (!options.connectionString) throw new Error('PostgresEventStore needs a pool or a connectionString');
  return { connectionString: options.connectionString, max: options.poolSize ?? 20 };
}

function isDataException(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('22');
}

function assertNever(value: never): never {
  throw new Error(`unexpected append status ${String(value)}`);
}
