import { randomUUID } from 'node:crypto';
import type { EventStore, NewEvent, RecordedEvent } from '../event-store.port';
import { ConditionFailed, DuplicateEventId, InvalidEvent, WrongExpectedVersion } from '../errors';
import { comparePositions, START, type Position } from '../position';

/**
 * The event store port's contract. Every adapter runs this same suite — in-memory (unit tests),
 * PostgreSQL (integration tests), KurrentDB (`npm run test:kurrentdb`, needs a server) — so callers can
 * rely on one behaviour. Each test uses its own category so that tests can
 * share one database.
 */
export function describeEventStoreContract(adapter: string, open: () => Promise<EventStore>, close: (store: EventStore) => Promise<void>): void {
  describe(`event store contract: ${adapter}`, () => {
    let store: EventStore;
    let category: string;
    const stream = (name: string) => `${category}-${name}`;

    beforeAll(async () => {
      store = recordingAppends(await open());
    });
    afterAll(async () => {
      await close(store);
    });
    beforeEach(() => {
      category = `t${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    });

    describe('appending and reading a stream', () => {
      it('numbers the events of a new stream from 1 and returns the version after the append', async () => {
        const result = await store.appendToStream(stream('a'), [event('Registered'), event('Reported')], { expectedVersion: 'no_stream' });
        expect(result.nextExpectedVersion).toBe(2);
        const events = await store.readStream(stream('a'));
        expect(events.map((e) => [e.type, e.streamVersion])).toEqual([['Registered', 1], ['Reported', 2]]);
        expect(events[1].position).toBe(result.position);
      });

      it('keeps type, data and metadata as appended', async () => {
        const e = event('Nominated', { awardForm: 'merit', nested: { ok: [1, 2] } }, { actor: { id: 'u1', role: 'secretary' }, correlationId: 'c1' });
        await store.appendToStream(stream('a'), [e], { expectedVersion: 'any' });
        const [read] = await store.readStream(stream('a'));
        expect(read).toMatchObject({ eventId: e.eventId, type: 'Nominated', data: e.data, metadata: e.metadata, streamName: stream('a') });
        expect(Number.isNaN(Date.parse(read.recordedAt))).toBe(false);
      });

      it('reads a stream backwards, from a version, and at most maxCount events', async () => {
        await store.appendToStream(stream('a'), [1, 2, 3, 4, 5].map((n) => event(`E${n}`)), { expectedVersion: 'no_stream' });
        expect(types(await store.readStream(stream('a'), { from: 3 }))).toEqual(['E3', 'E4', 'E5']);
        expect(types(await store.readStream(stream('a'), { from: 2, maxCount: 2 }))).toEqual(['E2', 'E3']);
        expect(types(await store.readStream(stream('a'), { direction: 'backwards', maxCount: 2 }))).toEqual(['E5', 'E4']);
        expect(types(await store.readStream(stream('a'), { direction: 'backwards', from: 2 }))).toEqual(['E2', 'E1']);
      });

      it('reads an unknown stream as empty', async () => {
        expect(await store.readStream(stream('missing'))).toEqual([]);
      });
    });

    describe('optimistic concurrency', () => {
      it('appends when the stream is at the expected version', async () => {
        await store.appendToStream(stream('a'), [event('A')], { expectedVersion: 0 });
        const r = await store.appendToStream(stream('a'), [event('B')], { expectedVersion: 1 });
        expect(r.nextExpectedVersion).toBe(2);
      });

      it('rejects a stale expected version with WrongExpectedVersion and writes nothing', async () => {
        await store.appendToStream(stream('a'), [event('A'), event('B')], { expectedVersion: 'no_stream' });
        const error = await store.appendToStream(stream('a'), [event('C')], { expectedVersion: 1 }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedVersion);
        expect(error).toMatchObject({ code: 'WRONG_EXPECTED_VERSION', stream: stream('a'), expected: 1, actual: 2 });
        expect(await store.readStream(stream('a'))).toHaveLength(2);
      });

      it('checks no_stream, stream_exists and any', async () => {
        await expect(store.appendToStream(stream('a'), [event('A')], { expectedVersion: 'stream_exists' })).rejects.toBeInstanceOf(WrongExpectedVersion);
        await store.appendToStream(stream('a'), [event('A')], { expectedVersion: 'no_stream' });
        await expect(store.appendToStream(stream('a'), [event('B')], { expectedVersion: 'no_stream' })).rejects.toBeInstanceOf(WrongExpectedVersion);
        await store.appendToStream(stream('a'), [event('B')], { expectedVersion: 'stream_exists' });
        const r = await store.appendToStream(stream('a'), [event('C')], { expectedVersion: 'any' });
        expect(r.nextExpectedVersion).toBe(3);
      });

      it('lets exactly one of many concurrent appends at the same version win', async () => {
        await store.appendToStream(stream('a'), [event('A')], { expectedVersion: 'no_stream' });
        const results = await Promise.allSettled(
          Array.from({ length: 10 }, () => store.appendToStream(stream('a'), [event('Vote')], { expectedVersion: 1 })),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(failures.every((f) => f.reason instanceof WrongExpectedVersion)).toBe(true);
        expect(await store.readStream(stream('a'))).toHaveLength(2);
      });
    });

    describe('conditions on the streams a decision read', () => {
      it('appends when every condition stream is at the version given, 0 for a stream that does not exist', async () => {
        await store.appendToStream(stream('council'), [event('Created'), event('MemberAdded')], { expectedVersion: 'no_stream' });
        const r = await store.appendToStream(stream('a'), [event('Voted')], {
          expectedVersion: 'no_stream',
          conditions: [{ stream: stream('council'), version: 2 }, { stream: stream('absent'), version: 0 }],
        });
        expect(r.nextExpectedVersion).toBe(1);
        expect(types(await store.readStream(stream('a')))).toEqual(['Voted']);
      });

      it('refuses with ConditionFailed, writing nothing, when a condition stream has moved or come into being', async () => {
        await store.appendToStream(stream('council'), [event('Created'), event('MemberRemoved')], { expectedVersion: 'no_stream' });
        await store.appendToStream(stream('unit'), [event('Registered')], { expectedVersion: 'no_stream' });
        const moved = await store
          .appendToStream(stream('a'), [event('Voted')], { expectedVersion: 'any', conditions: [{ stream: stream('unit'), version: 1 }, { stream: stream('council'), version: 1 }] })
          .catch((e: unknown) => e);
        expect(moved).toBeInstanceOf(ConditionFailed);
        expect(moved).toMatchObject({ code: 'CONDITION_FAILED', stream: stream('council'), expected: 1, actual: 2 });
        const created = await store.appendToStream(stream('a'), [event('Voted')], { expectedVersion: 'any', conditions: [{ stream: stream('unit'), version: 0 }] }).catch((e: unknown) => e);
        expect(created).toMatchObject({ code: 'CONDITION_FAILED', stream: stream('unit'), expected: 0, actual: 1 });
        expect(await store.readStream(stream('a'))).toEqual([]);
      });

      it('checks the expected version before the conditions', async () => {
        await store.appendToStream(stream('a'), [event('A')], { expectedVersion: 'no_stream' });
        await store.appendToStream(stream('council'), [event('Created')], { expectedVersion: 'no_stream' });
        const error = await store.appendToStream(stream('a'), [event('B')], { expectedVersion: 0, conditions: [{ stream: stream('council'), version: 0 }] }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedVersion);
      });

      it('returns the original result for a retried append even though a condition stream moved since', async () => {
        await store.appendToStream(stream('council'), [event('Created')], { expectedVersion: 'no_stream' });
        const batch = [event('Voted')];
        const first = await store.appendToStream(stream('a'), batch, { expectedVersion: 'no_stream', conditions: [{ stream: stream('council'), version: 1 }] });
        await store.appendToStream(stream('council'), [event('Dissolved')], { expectedVersion: 1 });
        const retry = await store.appendToStream(stream('a'), batch, { expectedVersion: 'no_stream', conditions: [{ stream: stream('council'), version: 1 }] });
        expect(retry).toEqual(first);
      });

      it.each([
        ['the appended stream itself', (s: (n: string) => string) => [{ stream: s('a'), version: 0 }]],
        ['a negative version', (s: (n: string) => string) => [{ stream: s('b'), version: -1 }]],
        ['an empty stream name', () => [{ stream: '', version: 0 }]],
        ['one stream twice', (s: (n: string) => string) => [{ stream: s('b'), version: 0 }, { stream: s('b'), version: 1 }]],
      ])('rejects a condition on %s with InvalidEvent', async (_name, conditions) => {
        await expect(store.appendToStream(stream('a'), [event('A')], { expectedVersion: 'any', conditions: conditions(stream) })).rejects.toBeInstanceOf(InvalidEvent);
        expect(await store.readStream(stream('a'))).toEqual([]);
      });
    });

    describe('idempotency by event id', () => {
      it('returns the original result for a retried append and writes nothing new', async () => {
        const batch = [event('A'), event('B')];
        const first = await store.appendToStream(stream('a'), batch, { expectedVersion: 'no_stream' });
        await store.appendToStream(stream('a'), [event('C')], { expectedVersion: 2 });
        const retry = await store.appendToStream(stream('a'), batch, { expectedVersion: 'no_stream' });
        expect(retry).toEqual(first);
        expect(types(await store.readStream(stream('a')))).toEqual(['A', 'B', 'C']);
      });

      it('writes a retried event once when the retries race each other', async () => {
        const e = event('A');
        const results = await Promise.all(Array.from({ length: 8 }, () => store.appendToStream(stream('a'), [e], { expectedVersion: 'any' })));
        expect(new Set(results.map((r) => r.position)).size).toBe(1);
        expect(await store.readStream(stream('a'))).toHaveLength(1);
      });

      it('refuses an event id already stored in another stream', async () => {
        const e = event('A');
        await store.appendToStream(stream('a'), [e], { expectedVersion: 'any' });
        await expect(store.appendToStream(stream('b'), [e], { expectedVersion: 'any' })).rejects.toBeInstanceOf(DuplicateEventId);
        expect(await store.readStream(stream('b'))).toEqual([]);
      });
    });

    describe('input validation', () => {
      it.each([
        ['an empty append', () => []],
        ['an event id that is not a UUID', () => [{ ...event('A'), eventId: 'not-a-uuid' }]],
        ['an empty type', () => [{ ...event('A'), type: '' }]],
        ['data that is not an object', () => [{ ...event('A'), data: 42 }]],
        ['the same event id twice in one append', () => { const e = event('A'); return [e, e]; }],
      ])('rejects %s with InvalidEvent', async (_name, events) => {
        await expect(store.appendToStream(stream('a'), events() as NewEvent[], { expectedVersion: 'any' })).rejects.toBeInstanceOf(InvalidEvent);
        expect(await store.readStream(stream('a'))).toEqual([]);
      });
    });

    describe('the global feed', () => {
      it('reads all events in append order across streams, in batches, from a checkpoint', async () => {
        await store.appendToStream(stream('a'), [event('A1')], { expectedVersion: 'any' });
        await store.appendToStream(stream('b'), [event('B1'), event('B2')], { expectedVersion: 'any' });
        await store.appendToStream(stream('a'), [event('A2')], { expectedVersion: 'any' });
        const seen = await readWholeFeed(store, { categories: [category] }, 2);
        expect(types(seen)).toEqual(['A1', 'B1', 'B2', 'A2']);
        expect(isStrictlyIncreasing(seen.map((e) => e.position))).toBe(true);
      });

      it('filters by event type and by category, and moves the checkpoint past skipped events', async () => {
        const other = `o${category}`;
        await store.appendToStream(stream('a'), [event('Wanted'), event('Unwanted')], { expectedVersion: 'any' });
        await store.appendToStream(`${other}-x`, [event('Wanted')], { expectedVersion: 'any' });
        const byType = await readWholeFeed(store, { categories: [category], types: ['Wanted'] });
        expect(byType.map((e) => [e.type, e.streamName])).toEqual([['Wanted', stream('a')]]);
        const byCategory = await readWholeFeed(store, { categories: [other] });
        expect(byCategory.map((e) => e.streamName)).toEqual([`${other}-x`]);

        const end = await store.readAll({ after: byType[0].position, filter: { categories: [category], types: ['Wanted'] } });
        expect(end.events).toEqual([]);
        expect(end.isEnd).toBe(true);
        expect(comparePositions(end.checkpoint, byType[0].position)).toBeGreaterThanOrEqual(0);
      });

      it('merges several categories, or several types, into the one global order, each event once, page by page', async () => {
        const other = `o${category}`;
        await store.appendToStream(stream('a'), [event('A1')], { expectedVersion: 'any' });
        await store.appendToStream(`${other}-x`, [event('X1'), event('X2')], { expectedVersion: 'any' });
        await store.appendToStream(stream('b'), [event('B1')], { expectedVersion: 'any' });
        await store.appendToStream(`${other}-x`, [event('X3')], { expectedVersion: 'any' });
        const both = await readWholeFeed(store, { categories: [other, category, other] }, 2);
        expect(types(both)).toEqual(['A1', 'X1', 'X2', 'B1', 'X3']);
        expect(isStrictlyIncreasing(both.map((e) => e.position))).toBe(true);
        const byTypes = await readWholeFeed(store, { categories: [category, other], types: ['X3', 'A1', 'X2'] }, 1);
        expect(types(byTypes)).toEqual(['A1', 'X2', 'X3']);
        // Types alone, across the whole log (names no other test uses).
        const [p, q] = [`P${category}`, `Q${category}`];
        await store.appendToStream(stream('a'), [event(q), event(p)], { expectedVersion: 'any' });
        await store.appendToStream(`${other}-y`, [event(q)], { expectedVersion: 'any' });
        expect(types(await readWholeFeed(store, { types: [p, q, p] }, 1))).toEqual([q, p, q]);
      });

      it('a read without payload hands over the same events with the same headers, by category, type or neither', async () => {
        // Type names no other test uses: the type filter reads the whole log.
        const [h1, h2] = [`H1${category}`, `H2${category}`];
        await store.appendToStream(stream('a'), [event(h1, { n: 1 }), event(h2, { n: 2 })], { expectedVersion: 'any' });
        await store.appendToStream(stream('b'), [event(h1, { n: 3 })], { expectedVersion: 'any' });
        const headers = (e: RecordedEvent) => [e.eventId, e.type, e.streamName, e.streamVersion, e.position, e.recordedAt];
        for (const filter of [{ categories: [category] }, { categories: [category], types: [h1] }, { types: [h1, h2] }]) {
          const full = await readWholeFeed(store, filter, 2);
          const light = await readWholeFeed(store, filter, 2, true);
          expect(light.map(headers)).toEqual(full.map(headers));
        }
      });

      it('reads nothing after the head position but what is appended later', async () => {
        await store.appendToStream(stream('a'), [event('Before')], { expectedVersion: 'any' });
        const head = await store.headPosition();
        await store.appendToStream(stream('a'), [event('After')], { expectedVersion: 'any' });
        expect(types(await readFeedFrom(store, head, { categories: [category] }))).toEqual(['After']);
      });

      it('counts what readAll would hand over: after a checkpoint, filtered, up to a limit', async () => {
        const other = `o${category}`;
        await store.appendToStream(stream('a'), [event('Wanted'), event('Unwanted'), event('Wanted')], { expectedVersion: 'any' });
        await store.appendToStream(`${other}-x`, [event('Wanted')], { expectedVersion: 'any' });
        // Counts are of what the feed hands over now: first let it reach these appends (see readWholeFeed).
        await readWholeFeed(store, { categories: [category, other] });
        expect(await store.countAll({ filter: { categories: [category] } })).toBe(3);
        expect(await store.countAll({ filter: { categories: [category], types: ['Wanted'] } })).toBe(2);
        expect(await store.countAll({ filter: { categories: [category, other], types: ['Wanted'] } })).toBe(3);
        expect(await store.countAll({ filter: { categories: [category] }, limit: 2 })).toBe(2);
        expect(await store.countAll({ filter: { categories: [category] }, limit: 0 })).toBe(0);
        expect(await store.countAll({ filter: { types: [] } })).toBe(0);
        const [first] = (await store.readAll({ filter: { categories: [category] }, batchSize: 1 })).events;
        expect(await store.countAll({ after: first.position, filter: { categories: [category] } })).toBe(2);
        expect(await store.countAll({ after: await store.headPosition(), filter: { categories: [category, other] } })).toBe(0);
        expect(await store.countAll({ filter: { categories: [category] } })).toBe((await readWholeFeed(store, { categories: [category] })).length);
      });

      it('subscribes: catches up with the past, then follows new events live', async () => {
        await store.appendToStream(stream('a'), [event('Past')], { expectedVersion: 'any' });
        const seen: RecordedEvent[] = [];
        const subscription = store.subscribe({ filter: { categories: [category] }, handler: async (events) => void seen.push(...events) });
        await subscription.caughtUp;
        expect(types(seen)).toEqual(['Past']);
        await store.appendToStream(stream('a'), [event('Live')], { expectedVersion: 'any' });
        await waitFor(() => seen.length === 2);
        await subscription.stop();
        expect(types(seen)).toEqual(['Past', 'Live']);
      });

      it('resumes a subscription from its checkpoint without repeating events', async () => {
        await store.appendToStream(stream('a'), [event('One'), event('Two')], { expectedVersion: 'any' });
        const first: RecordedEvent[] = [];
        const s1 = store.subscribe({ filter: { categories: [category] }, handler: async (events) => void first.push(...events) });
        await s1.caughtUp;
        await s1.stop();
        await store.appendToStream(stream('a'), [event('Three')], { expectedVersion: 'any' });
        const second: RecordedEvent[] = [];
        const s2 = store.subscribe({ after: s1.checkpoint, filter: { categories: [category] }, handler: async (events) => void second.push(...events) });
        await waitFor(() => second.length === 1);
        await s2.caughtUp;
        await s2.stop();
        expect(types(first)).toEqual(['One', 'Two']);
        expect(types(second)).toEqual(['Three']);
      });

      it('retries a batch whose handler failed, so nothing is skipped', async () => {
        await store.appendToStream(stream('a'), [event('A'), event('B')], { expectedVersion: 'any' });
        const seen: string[] = [];
        let failures = 0;
        const subscription = store.subscribe({
          filter: { categories: [category] },
          handler: async (events) => {
            if (failures++ === 0) throw new Error('projection crashed');
            seen.push(...types(events));
          },
          onError: () => undefined,
        });
        await waitFor(() => seen.length === 2, 10_000);
        await subscription.stop();
        expect(seen).toEqual(['A', 'B']);
      });
    });

    describe('concurrency', () => {
      it('16 writers on overlapping and distinct streams: a live subscriber sees every committed event exactly once, in stream order', async () => {
        const writers = 16;
        const appendsPerWriter = 25;
        const seen: RecordedEvent[] = [];
        const subscription = store.subscribe({ filter: { categories: [category] }, batchSize: 37, handler: async (events) => void seen.push(...events) });

        const committed: string[] = [];
        await Promise.all(
          Array.from({ length: writers }, async (_, w) => {
            for (let i = 0; i < appendsPerWriter; i++) {
              // Even writers share four hot streams (conflicts, retries); odd writers own a stream each.
              const target = w % 2 === 0 ? stream(`shared${i % 4}`) : stream(`own${w}`);
              const events = Array.from({ length: 1 + (i % 3) }, () => event(`W${w}`));
              await appendWithRetry(store, target, events);
              committed.push(...events.map((e) => e.eventId));
            }
          }),
        );
        await waitFor(() => seen.length >= committed.length, 20_000);
        await new Promise((r) => setTimeout(r, 100));
        await subscription.stop();

        const seenIds = seen.map((e) => e.eventId);
        expect(new Set(seenIds).size).toBe(seenIds.length);
        expect([...seenIds].sort()).toEqual([...committed].sort());
        expect(isStrictlyIncreasing(seen.map((e) => e.position))).toBe(true);
        const lastVersion = new Map<string, number>();
        for (const e of seen) {
          expect(e.streamVersion).toBe((lastVersion.get(e.streamName) ?? 0) + 1);
          lastVersion.set(e.streamName, e.streamVersion);
        }
      }, 60_000);
    });
  });
}

async function appendWithRetry(store: EventStore, stream: string, events: NewEvent[]): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const [last] = await store.readStream(stream, { direction: 'backwards', maxCount: 1 });
    try {
      await store.appendToStream(stream, events, { expectedVersion: last?.streamVersion ?? 'no_stream' });
      return;
    } catch (error) {
      if (!(error instanceof WrongExpectedVersion) || attempt > 200) throw error;
    }
  }
}

export function event(type: string, data: Record<string, unknown> = {}, metadata: NewEvent['metadata'] = {}): NewEvent {
  return { eventId: randomUUID(), type, data, metadata };
}

function types(events: RecordedEvent[]): string[] {
  return events.map((e) => e.type);
}

function isStrictlyIncreasing(positions: Position[]): boolean {
  return positions.every((p, i) => i === 0 || comparePositions(positions[i - 1], p) < 0);
}

/**
 * The feed from the start (readFeedFrom: after a position) to the tests' last append. A feed's end is
 * "for now": PostgreSQL's holds back what committed after a transaction still open anywhere in the
 * cluster (its horizon, docs/operations.md), and the integration runs beside this file write in other
 * databases of the same cluster. So at an end short of that append it reads on from its checkpoint
 * (for at most 10 s, then the assertions judge what came).
 */
async function readWholeFeed(store: EventStore, filter: { types?: string[]; categories?: string[] }, batchSize = 100, withoutPayload = false): Promise<RecordedEvent[]> {
  return readFeedFrom(store, START, filter, batchSize, withoutPayload);
}

/** The position of the last event each store under test appended (see recordingAppends). */
const lastAppended = new WeakMap<EventStore, Position>();

/** Remembers the position of every append the tests make through `store`, for readFeedFrom. */
function recordingAppends(store: EventStore): EventStore {
  const append = store.appendToStream.bind(store);
  store.appendToStream = async (...args) => {
    const result = await append(...args);
    const last = lastAppended.get(store);
    if (last === undefined || comparePositions(result.position, last) > 0) lastAppended.set(store, result.position);
    return result;
  };
  return store;
}

async function readFeedFrom(store: EventStore, from: Position, filter: { types?: string[]; categories?: string[] }, batchSize = 100, withoutPayload = false): Promise<RecordedEvent[]> {
  // The feed's own head is no help here: PostgreSQL's is the horizon too.
  const head = lastAppended.get(store) ?? START;
  const deadline = Date.now() + 10_000;
  const all: RecordedEvent[] = [];
  let after: Position = from;
  for (;;) {
    const page = await store.readAll({ after, batchSize, filter, withoutPayload });
    all.push(...page.events);
    after = page.checkpoint;
    if (!page.isEnd) continue;
    if (comparePositions(after, head) >= 0 || Date.now() > deadline) return all;
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
