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
import { ConditionFailed, DuplicateEventId, WrongExpectedVersion } from '../errors';
import { assertPositionKind, decodePosition, encodePosition, START, type Position } from '../position';
import { matchesFilter, validateAppend, versionMatches } from '../validation';
import { pollingSubscription, WakeSignal } from '../polling-subscription';

interface StoredEvent {
  event: RecordedEvent;
  index: number;
}

/** An event store in process memory, for fast unit tests of deciders and handlers. Same contract as PostgreSQL. */
export class InMemoryEventStore implements EventStore {
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly byEventId = new Map<string, StoredEvent>();
  private readonly wake = new WakeSignal();
  private readonly subscriptions = new Set<Subscription>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  async appendToStream(stream: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    validateAppend(stream, events, options.expectedVersion, options.conditions);
    const existing = this.byEventId.get(events[0].eventId.toLowerCase());
    if (existing) {
      if (existing.event.streamName !== stream) throw new DuplicateEventId(existing.event.eventId, existing.event.streamName);
      const last = this.lastOfOriginalAppend(events);
      return { nextExpectedVersion: last.streamVersion, position: last.position };
    }
    const current = this.streams.get(stream);
    const version = current?.length;
    if (!versionMatches(options.expectedVersion, version)) {
      throw new WrongExpectedVersion(stream, options.expectedVersion, version ?? 0);
    }
    for (const condition of options.conditions ?? []) {
      const at = this.streams.get(condition.stream)?.length ?? 0;
      if (at !== condition.version) throw new ConditionFailed(condition.stream, condition.version, at);
    }
    const recordedAt = this.now().toISOString();
    const recorded = events.map((event, i): RecordedEvent => ({
      eventId: event.eventId.toLowerCase(),
      type: event.type,
      data: structuredClone(event.data),
      metadata: structuredClone(event.metadata ?? {}),
      streamName: stream,
      streamVersion: (version ?? 0) + i + 1,
      position: encodePosition(0n, BigInt(this.log.length + i + 1)),
      recordedAt,
    }));
    const target = current ?? [];
    for (const event of recorded) {
      this.byEventId.set(event.eventId, { event, index: this.log.length });
      this.log.push(event);
      target.push(event);
    }
    this.streams.set(stream, target);
    this.wake.notify();
    const last = recorded[recorded.length - 1];
    return { nextExpectedVersion: last.streamVersion, position: last.position };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const events = this.streams.get(stream) ?? [];
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    if (options.direction === 'backwards') {
      const from = options.from ?? events.length;
      return events.filter((e) => e.streamVersion <= from).reverse().slice(0, maxCount).map(clone);
    }
    const from = options.from ?? 1;
    return events.filter((e) => e.streamVersion >= from).slice(0, maxCount).map(clone);
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    const after = options.after ?? START;
    assertPositionKind(after, 'postgres');
    const batchSize = options.batchSize ?? 500;
    const events: RecordedEvent[] = [];
    let checkpoint: Position = after;
    // Positions here are (0, n) with n the 1-based index in the log.
    let index = Number(decodePosition(after).minor);
    for (; index < this.log.length && events.length < batchSize; index++) {
      const event = this.log[index];
      checkpoint = event.position;
      if (matchesFilter(options.filter, event.type, event.streamName)) events.push(clone(event));
    }
    return { events, checkpoint, isEnd: index >= this.log.length };
  }

  async countAll(options: CountAllOptions = {}): Promise<number> {
    const after = options.after ?? START;
    assertPositionKind(after, 'postgres');
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    let count = 0;
    for (let index = Number(decodePosition(after).minor); index < this.log.length && count < limit; index++) {
      if (matchesFilter(options.filter, this.log[index].type, this.log[index].streamName)) count++;
    }
    return count;
  }

  subscribe(options: SubscribeOptions): Subscription {
    const subscription = pollingSubscription((o) => this.readAll(o), options, this.wake, { idleMs: 50, retryMs: 50 });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<Position> {
    return encodePosition(0n, BigInt(this.log.length));
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.subscriptions.clear();
  }

  private lastOfOriginalAppend(events: readonly NewEvent[]): RecordedEvent {
    const stored = events
      .map((e) => this.byEventId.get(e.eventId.toLowerCase()))
      .filter((s): s is StoredEvent => s !== undefined);
    return stored.reduce((a, b) => (b.index > a.index ? b : a)).event;
  }
}

function clone(event: RecordedEvent): RecordedEvent {
  return structuredClone(event);
}
