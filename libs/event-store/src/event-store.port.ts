import type { Position } from './position';

/** Where an append expects the stream to be. Versions count events: the first event of a stream is version 1. */
export type ExpectedVersion = number | 'no_stream' | 'stream_exists' | 'any';

export interface EventActor {
  id: string;
  role?: string;
  unitId?: string;
}

/** Envelope metadata every event carries (architecture.md, "The event store port"). */
export interface EventMetadata {
  actor?: EventActor;
  correlationId?: string;
  causationId?: string;
  occurredAt?: string;
  workflowDefinitionId?: string;
  workflowDefinitionVersion?: number;
  schemaVersion?: number;
  idempotencyKey?: string;
  [key: string]: unknown;
}

export interface NewEvent<Data = unknown> {
  /** A UUID. Appending an event whose id is already stored is a no-op that returns the original result. */
  eventId: string;
  /** Past-tense domain name, e.g. `InitiativeRegistered`; never a class name. */
  type: string;
  data: Data;
  metadata?: EventMetadata;
}

export interface RecordedEvent<Data = unknown> {
  eventId: string;
  type: string;
  data: Data;
  metadata: EventMetadata;
  streamName: string;
  /** 1-based version of this event within its stream. */
  streamVersion: number;
  /** Opaque, totally ordered global position (compare with `comparePositions`). */
  position: Position;
  recordedAt: string;
  /**
   * Hex SHA-256 of the previous event's hash in this stream and this event's canonical encoding
   * (docs/tamper-evidence.md). Set by adapters that keep hash chains (PostgreSQL).
   */
  hash?: string;
}

export interface AppendOptions {
  expectedVersion: ExpectedVersion;
  /**
   * Other streams the decision was taken on (reference data read from a cache): the append happens
   * only if each is still at the version given, else it fails with `ConditionFailed` and writes
   * nothing. PostgreSQL checks them in the append's transaction, under a shared lock of each stream
   * (a writer of one waits, or makes the check fail); KurrentDB reads each just before appending.
   */
  conditions?: readonly AppendCondition[];
}

/** A stream at a version: 0 means the stream does not exist. */
export interface AppendCondition {
  stream: string;
  version: number;
}

export interface AppendResult {
  /** The stream version after the append: pass it as `expectedVersion` to append next. */
  nextExpectedVersion: number;
  /** Global position of the last event appended (or of the original append on an idempotent retry). */
  position: Position;
}

export type ReadDirection = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  /** Version to start from, inclusive. Defaults to the first (forwards) or last (backwards) event. */
  from?: number;
  maxCount?: number;
  direction?: ReadDirection;
}

export interface EventFilter {
  /** Only events of these types. */
  types?: readonly string[];
  /** Only events of streams in these categories (the stream name up to its first `-`). */
  categories?: readonly string[];
}

export interface ReadAllOptions {
  /** Exclusive lower bound; `START` (or omitted) reads from the beginning. */
  after?: Position;
  batchSize?: number;
  filter?: EventFilter;
  /**
   * A hint: the reader needs only the events' headers (id, type, stream, version, position,
   * recording time), so an adapter may leave data and metadata out (`null` and `{}`) and save
   * decoding them. Adapters that cannot send them anyway.
   */
  withoutPayload?: boolean;
}

export interface CountAllOptions {
  /** Exclusive lower bound, as for `readAll`; `START` (or omitted) counts from the beginning. */
  after?: Position;
  filter?: EventFilter;
  /** Counting stops here: the answer is at most `limit` (default: every event). */
  limit?: number;
}

export interface ReadAllResult {
  events: RecordedEvent[];
  /**
   * Where the next read should start. It may be past the last returned event when a filter skipped
   * events, so a filtered reader never scans the same events twice.
   */
  checkpoint: Position;
  /** True when the read reached the current end of the feed. */
  isEnd: boolean;
}

export interface SubscribeOptions {
  after?: Position;
  filter?: EventFilter;
  batchSize?: number;
  /** Called with each batch in global order; the subscription waits for it before reading on. */
  handler: (events: RecordedEvent[], checkpoint: Position) => Promise<void>;
  /** Called when reading or the handler fails; the subscription retries the same batch after a pause. */
  onError?: (error: unknown) => void;
}

export interface Subscription {
  /** Resolves when the subscription has caught up with the feed at least once. */
  readonly caughtUp: Promise<void>;
  /** The checkpoint after the last handled batch. */
  readonly checkpoint: Position;
  stop(): Promise<void>;
}

export interface EventStore {
  appendToStream(stream: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<ReadAllResult>;
  subscribe(options: SubscribeOptions): Subscription;
  /**
   * How many events `readAll` from `after` with `filter` would hand over now, at most `limit`, without
   * handing them over (projection lag, a rebuild's progress total). PostgreSQL and in-memory count;
   * KurrentDB has no count and reads the filtered feed (server-side filter) to count it.
   */
  countAll(options?: CountAllOptions): Promise<number>;
  /** A checkpoint at the current end of the feed: reading after it yields only events appended later. */
  headPosition(): Promise<Position>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');
