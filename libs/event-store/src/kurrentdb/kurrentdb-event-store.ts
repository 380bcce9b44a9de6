import {
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  START as KURRENT_START,
  StreamNotFoundError,
  type AllStreamResolvedEvent,
  type AppendStreamState,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import type {
  AppendOptions,
  AppendResult,
  CountAllOptions,
  EventStore,
  ExpectedVersion,
  NewEvent,
  ReadAllOptions,
  ReadAllResult,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { ConditionFailed, WrongExpectedVersion } from '../errors';
import { comparePositions, maxPosition, START, type Position } from '../position';
import { validateAppend, versionMatches } from '../validation';
import { CLAIM_CATEGORY, claimEventIds } from './event-id-claims';
import { translateFilter } from './filters';
import { connectionStringWithDefaults, redactConnectionString } from './connection';
import { isWrongExpectedVersion, toEventData, toRecordedEvent, toStreamState, toWrongExpectedVersion, validateForKurrent } from './mapping';
import { fromKurrentPosition, toKurrentPosition } from './positions';
import { kurrentSubscription } from './kurrentdb-subscription';

export interface KurrentDbEventStoreOptions {
  /** KURRENTDB_URL, e.g. `kurrentdb://localhost:2113?tls=false`; see connection.ts for the defaults added. */
  connectionString?: string;
  /** Use this client (the store will not dispose of it). */
  client?: KurrentDBClient;
  /** Server checkpoints of filtered subscriptions come every `checkpointInterval` search windows of skipped events. Default 1. */
  checkpointInterval?: number;
  /** Pause before a subscription retries a failed batch or resubscribes. Default 1000 ms. */
  retryMs?: number;
  /** How often an idle subscription checks with a filtered read whether it is at the head. Default 1000 ms. */
  idleProbeMs?: number;
}

/** Events read per page when counting. */
const COUNT_PAGE = 4096;

/** Appends retried after a concurrent write when the caller's expectation was `any` or `stream_exists`. */
const MAX_APPEND_ATTEMPTS = 100;

/**
 * The event store on KurrentDB (docs/event-store.md, "KurrentDB adapter"). Streams, events and metadata
 * map one to one; positions are KurrentDB's (commit, prepare); the global feed is `$all` without
 * KurrentDB's own events. Idempotency by event id is the port's, not KurrentDB's narrower one: see
 * event-id-claims.ts.
 */
export class KurrentDbEventStore implements EventStore {
  private readonly subscriptions = new Set<Subscription>();

  private constructor(
    readonly client: KurrentDBClient,
    private readonly ownsClient: boolean,
    private readonly checkpointInterval: number,
    private readonly retryMs: number,
    private readonly idleProbeMs: number,
  ) {}

  /** Connects and reads the head of `$all` once, so a wrong URL or missing permission fails at start. */
  static async connect(options: KurrentDbEventStoreOptions): Promise<KurrentDbEventStore> {
    if (!options.client && !options.connectionString) throw new Error('KurrentDbEventStore needs a client or a connectionString (KURRENTDB_URL)');
    const client = options.client ?? KurrentDBClient.connectionString(connectionStringWithDefaults(options.connectionString as string));
    const store = new KurrentDbEventStore(client, !options.client, options.checkpointInterval ?? 1, options.retryMs ?? 1000, options.idleProbeMs ?? 1000);
    try {
      await store.headPosition();
    } catch (error) {
      if (store.ownsClient) await client.dispose().catch(() => undefined);
      const where = options.connectionString ? ` at ${redactConnectionString(options.connectionString)}` : '';
      throw new Error(`cannot read $all from KurrentDB${where} (the server must be up and the user allowed to read $all): ${(error as Error).message}`, { cause: error });
    }
    return store;
  }

  async appendToStream(stream: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const expected = options.expectedVersion;
    validateAppend(stream, events, expected, options.conditions);
    validateForKurrent(stream, events, CLAIM_CATEGORY);
    const ids = events.map((e) => e.eventId.toLowerCase());
    const allNew = await claimEventIds(this.client, stream, ids);
    if (!allNew) {
      const original = await this.originalAppend(stream, ids);
      if (original) return original;
    }
    await this.checkConditions(stream, expected, options.conditions ?? []);
    const data = events.map(toEventData);
    const exact = typeof expected === 'number' || expected === 'no_stream';
    for (let attempt = 1; ; attempt++) {
      // `any` and `stream_exists` are appended at the revision just read: KurrentDB deduplicates an
      // `any` retry only on a best-effort basis, an exact revision makes a racing twin conflict instead.
      const state = exact ? toStreamState(expected) : await this.currentState(stream, expected);
      try {
        const result = await this.client.appendToStream(stream, data, { streamState: state });
        return await this.resultAt(stream, result.nextExpectedRevision);
      } catch (error) {
        if (!isWrongExpectedVersion(error)) throw error;
        // A twin of this append may have won: then the events are there, and that is the answer.
        const original = await this.originalAppend(stream, ids);
        if (original) return original;
        if (exact || attempt >= MAX_APPEND_ATTEMPTS) throw toWrongExpectedVersion(error, stream, expected);
      }
    }
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    if (maxCount <= 0) return [];
    // Versions are whole numbers: a fractional bound means the next whole version in the read's direction.
    const from = options.from === undefined ? undefined : backwards ? Math.floor(options.from) : Math.ceil(options.from);
    if (backwards && from !== undefined && from < 1) return [];
    const fromRevision = from === undefined ? (backwards ? END : KURRENT_START) : BigInt(Math.max(from, 1) - 1);
    return this.collect(this.client.readStream(stream, { direction: backwards ? BACKWARDS : FORWARDS, fromRevision, maxCount }));
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    const after = options.after ?? START;
    const afterPosition = toKurrentPosition(after);
    const batchSize = options.batchSize ?? 500;
    const plan = translateFilter(options.filter, { checkpointInterval: this.checkpointInterval });
    // Everything up to this head is covered by a read that reaches the end: the checkpoint may skip to it.
    const head = await this.headPosition();
    if (plan.matchesNothing) return { events: [], checkpoint: maxPosition(after, head), isEnd: true };
    const raw: AllStreamResolvedEvent[] = [];
    // KurrentDB reads $all from a position inclusively: one more, in case the first is the checkpoint itself.
    for await (const resolved of this.client.readAll({ direction: FORWARDS, fromPosition: afterPosition ?? KURRENT_START, maxCount: batchSize + 1, filter: plan.server })) {
      raw.push(resolved);
    }
    const fresh = raw.flatMap((r) => (r.event && comparePositions(fromKurrentPosition(r.event.position), after) > 0 ? [r.event] : []));
    const page = fresh.slice(0, batchSize);
    const isEnd = raw.length <= batchSize;
    const events = page
      .filter((e) => plan.matches(e.type, e.streamId))
      .map((event) => toRecordedEvent({ event }))
      .filter((e): e is RecordedEvent => e !== undefined);
    let checkpoint = page.length > 0 ? fromKurrentPosition(page[page.length - 1].position) : after;
    if (isEnd) checkpoint = maxPosition(checkpoint, head);
    return { events, checkpoint, isEnd };
  }

  /**
   * KurrentDB keeps no count: the filtered feed is read (filtered on the server, as by `readAll`) page
   * by page and counted, stopping at `limit`. Costs a read of what it counts: give a limit.
   */
  async countAll(options: CountAllOptions = {}): Promise<number> {
    const limit = options.limit === undefined ? Number.POSITIVE_INFINITY : Math.max(0, Math.floor(options.limit));
    let after = options.after ?? START;
    let count = 0;
    while (count < limit) {
      const page = await this.readAll({ after, filter: options.filter, batchSize: Math.min(COUNT_PAGE, limit - count) });
      count += page.events.length;
      after = page.checkpoint;
      if (page.isEnd) break;
    }
    return Math.min(count, limit);
  }

  subscribe(options: SubscribeOptions): Subscription {
    const plan = translateFilter(options.filter, { checkpointInterval: this.checkpointInterval });
    const source = {
      subscribeToAll: (o: Parameters<KurrentDBClient['subscribeToAll']>[0], r: { highWaterMark: number }) => this.client.subscribeToAll(o, r),
      probe: async (after: Position) => {
        const page = await this.readAll({ after, batchSize: 1, filter: options.filter });
        return page.events.length === 0 && page.isEnd ? page.checkpoint : undefined;
      },
    };
    const subscription = kurrentSubscription(source, plan, options, { retryMs: this.retryMs, idleProbeMs: this.idleProbeMs });
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** The position of the last record in `$all` (KurrentDB's own included): reading after it yields only later appends. */
  async headPosition(): Promise<Position> {
    for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 })) {
      if (resolved.event) return fromKurrentPosition(resolved.event.position);
    }
    return START;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.subscriptions.clear();
    if (this.ownsClient) await this.client.dispose();
  }

  /**
   * KurrentDB cannot make an append depend on streams it does not write: each condition is read just
   * before the append, which leaves a window of one round trip in which another writer may move it.
   */
  private async checkConditions(stream: string, expected: ExpectedVersion, conditions: readonly { stream: string; version: number }[]): Promise<void> {
    const versions = await Promise.all(conditions.map(async (c) => (await this.readStream(c.stream, { direction: 'backwards', maxCount: 1 }))[0]?.streamVersion ?? 0));
    const moved = conditions.findIndex((c, i) => versions[i] !== c.version);
    if (moved < 0) return;
    // As the port has it, a wrong expected version is reported before a failed condition.
    const [last] = await this.readStream(stream, { direction: 'backwards', maxCount: 1 });
    if (!versionMatches(expected, last?.streamVersion)) throw new WrongExpectedVersion(stream, expected, last?.streamVersion ?? 0);
    throw new ConditionFailed(conditions[moved].stream, conditions[moved].version, versions[moved]);
  }

  /** `any` / `stream_exists` as the stream's current revision; `stream_exists` on a missing stream is a conflict. */
  private async currentState(stream: string, expected: ExpectedVersion): Promise<AppendStreamState> {
    const [last] = await this.readStream(stream, { direction: 'backwards', maxCount: 1 });
    if (!last && expected === 'stream_exists') throw new WrongExpectedVersion(stream, expected, 0);
    return last ? BigInt(last.streamVersion - 1) : toStreamState('no_stream');
  }

  /** The result of an earlier append of these ids to this stream: its newest stored event, as the port returns it. */
  private async originalAppend(stream: string, ids: readonly string[]): Promise<AppendResult | undefined> {
    const wanted = new Set(ids);
    let newest: RecordedEvent | undefined;
    for (const event of await this.readStream(stream)) {
      if (wanted.has(event.eventId.toLowerCase())) newest = event;
    }
    return newest && { nextExpectedVersion: newest.streamVersion, position: newest.position };
  }

  /** The append's result from the event at its last revision, so `position` is that event's position in `$all`. */
  private async resultAt(stream: string, revision: bigint): Promise<AppendResult> {
    const [event] = await this.readStream(stream, { from: Number(revision) + 1, maxCount: 1 });
    if (!event) throw new Error(`KurrentDB acknowledged an append to ${stream} but revision ${revision} cannot be read`);
    return { nextExpectedVersion: event.streamVersion, position: event.position };
  }

  private async collect(events: AsyncIterableIterator<ResolvedEvent>): Promise<RecordedEvent[]> {
    const recorded: RecordedEvent[] = [];
    try {
      for await (const resolved of events) {
        const event = toRecordedEvent(resolved);
        if (event) recorded.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return recorded;
  }
}
