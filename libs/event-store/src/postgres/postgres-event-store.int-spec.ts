import { randomUUID } from 'node:crypto';
import { describeEventStoreContract, event } from '../contract/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';
import { InvalidEvent } from '../errors';

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: the integration global setup provides it');
  return url;
}

describeEventStoreContract('postgres', () => PostgresEventStore.connect({ connectionString: databaseUrl(), poolSize: 24 }), (store) => store.close());

describe('postgres appends', () => {
  it('commits concurrent appends together, and one refused append does not fail the others in its batch', async () => {
    const store = await PostgresEventStore.connect({ connectionString: databaseUrl() });
    const category = `batch${Date.now()}`;
    try {
      // Fired together, these travel in one batch behind the first; PostgreSQL refuses the \u0000.
      const results = await Promise.allSettled([
        store.appendToStream(`${category}-a`, [event('First')], { expectedVersion: 'no_stream' }),
        store.appendToStream(`${category}-b`, [event('Good')], { expectedVersion: 'no_stream' }),
        store.appendToStream(`${category}-c`, [event('Bad', { text: 'nul \u0000 byte' })], { expectedVersion: 'no_stream' }),
        store.appendToStream(`${category}-d`, [event('AlsoGood')], { expectedVersion: 'no_stream' }),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
      expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(InvalidEvent);
      expect(await store.readStream(`${category}-c`)).toEqual([]);
      expect(await store.readStream(`${category}-d`)).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});

describe('postgres global feed', () => {
  it('never skips an event whose transaction commits after a later-numbered one', async () => {
    const store = await PostgresEventStore.connect({ connectionString: databaseUrl() });
    const category = `late${Date.now()}`;
    const slow = await store.pool.connect();
    try {
      // The slow transaction takes its position first but commits last.
      await slow.query('BEGIN');
      await slow.query(`SELECT * FROM es_append_batch($1::jsonb)`, [
        JSON.stringify([{ stream: `${category}-slow`, expected: 'any', events: [{ eventId: randomUUID(), type: 'Slow', data: {} }] }]),
      ]);
      await store.appendToStream(`${category}-fast`, [event('Fast')], { expectedVersion: 'any' });

      const before = await store.readAll({ filter: { categories: [category] } });
      expect(before.events).toEqual([]);

      await slow.query('COMMIT');
      const after = await store.readAll({ after: before.checkpoint, filter: { categories: [category] } });
      expect(after.events.map((e) => e.type).sort()).toEqual(['Fast', 'Slow']);
    } finally {
      slow.release();
      await store.close();
    }
  });
});
