import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { consumerConnection, producerConnection, readyJobs, SupervisedWorker, type WorkerReplacement } from '@laurel/notifications';
import { testKeyPrefix, testRedisUrl, uniqueName } from '@laurel/testing';
import { eventually } from './harness';

/*
 * A queue's worker that stops taking the jobs ready for it is replaced by a fresh one. The stuck
 * worker here is real: its connection leads to a server that accepts and never answers, as a
 * blocking connection does that ioredis left behind after a failover.
 */
describe('a supervised queue worker', () => {
  const target = { url: testRedisUrl() };
  let blackHole: Server;
  let blackHolePort: number;
  const sockets: Socket[] = [];
  const cleanup: (() => Promise<unknown> | void)[] = [];

  beforeAll(async () => {
    blackHole = createServer((socket) => {
      sockets.push(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    blackHolePort = (blackHole.address() as AddressInfo).port;
  });

  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((r) => blackHole.close(r));
  });

  const silentConnection = () => {
    const redis = new Redis({ host: '127.0.0.1', port: blackHolePort, maxRetriesPerRequest: null, connectTimeout: 600_000 });
    redis.on('error', () => undefined);
    return redis;
  };

  /** A queue on the shared Redis with `jobs` jobs ready, and a supervised worker on it. */
  async function setUp(options: { jobs: number; stallMs: number; connect: () => Redis; work?: () => Promise<void>; concurrency?: number }) {
    const prefix = `${testKeyPrefix()}${uniqueName('sup')}`;
    const name = 'work';
    const producer = producerConnection(target);
    const queue = new Queue(name, { connection: producer, prefix });
    queue.on('error', () => undefined);
    cleanup.push(async () => {
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      producer.disconnect();
    });
    await queue.addBulk(Array.from({ length: options.jobs }, (_, i) => ({ name, data: { i } })));
    const done: number[] = [];
    const replacements: WorkerReplacement[] = [];
    const worker = new SupervisedWorker<{ i: number }>(
      name,
      async (job) => {
        await options.work?.();
        done.push(job.data.i);
      },
      options.connect,
      { prefix, concurrency: options.concurrency ?? 4, lockDuration: 2000, stalledInterval: 1000 },
      { ready: () => readyJobs(queue), stallMs: options.stallMs, onReplaced: (r) => replacements.push(r) },
    );
    cleanup.push(() => worker.stop());
    worker.start();
    return { queue, worker, done, replacements };
  }

  it('a worker that takes none of the ready jobs is replaced, and the jobs run once', async () => {
    let connections = 0;
    const { done, replacements } = await setUp({
      jobs: 5,
      stallMs: 1000,
      // The first worker's connection never answers; the replacement's reaches Redis.
      connect: () => (connections++ === 0 ? silentConnection() : consumerConnection(target)),
    });
    await eventually(async () => done.length, (n) => n === 5, 30_000);
    expect(done.sort()).toEqual([0, 1, 2, 3, 4]);
    expect(replacements).toHaveLength(1);
    expect(replacements[0]).toMatchObject({ queue: 'work', reason: 'stalled', ready: 5 });
    expect(replacements[0].idleMs).toBeGreaterThanOrEqual(1000);
  });

  it('a worker busy on slow jobs, with more ready, is left alone', async () => {
    // One job at a time, 300 ms each, for 12 jobs: jobs are ready for ~3.6 s, 3.6 × the stall limit.
    const { done, replacements } = await setUp({
      jobs: 12,
      stallMs: 1000,
      concurrency: 1,
      connect: () => consumerConnection(target),
      work: () => new Promise((r) => setTimeout(r, 300)),
    });
    await eventually(async () => done.length, (n) => n === 12, 30_000);
    expect(replacements).toEqual([]);
  });

  it('a worker whose loop has ended is replaced at once, and the jobs added later run', async () => {
    const { queue, worker, done, replacements } = await setUp({ jobs: 0, stallMs: 60_000, connect: () => consumerConnection(target) });
    const first = worker.worker;
    await first.close();
    await queue.add('work', { i: 7 });
    await eventually(async () => done, (d) => d.length === 1, 30_000);
    expect(worker.worker).not.toBe(first);
    expect(replacements).toEqual([expect.objectContaining({ reason: 'stopped' })]);
  });
});
