import { createHash, randomUUID } from 'node:crypto';
import { PostgresEventStore } from './postgres-event-store';
import { backfillHashChains } from './hash-backfill';
import type { RecordedEvent } from '../event-store.port';

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: the integration global setup provides it');
  return url;
}

/** Written here from the spec (docs/tamper-evidence.md), not imported: sorted keys, no whitespace. */
function jcs(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jcs).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${jcs((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function expectedChain(events: RecordedEvent[]): string[] {
  let previous = Buffer.alloc(32);
  return events.map((e) => {
    const body = jcs({ stream: e.streamName, version: e.streamVersion, type: e.type, data: e.data, metadata: e.metadata, eventId: e.eventId });
    previous = createHash('sha256').update(previous).update(body).digest();
    return previous.toString('hex');
  });
}

const ev = (type: string, data: Record<string, unknown> = {}) => ({ eventId: randomUUID(), type, data, metadata: { actor: { id: 'u1' }, note: 'Quyết định số 1/QĐ' } });

describe('per-stream hash chains', () => {
  let store: PostgresEventStore;
  beforeAll(async () => {
    store = await PostgresEventStore.connect({ connectionString: databaseUrl() });
  });
  afterAll(() => store.close());

  it("stores each event's hash as SHA-256 of the previous hash and its canonical encoding", async () => {
    const stream = `chain${Date.now()}-a`;
    await store.appendToStream(stream, [ev('A', { z: 1, a: [1.5, 'x', null, { b: true, a: 1e21 }] }), ev('B', { 'é': 'ü', '\u{1F600}': 2 })], { expectedVersion: 'no_stream' });
    await store.appendToStream(stream, [ev('C')], { expectedVersion: 2 });
    const events = await store.readStream(stream);
    expect(events.map((e) => e.hash)).toEqual(expectedChain(events));
  });

  it('chains every append of a group commit under its own stream', async () => {
    const category = `group${Date.now()}`;
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => store.appendToStream(`${category}-${i % 8}`, [ev(`E${i}`)], { expectedVersion: 'any' })),
    );
    for (let s = 0; s < 8; s++) {
      const events = await store.readStream(`${category}-${s}`);
      expect(events).toHaveLength(5);
      expect(events.map((e) => e.hash)).toEqual(expectedChain(events));
    }
  });

  it('computes the chains of events stored without a hash once, and appends chain onto them', async () => {
    const stream = `legacy${Date.now()}-a`;
    await store.appendToStream(stream, [ev('A'), ev('B'), ev('C')], { expectedVersion: 'no_stream' });
    await store.pool.query('UPDATE es_events SET hash = NULL WHERE stream_name = $1 AND stream_version >= 2', [stream]);
    // An append onto an event without a hash has none either, until the back-fill reaches the stream.
    await store.appendToStream(stream, [ev('D')], { expectedVersion: 3 });
    expect((await store.readStream(stream)).map((e) => e.hash === undefined)).toEqual([false, true, true, true]);
    const progress: number[] = [];
    expect(await backfillHashChains(store.pool, (p) => progress.push(p.done))).toBeGreaterThanOrEqual(3);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    await store.appendToStream(stream, [ev('E')], { expectedVersion: 4 });
    const events = await store.readStream(stream);
    expect(events.map((e) => e.hash)).toEqual(expectedChain(events));
  });
});
