import type { Redis } from 'ioredis';
import { connectRedis } from '@laurel/infra';
import { eventually } from './harness';
import { startSentinelSet, type SentinelSet } from './redis-sentinel';

/*
 * The clients Laurel makes for Redis with Sentinel (connectRedis) across failovers, one client at a
 * time: what the failover test (redis-sentinel-failover) relies on, in the narrow cases where
 * ioredis alone would leave a client behind.
 */
describe('Redis with Sentinel: one client across a failover', () => {
  let set: SentinelSet;
  let redis: Redis | undefined;

  beforeAll(async () => {
    set = await startSentinelSet();
  }, 60_000);

  afterAll(async () => {
    redis?.disconnect();
    await set?.stop();
  }, 30_000);

  const port = async (client: Redis) => /tcp_port:(\d+)/.exec(await client.info('server'))?.[1];

  it('a client that the failover announcement closes while it asks a sentinel for the primary connects again, to the promoted replica', async () => {
    const client = connectRedis(set.target, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    redis = client;
    client.on('error', () => undefined);
    let ended = 0;
    client.on('end', () => (ended += 1));
    await eventually(async () => client.status, (s) => s === 'ready', 10_000);
    expect(await port(client)).toBe(String(set.primary.port));

    // The client reconnects, and asks sentinel 0 first (the one it found the primary through):
    // frozen, it holds the question while the other sentinels fail over and announce it.
    const id = String(await client.call('CLIENT', 'ID'));
    set.freezeSentinel(0);
    try {
      // Cut by the server, as when the primary dies (the failover detector stays subscribed).
      await set.onPrimary.call('CLIENT', 'KILL', 'ID', id);
      await eventually(async () => client.status, (s) => s === 'connecting', 10_000);
      await set.forceFailover(2);
      const others = set.target.sentinel!.sentinels.slice(1).map((s) => sentinelClient(s.port));
      await eventually(
        async () => Promise.all(others.map(async (c) => (await c.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', set.name)) as string[])),
        (named) => named.every((address) => address[1] === String(set.replica.port)),
        15_000,
      );
      // The announcement reached the client's failover detector (subscribed to every sentinel),
      // which closed the connector under the question still waiting on sentinel 0.
      const connector = (client as unknown as { connector: { connecting: boolean } }).connector;
      await eventually(async () => connector.connecting, (connecting) => !connecting, 10_000);
    } finally {
      set.thawSentinel(0);
    }
    // ioredis ends the client here for good (its connector's connect fails: "Connection is closed."):
    // this is the race the workaround exists for. If this fails, ioredis no longer has it.
    await eventually(async () => ended, (n) => n > 0, 10_000);
    await eventually(async () => client.status, (s) => s === 'ready', 15_000);
    expect(await port(client)).toBe(String(set.replica.port));
    expect(((await client.call('ROLE')) as unknown[])[0]).toBe('master');
    await client.set('after-the-failover', '1');
  }, 60_000);

  it('a client closed on purpose stays closed (quit, disconnect), and its duplicates are such clients too', async () => {
    const quitting = connectRedis(set.target, { maxRetriesPerRequest: 1 });
    const disconnecting = quitting.duplicate();
    for (const c of [quitting, disconnecting]) c.on('error', () => undefined);
    await eventually(async () => [quitting.status, disconnecting.status], (s) => s.every((x) => x === 'ready'), 10_000);
    expect(disconnecting).toBeInstanceOf(quitting.constructor);
    await quitting.quit();
    disconnecting.disconnect();
    // Past the revival delay (1 s) twice over: neither connected again.
    await new Promise((r) => setTimeout(r, 2500));
    expect([quitting.status, disconnecting.status]).toEqual(['end', 'end']);
  }, 30_000);

  const sentinels: Redis[] = [];
  afterAll(() => sentinels.forEach((s) => s.disconnect()));
  function sentinelClient(port: number): Redis {
    const c = connectRedis({ url: `redis://127.0.0.1:${port}` }, { maxRetriesPerRequest: 1, lazyConnect: true });
    c.on('error', () => undefined);
    sentinels.push(c);
    return c;
  }
});
