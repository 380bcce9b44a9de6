import type { Client, Pool } from 'pg';
import { ReadDatabase } from './read-database';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED' });
const quiet = { warn: () => undefined, log: () => undefined };

/** A pool that answers with its own name (and can be ended). */
const pool = (name: string) => ({ name, end: () => Promise.resolve() }) as unknown as Pool;
const nameOf = (db: Pool) => (db as unknown as { name: string }).name;

/** The replica's probe answers while `replicaUp` says so. */
class Probed extends ReadDatabase {
  replicaUp = true;
  probes = 0;
  protected override withProbe<T>(work: (client: Pick<Client, 'query'>) => Promise<T>): Promise<T> {
    this.probes++;
    if (!this.replicaUp) return Promise.reject(refused());
    return work({ query: () => Promise.resolve({ rows: [] }) } as unknown as Pick<Client, 'query'>);
  }
}

describe('ReadDatabase', () => {
  const primary = pool('primary');
  const replica = pool('replica');
  let database: Probed;
  beforeEach(() => {
    database = new Probed(primary, { pool: replica, settings: {} }, quiet);
  });
  afterEach(() => database.close());

  it('reads the primary without READ_DATABASE_URL', async () => {
    const single = new ReadDatabase(primary);
    expect(single.replicated).toBe(false);
    expect(await single.read(async (db) => nameOf(db))).toBe('primary');
  });

  it('reads the replica when there is one', async () => {
    expect(database.replicated).toBe(true);
    expect(await database.read(async (db) => nameOf(db))).toBe('replica');
  });

  it('runs a read again on the primary when the replica does not answer, reads the primary until a probe finds it again, then the replica', async () => {
    jest.useFakeTimers();
    try {
      database.replicaUp = false;
      const seen: string[] = [];
      const read = (db: Pool) => {
        seen.push(nameOf(db));
        return nameOf(db) === 'replica' && !database.replicaUp ? Promise.reject(refused()) : Promise.resolve(nameOf(db));
      };
      expect(await database.read(read)).toBe('primary');
      expect(seen).toEqual(['replica', 'primary']);
      expect(database.fallingBack).toBe(true);
      expect(await database.read(read)).toBe('primary');
      expect(seen).toEqual(['replica', 'primary', 'primary']);
      await jest.advanceTimersByTimeAsync(3000);
      expect(database.fallingBack).toBe(true);
      database.replicaUp = true;
      await jest.advanceTimersByTimeAsync(1000);
      expect(database.fallingBack).toBe(false);
      expect(await database.read(read)).toBe('replica');
    } finally {
      jest.useRealTimers();
    }
  });

  it("keeps an outage error that is the primary's (the replica still answers): reads stay on the replica", async () => {
    const primaryDown = refused();
    await expect(database.read(() => Promise.reject(primaryDown))).rejects.toBe(primaryDown);
    expect(database.probes).toBe(1);
    expect(database.fallingBack).toBe(false);
  });

  it('does not run a read again for an error that is not an outage', async () => {
    const bug = new TypeError('x is undefined');
    const seen: string[] = [];
    await expect(database.read((db) => (seen.push(nameOf(db)), Promise.reject(bug)))).rejects.toBe(bug);
    expect(seen).toEqual(['replica']);
    expect(database.probes).toBe(0);
  });

  it('runs a read the replica cancelled for a recovery conflict again on the primary, and stays on the replica', async () => {
    const conflict = Object.assign(new Error('canceling statement due to conflict with recovery'), { code: '40001' });
    const seen: string[] = [];
    const answer = await database.read((db) => (seen.push(nameOf(db)), nameOf(db) === 'replica' ? Promise.reject(conflict) : Promise.resolve('primary')));
    expect({ answer, seen, fallingBack: database.fallingBack }).toEqual({ answer: 'primary', seen: ['replica', 'primary'], fallingBack: false });
  });

  it('asks one probe for concurrent failures', async () => {
    database.replicaUp = false;
    const read = (db: Pool) => (nameOf(db) === 'replica' ? Promise.reject(refused()) : Promise.resolve('primary'));
    expect(await Promise.all([database.read(read), database.read(read), database.read(read)])).toEqual(['primary', 'primary', 'primary']);
    expect(database.probes).toBe(1);
  });
});
