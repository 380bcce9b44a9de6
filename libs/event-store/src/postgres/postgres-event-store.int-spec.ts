import { randomUUID } from 'node:crypto';
import { describeEventStoreContract, event } from '../contract/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: the integration global setup provides it');
  return url;
}

describeEventStoreContract('postgres', () => PostgresEventStore.connect({ connectionString: databaseUrl(), poolSize: 24 }), (store) => store.close());

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
