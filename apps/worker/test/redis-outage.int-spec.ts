import { testRedisUrl, uniqueName } from '@laurel/testing';
import { ApiHarness } from '../../../test/api-harness';
import { eventually, inboxOf, startWorkerHarness, type WorkerHarness } from './harness';
import { startRedisProxy } from './redis-proxy';
import { Seed } from './seed';

const OUTAGE_MS = 30_000;

describe('a Redis outage', () => {
  let proxy: Awaited<ReturnType<typeof startRedisProxy>>;
  let h: WorkerHarness;
  let api: ApiHarness;
  const savedRedisUrl = process.env.REDIS_URL;

  beforeAll(async () => {
    proxy = await startRedisProxy(testRedisUrl());
    h = await startWorkerHarness({ redis: { url: proxy.url }, attempts: 20, backoffMs: 200 });
    process.env.REDIS_URL = proxy.url;
    api = await ApiHarness.start();
  });
  afterAll(async () => {
    await api.close();
    process.env.REDIS_URL = savedRedisUrl;
    await h.close();
    await proxy.stop().catch(() => undefined);
  });

  it('does not stop the API accepting commands, and every notification is delivered once when Redis returns', async () => {
    const seed = new Seed(h.store);
    const unit = uniqueName('unit');
    const officer = await seed.user(['unit_officer'], unit);
    const returnDossier = async () => {
      const initiative = await seed.initiative(unit);
      await seed.append(`initiative-${initiative}`, [seed.event('DossierReturned', { initiativeId: initiative, reason: 'r', screenedAt: new Date().toISOString() })]);
    };
    await returnDossier();
    await eventually(() => inboxOf(h.pool, officer), (rows) => rows.length === 1);

    await proxy.stop();
    const started = Date.now();
    let sent = 1;
    let accepted = 0;
    while (Date.now() - started < OUTAGE_MS) {
      await returnDossier();
      sent += 1;
      const created = await api.as('admin').post('/units').send({ name: `Unit ${sent}`, level: 'grassroots' });
      if (created.status === 201) accepted += 1;
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(accepted).toBe(sent - 1);
    expect((await inboxOf(h.pool, officer)).length).toBe(1);

    await proxy.resume();
    const rows = await eventually(() => inboxOf(h.pool, officer), (r) => r.length >= sent, 30_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(await inboxOf(h.pool, officer)).toHaveLength(sent);
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(sent);
  }, 120_000);
});
