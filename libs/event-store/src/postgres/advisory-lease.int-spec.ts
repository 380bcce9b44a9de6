import type { Pool } from 'pg';
import { createPool, uniqueName } from '@laurel/testing';
import { AdvisoryLease } from './advisory-lease';

describe('AdvisoryLease', () => {
  let pool: Pool;
  let admin: Pool;

  beforeAll(() => {
    pool = createPool({ max: 4 });
    admin = createPool({ max: 1 });
  });
  afterAll(async () => {
    await pool.end();
    await admin.end();
  });

  const backendOf = async (lease: AdvisoryLease) => (await lease.client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;

  it('one session holds a key at a time; the other gets it once the holder releases', async () => {
    const key = uniqueName('lease');
    const first = new AdvisoryLease(pool, key);
    const second = new AdvisoryLease(pool, key);
    expect(await first.acquire()).toBe(true);
    expect(await second.acquire()).toBe(false);
    expect(() => second.client).toThrow(/not held/);
    await first.release();
    expect(first.held).toBe(false);
    expect(await second.acquire()).toBe(true);
    await second.release();
  });

  it('a dropped lease connection loses the lease at once (held false, lost resolves, no client), and the lease is acquired again', async () => {
    const key = uniqueName('lease');
    const lost: Error[] = [];
    const lease = new AdvisoryLease(pool, key, { onLost: (error) => lost.push(error) });
    const rival = new AdvisoryLease(pool, key);
    expect(await lease.acquire()).toBe(true);
    const pid = await backendOf(lease);
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    await lease.lost;
    expect(lease.held).toBe(false);
    expect(() => lease.client).toThrow(/not held/);
    expect(lost).toHaveLength(1);
    // PostgreSQL drops the lock when the terminated backend has exited (just after the client sees
    // the error): a rival may then take it, and hand it back.
    const deadline = Date.now() + 15_000;
    while (!(await rival.acquire()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(rival.held).toBe(true);
    expect(await lease.acquire()).toBe(false);
    await rival.release();
    expect(await lease.acquire()).toBe(true);
    expect(await backendOf(lease)).not.toBe(pid);
    await lease.release();
  });

  it('a lease connection that stops answering is given up after the heartbeat timeout', async () => {
    const lease = new AdvisoryLease(pool, uniqueName('lease'), { heartbeatMs: 50, heartbeatTimeoutMs: 300 });
    expect(await lease.acquire()).toBe(true);
    // The holder's own session is busy for longer than the timeout: the heartbeat queues behind it.
    const busy = lease.client.query('SELECT pg_sleep(1)').catch(() => undefined);
    const started = Date.now();
    await lease.lost;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(lease.held).toBe(false);
    await busy;
  });
});
