import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore, type RecordedEvent } from '@laurel/event-store';
import { migrateProjectionStore, ProjectionTables, type Projection } from '@laurel/projections';
import { initiativeEvents, initiativeSeed } from '../../../scripts/seed/synthetic-history';
import { liveInitiative } from '../../../scripts/seed/lifecycle';
import { Random } from '../../../scripts/seed/random';
import { referenceData } from '../../../scripts/seed/world';
import { swapIn } from '../src/operations/active-version';

/** The integration database, an event store on it, and helpers to feed projections by hand. */
export class ReadModelBench {
  private constructor(
    readonly pool: Pool,
    readonly store: PostgresEventStore,
  ) {}

  static async open(): Promise<ReadModelBench> {
    const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 8 });
    const store = await PostgresEventStore.connect({ pool });
    await migrateProjectionStore(pool);
    return new ReadModelBench(pool, store);
  }

  async close(): Promise<void> {
    await this.store.close();
    await this.pool.end();
  }

  /** A fresh table version of `projection`, set up; `activate` also points the query views at it. */
  async tables(projection: Projection, activate = false): Promise<ProjectionTables> {
    const tables = new ProjectionTables(projection.name, 1000 + Math.floor(Math.random() * 1_000_000));
    await this.inTransaction((db) => projection.setup(db, tables));
    if (activate) await swapIn(this.pool, projection, tables.version);
    return tables;
  }

  async apply(projection: Projection, tables: ProjectionTables, events: readonly RecordedEvent[]): Promise<void> {
    await this.inTransaction((db) => projection.apply(db, events, tables));
  }

  /** Appends a stream's events and returns them as recorded. */
  async append(stream: string, events: { type: string; data: unknown; metadata?: Record<string, unknown> }[]): Promise<RecordedEvent[]> {
    await this.store.appendToStream(stream, events.map((e) => ({ eventId: randomUUID(), ...e })), { expectedVersion: 'any' });
    return this.store.readStream(stream);
  }

  /** `count` synthetic initiatives decided with the domain (plus the reference data they need), appended and returned in feed order. */
  async syntheticHistory(count: number, seed: number, withUsers = false): Promise<{ events: RecordedEvent[]; initiativeIds: string[]; movementIds: string[] }> {
    const tag = `t${randomUUID().slice(0, 6)}-`;
    const ref = referenceData(2021, 3, 3, 4, tag);
    const random = new Random(seed);
    const streams: string[] = [];
    const wanted = (stream: string) => stream.startsWith('unit-') || stream.startsWith('workflow-') || (withUsers && stream.startsWith('user-'));
    for (const write of ref.writes.filter((w) => wanted(w.stream))) {
      const exists = (await this.store.readStream(write.stream, { maxCount: 1 })).length > 0;
      if (!exists) await this.append(write.stream, write.events);
    }
    const initiativeIds: string[] = [];
    for (let n = 0; n < count; n++) {
      const s = initiativeSeed(ref, n, random, tag);
      const timed = liveInitiative(ref.world, s, random);
      await this.store.appendToStream(`initiative-${s.initiativeId}`, initiativeEvents(timed, s.movement.workflowId), { expectedVersion: 'no_stream' });
      streams.push(`initiative-${s.initiativeId}`);
      initiativeIds.push(s.initiativeId);
    }
    const units = ref.writes.filter((w) => wanted(w.stream)).map((w) => w.stream);
    const events = (await Promise.all([...units, ...streams].map((s) => this.store.readStream(s)))).flat();
    events.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
    return { events, initiativeIds, movementIds: ref.movements.map((m) => m.movementId) };
  }

  private async inTransaction(work: (db: import('pg').PoolClient) => Promise<void>): Promise<void> {
    const db = await this.pool.connect();
    try {
      await db.query('BEGIN');
      await work(db);
      await db.query('COMMIT');
    } catch (error) {
      await db.query('ROLLBACK');
      throw error;
    } finally {
      db.release();
    }
  }
}

/** Splits events into batches of `size`, as the runner would read them. */
export const batches = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
