import { DEFAULT_PREFERENCES, PreferenceStore } from '@laurel/notifications';
import { uniqueName } from '@laurel/testing';
import { eventually, startWorkerHarness, type WorkerHarness } from './harness';
import { startReceiver } from './receivers';
import { Seed } from './seed';

/*
 * Redis losing its data before the delivery queues ever drained, so before any settled position
 * was recorded (a webhook failing from the dispatcher's first batch on): the replay must still
 * start where the dispatcher first marked Redis, not at the lost checkpoint (which replayed
 * nothing, and the pending webhook was never delivered).
 */
describe('Redis emptied before the delivery queues ever drained', () => {
  let h: WorkerHarness;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver(() => 503);
    h = await startWorkerHarness({ attempts: 30, backoffMs: 100 }, false);
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    await receiver?.close();
  }, 60_000);

  it('replays from where Redis was first marked: the pending webhook is delivered once', async () => {
    const seed = new Seed(h.store);
    const unit = uniqueName('unit');
    const officer = await seed.user(['unit_officer'], unit);
    await new PreferenceStore(h.pool).put(officer, { ...DEFAULT_PREFERENCES, channels: { in_app: true, email: false, webhook: true }, webhookUrl: receiver.url, webhookSecret: null });
    const initiative = await seed.initiative(unit);
    await seed.append(`initiative-${initiative}`, [seed.event('DossierReturned', { initiativeId: initiative, reason: 'r', screenedAt: new Date().toISOString() })]);
    // Appended before the worker starts: its first batch already holds a webhook that keeps failing.
    await h.runtime.start();
    const mine = () => receiver.hooks.filter((x) => x.body.includes(`"recipient":"${officer}"`));
    await eventually(async () => mine().length, (n) => n > 0, 30_000);

    await h.flushRedis();
    receiver.respond = () => 200;

    await eventually(async () => mine().filter((x) => x.status === 200).length, (n) => n >= 1, 45_000);
    await h.runtime.dispatcher.caughtUp(30_000);
    await eventually(
      async () => Promise.all(Object.values(h.runtime.queues.delivery).map((q) => q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children'))),
      (counts) => counts.every((c) => Object.values(c).every((n) => n === 0)),
      30_000,
    );
    const delivered = mine().filter((x) => x.status === 200);
    expect(new Set(delivered.map((x) => String(x.headers['idempotency-key']))).size).toBe(1);
    expect(delivered).toHaveLength(1);
    const { rows } = await h.pool.query('SELECT 1 FROM notification_inbox WHERE user_id = $1', [officer]);
    expect(rows).toHaveLength(1);
  }, 120_000);
});
