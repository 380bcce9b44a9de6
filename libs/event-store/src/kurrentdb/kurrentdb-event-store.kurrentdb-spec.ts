import { describeEventStoreContract, event } from '../contract/event-store.contract';
import { DuplicateEventId } from '../errors';
import { KurrentDbEventStore } from './kurrentdb-event-store';
import { claimOwner } from './event-id-claims';
import { InMemoryEventStore } from '../in-memory/in-memory-event-store';
import { copyLog } from '../copy/copy-log';
import { compareInventories, inventory } from '../copy/inventory';

/** Run by `npm run test:kurrentdb` against a real KurrentDB server (docs/event-store.md, "KurrentDB adapter"). */
function kurrentDbUrl(): string {
  const url = process.env.KURRENTDB_URL;
  if (!url) throw new Error('KURRENTDB_URL is not set: the KurrentDB contract run needs a server (docs/event-store.md, "Running the contract suite against KurrentDB")');
  return url;
}

describeEventStoreContract('kurrentdb', () => KurrentDbEventStore.connect({ connectionString: kurrentDbUrl() }), (store) => store.close());

describe('kurrentdb idempotency beyond the server deduplication', () => {
  it('returns the original result for a retry with a later expected version, which KurrentDB alone would write again', async () => {
    const store = await KurrentDbEventStore.connect({ connectionString: kurrentDbUrl() });
    const stream = `kidem${Date.now()}-a`;
    try {
      const batch = [event('A')];
      const first = await store.appendToStream(stream, batch, { expectedVersion: 'no_stream' });
      // The retry expects the version the stream has now: the server would accept it as a new write.
      const retry = await store.appendToStream(stream, batch, { expectedVersion: 1 });
      expect(retry).toEqual(first);
      expect(await store.readStream(stream)).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('claims every event id for its stream, so the same id in another stream is refused', async () => {
    const store = await KurrentDbEventStore.connect({ connectionString: kurrentDbUrl() });
    const base = `kclaim${Date.now()}`;
    try {
      const e = event('A');
      const second = event('B');
      await store.appendToStream(`${base}-a`, [e, second], { expectedVersion: 'no_stream' });
      expect(await claimOwner(store.client, second.eventId)).toBe(`${base}-a`);
      await expect(store.appendToStream(`${base}-b`, [event('C'), second], { expectedVersion: 'any' })).rejects.toBeInstanceOf(DuplicateEventId);
      expect(await store.readStream(`${base}-b`)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

describe('kurrentdb event-store:copy', () => {
  it('round-trips in-memory → KurrentDB → in-memory with identical per-stream hashes', async () => {
    const store = await KurrentDbEventStore.connect({ connectionString: kurrentDbUrl() });
    const category = `kcopy${Date.now()}`;
    const source = new InMemoryEventStore();
    try {
      for (let i = 0; i < 30; i++) {
        await source.appendToStream(`${category}-${i % 4}`, [event(`E${i}`, { i }, { correlationId: `c${i}`, actor: { id: 'u1' } })], { expectedVersion: 'any' });
      }
      await copyLog(source, store, { categories: [category], maxAppend: 3 });
      const back = new InMemoryEventStore();
      await copyLog(store, back, { categories: [category] });
      const original = await inventory(source, { categories: [category] });
      expect(original.total).toBe(30);
      expect(compareInventories(original, await inventory(store, { categories: [category] }))).toEqual([]);
      expect(compareInventories(original, await inventory(back, { categories: [category] }))).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
