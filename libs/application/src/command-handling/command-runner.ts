import { Inject, Injectable } from '@nestjs/common';
import type { DomainEvent } from '@laurel/domain';
import { ConditionFailed, EVENT_STORE, WrongExpectedVersion, type AppendCondition, type EventMetadata, type EventStore, type RecordedEvent } from '@laurel/event-store';
import { Clock } from './clock';
import { eventIdsFor } from './event-ids';
import { StreamStates, type Folded } from './stream-states';
import type { CommandResult, RequestMeta } from './request-meta';

/** Folded streams kept in memory per process. */
const STATE_CACHE_SIZE = 20_000;

/** Attempts against writers in OTHER processes (this process queues its own, see `serialised`). */
const MAX_ATTEMPTS = 20;
/** Full-jitter exponential backoff between attempts: random in [0, min(cap, base·2^attempt)) ms. */
const BACKOFF_BASE_MS = 5;
const BACKOFF_CAP_MS = 250;
export const SCHEMA_VERSION = 1;

export interface DeciderLike<C, E extends DomainEvent, S, Ctx> {
  decide(command: C, state: S, context: Ctx): E[];
  evolve(state: S, event: E): S;
  initialState(): S;
}

export interface RunCommand<C, E extends DomainEvent, S, Ctx> {
  stream: string;
  /** The aggregate id answered to the client. */
  id: string;
  decider: DeciderLike<C, E, S, Ctx>;
  command: C;
  meta: RequestMeta;
  /**
   * Builds the decision context from the current state; called again on every retry. Reference
   * streams it needs are read with `read` (the cache, checked by the append).
   */
  context: (state: S, now: string, read: StreamReader) => Promise<Ctx> | Ctx;
  /** Extra metadata for the new events, e.g. the workflow definition they were decided under. */
  metadata?: (state: S, context: Ctx) => Partial<EventMetadata>;
}

type Fold = Pick<DeciderLike<never, never, unknown, never>, 'evolve' | 'initialState'>;

/** A stream's state for a decision, or for a query (`CommandRunner.current`). */
export type StreamReader = <E extends DomainEvent, S>(stream: string, decider: Pick<DeciderLike<never, E, S, never>, 'evolve' | 'initialState'>) => Promise<Folded<S>>;

/**
 * The other streams one attempt of a command decided on (`CommandRunner.reference`): each at the
 * version the decision saw, whether it was served from the cache unread, and how to catch it up.
 */
class DecisionReads {
  private readonly reads = new Map<string, { folded: Folded<unknown>; decider: Fold; read: boolean }>();

  constructor(
    readonly stream: string,
    /** Folds read up to date during this command's run (a catch-up after a refusal or a failed condition). */
    readonly verified: WeakSet<Folded<unknown>>,
  ) {}

  get(stream: string, decider: Fold): Folded<unknown> | undefined {
    const read = this.reads.get(stream);
    return read && read.decider.evolve === decider.evolve ? read.folded : undefined;
  }

  add(stream: string, decider: Fold, folded: Folded<unknown>, read: boolean): void {
    const earlier = this.reads.get(stream);
    // One stream folded by two deciders at two versions: the older is the one the append must check.
    if (earlier && earlier.folded.version <= folded.version) return;
    this.reads.set(stream, { folded, decider, read });
  }

  /** Whether any stream was served from the cache without a read. */
  get unread(): boolean {
    return [...this.reads.values()].some((r) => !r.read);
  }

  conditions(): AppendCondition[] {
    return [...this.reads].map(([stream, r]) => ({ stream, version: r.folded.version }));
  }

  entries() {
    return this.reads.entries();
  }
}

/**
 * The one way commands change state: read the stream, fold it, decide, append with the version
 * that was read. A concurrent writer makes the append fail with WrongExpectedVersion; then it reads
 * and decides again, a bounded number of times, after a jittered backoff. With If-Match the
 * client's version is the expectation and a moved stream is the client's 409, not a retry.
 *
 * The other streams a decision needs (council, units, movement: the context's `read`) come from
 * the cache of folded streams without a read, and the append carries them as conditions: should one have
 * moved meanwhile (another process wrote it), the append fails with ConditionFailed, writes
 * nothing, and the command is decided again on those streams caught up. A command so costs one
 * round trip to the store, the append, which concurrent commands share (group commit).
 *
 * Commands on the same stream in this process run one after another (a FIFO per stream), so a
 * burst on one stream — fifty council members voting at once — costs no wasted attempts here;
 * only writers in other processes can still collide, and those retry.
 */
@Injectable()
export class CommandRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly states = new StreamStates(STATE_CACHE_SIZE);

  run<C extends { type: string }, E extends DomainEvent, S, Ctx>(spec: RunCommand<C, E, S, Ctx>): Promise<CommandResult> {
    return this.serialised(spec.stream, () => this.attempt(spec));
  }

  private async attempt<C extends { type: string }, E extends DomainEvent, S, Ctx>(spec: RunCommand<C, E, S, Ctx>): Promise<CommandResult> {
    // Decide on the cached fold when there is one; a stale cache shows up as a version conflict, or
    // as a refusal that is then checked against the stream read up to date.
    const cached = this.states.get<S>(spec.decider.evolve, spec.stream);
    let folded = cached ?? (await this.fold(spec.stream, spec.decider));
    // Whether `folded` was just read from the store (a cached fold may miss other processes' writes).
    let readNow = cached === undefined;
    const verified = new WeakSet<Folded<unknown>>();
    for (let attempt = 1; ; attempt++) {
      if (spec.meta.ifMatch !== undefined && spec.meta.ifMatch !== folded.version) {
        folded = await this.fold(spec.stream, spec.decider, folded);
        readNow = true;
        if (spec.meta.ifMatch !== folded.version) throw new WrongExpectedVersion(spec.stream, spec.meta.ifMatch, folded.version);
      }
      const { state, version } = folded;
      const now = this.clock.now();
      const reads = new DecisionReads(spec.stream, verified);
      let context: Ctx;
      let events: E[];
      try {
        context = await spec.context(state, now, (stream, decider) => this.reference(reads, stream, decider));
        events = spec.decider.decide(spec.command, state, context);
      } catch (error) {
        // A refusal decided on cached folds is final only if none has moved since: another process may
        // have written what makes the command valid (e.g. the nomination before a screening, the
        // secretary's seat on the council).
        if (readNow && !reads.unread) throw error;
        const [caughtUp, moved] = await Promise.all([readNow ? folded : this.fold(spec.stream, spec.decider, folded), this.catchUp(reads)]);
        readNow = true;
        if (caughtUp.version === folded.version && !moved) throw error;
        folded = caughtUp;
        continue;
      }
      // Nothing to write: an answer given on unread streams is checked like a refusal.
      if (events.length === 0 && reads.unread && (await this.catchUp(reads))) continue;
      if (events.length === 0) return { id: spec.id, version, position: folded.position };

      const ids = eventIdsFor(events.length, spec.stream, spec.meta.idempotencyKey, spec.meta.idempotencyScope ?? spec.meta.actor.userId);
      const metadata: EventMetadata = {
        actor: { id: spec.meta.actor.userId, role: spec.meta.actor.roles.join(','), unitId: spec.meta.actor.unitId },
        correlationId: spec.meta.correlationId,
        causationId: ids[0],
        occurredAt: now,
        schemaVersion: SCHEMA_VERSION,
        command: spec.command.type,
        ...(spec.meta.idempotencyKey ? { idempotencyKey: spec.meta.idempotencyKey } : {}),
        ...spec.metadata?.(state, context),
      };
      const observer = spec.meta.idempotencyKey === undefined ? undefined : spec.meta.appendObserver;
      const planned = { stream: spec.stream, id: spec.id, command: spec.command.type, eventIds: ids };
      const conditions = reads.conditions();
      try {
        await observer?.beforeAppend(planned);
        const result = await this.store.appendToStream(
          spec.stream,
          events.map((event, i) => ({ eventId: ids[i], type: event.type, data: event.data, metadata })),
          { expectedVersion: version === 0 ? 'no_stream' : version, ...(conditions.length > 0 ? { conditions } : {}) },
        );
        await observer?.afterAppend?.(planned);
        // Only events known to be ours are cached. With an Idempotency-Key the append may have been a
        // replay of a twin decided in another process (same ids, and the same version, but its own
        // random ids and times in the data), and the store keeps the twin's: the cache catches up
        // from the stream next time instead, as it does after an idempotent replay of an older result.
        if (spec.meta.idempotencyKey === undefined && result.nextExpectedVersion === version + events.length) {
          this.states.set(spec.decider.evolve, spec.stream, {
            state: events.reduce((s, e) => spec.decider.evolve(s, e), state),
            version: result.nextExpectedVersion,
            position: result.position,
          });
        } else {
          this.states.markBehind(spec.decider.evolve, spec.stream);
        }
        return { id: spec.id, version: result.nextExpectedVersion, position: result.position };
      } catch (error) {
        if (error instanceof ConditionFailed) {
          // A stream the decision read has moved (another process wrote it): decide again on it caught up.
          await this.catchUp(reads);
          if (attempt >= MAX_ATTEMPTS) throw new WrongExpectedVersion(spec.stream, spec.meta.ifMatch ?? version, folded.version);
          if (attempt > 1) await sleep(Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt));
          continue;
        }
        if (!(error instanceof WrongExpectedVersion)) throw error;
        folded = await this.fold(spec.stream, spec.decider, folded);
        readNow = true;
        const retry = spec.meta.ifMatch === undefined && attempt < MAX_ATTEMPTS;
        if (!retry) throw new WrongExpectedVersion(spec.stream, spec.meta.ifMatch ?? version, folded.version);
        if (attempt > 1) await sleep(Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt));
      }
    }
  }

  /** Reads what was appended since to every stream the decision read (caching it); whether any had moved. */
  private async catchUp(reads: DecisionReads): Promise<boolean> {
    const moved = await Promise.all(
      [...reads.entries()].map(async ([stream, r]) => {
        const now = await this.fold(stream, r.decider, r.folded);
        reads.verified.add(now);
        return now.version !== r.folded.version;
      }),
    );
    return moved.some(Boolean);
  }

  /** Folds the stream, continuing from `from` when given: only the events after it are read. */
  private async fold<E extends DomainEvent, S>(
    stream: string,
    decider: Pick<DeciderLike<never, E, S, never>, 'evolve' | 'initialState'>,
    from?: Folded<S>,
  ): Promise<Folded<S>> {
    const recorded = await this.store.readStream(stream, from ? { from: from.version + 1 } : {});
    if (from && recorded.length === 0) return from;
    const state = recorded.reduce((s, e) => decider.evolve(s, toDomainEvent<E>(e)), from ? from.state : decider.initialState());
    const folded = {
      state,
      version: (from?.version ?? 0) + recorded.length,
      position: recorded.length > 0 ? recorded[recorded.length - 1].position : (from?.position ?? ''),
    };
    if (folded.version > 0) this.states.set(decider.evolve, stream, folded);
    return folded;
  }

  /** Runs `work` after every earlier command on the stream in this process has settled. */
  private async serialised<T>(stream: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(stream) ?? Promise.resolve();
    const current = previous.then(work);
    const tail = current.catch(() => undefined);
    this.queues.set(stream, tail);
    try {
      return await current;
    } finally {
      if (this.queues.get(stream) === tail) this.queues.delete(stream);
    }
  }

  /**
   * A stream a decision takes besides its own (reference data: a council, units, a movement): the
   * cached fold as it is, without a read, which the append then carries as a condition (the command
   * is decided again should the stream have moved). Read when nothing is cached, or what is cached
   * is known to be behind.
   */
  private async reference<S>(reads: DecisionReads, stream: string, decider: Pick<DeciderLike<never, never, S, never>, 'evolve' | 'initialState'>): Promise<Folded<S>> {
    if (reads.stream === stream) return this.current(stream, decider);
    const seen = reads.get(stream, decider as Fold);
    if (seen) return seen as Folded<S>;
    const cached = this.states.get<S>(decider.evolve, stream);
    const trusted = cached !== undefined && !this.states.isBehind(cached);
    const folded = trusted ? cached : await this.fold(stream, decider, cached);
    reads.add(stream, decider as Fold, folded, !trusted || reads.verified.has(folded));
    return folded;
  }

  /** `current`, as a reader for code shared by commands and queries. */
  readonly read: StreamReader = (stream, decider) => this.current(stream, decider);

  /**
   * The stream's current state and version, up to date with one small read: the cached fold plus
   * whatever was appended since. For context lookups and queries that need no event list.
   */
  async current<E extends DomainEvent, S>(stream: string, decider: Pick<DeciderLike<never, E, S, never>, 'evolve' | 'initialState'>): Promise<Folded<S>> {
    return this.fold(stream, decider, this.states.get<S>(decider.evolve, stream));
  }

  /** Reads and folds the whole stream, with its events (history, as-of reconstruction). */
  async load<E extends DomainEvent, S>(stream: string, decider: Pick<DeciderLike<never, E, S, never>, 'evolve' | 'initialState'>, until?: (e: RecordedEvent) => boolean) {
    const recorded = await this.store.readStream(stream);
    const upTo = until ? recorded.filter(until) : recorded;
    const state = upTo.reduce((s, e) => decider.evolve(s, toDomainEvent<E>(e)), decider.initialState());
    return { state, version: upTo.length, events: upTo };
  }
}

export function toDomainEvent<E extends DomainEvent>(recorded: RecordedEvent): E {
  return { type: recorded.type, data: recorded.data } as E;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

