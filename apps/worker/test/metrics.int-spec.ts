import { Registry } from 'prom-client';
import { NotificationRuntime } from '@laurel/notifications';
import { uniqueName } from '@laurel/testing';
import { eventually, inboxOf, startWorkerHarness, type WorkerHarness } from './harness';
import { Seed } from './seed';

describe('notification metrics', () => {
  jest.setTimeout(30_000);
  let h: WorkerHarness;
  let runtime: NotificationRuntime;
  const registry = new Registry();
  beforeAll(async () => {
    h = await startWorkerHarness({}, false);
    runtime = new NotificationRuntime({ pool: h.pool, store: h.store, runner: h.runner, settings: h.settings, registry, name: 'test' });
    await runtime.start();
  });
  afterAll(async () => {
    await runtime.stop();
    await h.close();
  });

  it('exposes queue depth, deliveries and dead letters in the Prometheus registry', async () => {
    const seed = new Seed(h.store);
    const unit = uniqueName('unit');
    const officer = await seed.user(['unit_officer'], unit);
    const initiative = await seed.initiative(unit);
    await seed.append(`initiative-${initiative}`, [seed.event('DossierAccepted', { initiativeId: initiative, screenedAt: new Date().toISOString() })]);
    await eventually(() => inboxOf(h.pool, officer), (rows) => rows.length === 1);
    // The job writes the inbox row, then BullMQ marks it completed: the gauge follows a moment later.
    const completed = /laurel_queue_jobs\{queue="notifications-in-app",state="completed"\} [1-9]/;
    const text = await eventually(() => registry.metrics(), (t) => completed.test(t));
    expect(text).toMatch(completed);
    expect(text).toMatch(/laurel_queue_jobs\{queue="notifications-email",state="waiting"\} 0/);
    expect(text).toMatch(/laurel_queue_jobs\{queue="notifications-webhook",state="waiting"\} 0/);
    expect(text).toMatch(/laurel_queue_jobs\{queue="timers",state="delayed"\} \d+/);
    expect(text).toMatch(/laurel_notification_deliveries_total\{channel="in_app"\} [1-9]/);
    expect(text).toMatch(/laurel_notification_dead_letters \d+/);
  });
});
