import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { streams } from '@laurel/application';
import { findFreePort, silentLogger, startPrivateRedis, type PrivateRedis } from '@laurel/infra';
import { DEFAULT_PREFERENCES, PreferenceStore } from '@laurel/notifications';
import { uniqueName } from '@laurel/testing';
import { ApiHarness } from '../../../test/api-harness';
import { eventually, startWorkerHarness, type WorkerHarness } from './harness';
import { startReceiver } from './receivers';
import { publishRecognitionWorkflow, Seed, stage } from './seed';

/*
 * issue 13, "Survive the servers": the redis-server itself restarted (a private one, so the shared
 * test Redis is untouched): with its data kept (append-only file), with its data lost (started on an
 * empty data directory), and on an older copy of its data. At the stop, a webhook delivery is waiting for its retry and
 * a consultation's closing timer is a delayed job: both live only in Redis. During the outage the
 * API keeps accepting commands and events keep coming; afterwards every notification is delivered
 * once (in the inbox and to the webhook) and the timer fires once.
 */

const OUTAGE_MS = 4000;

describe('the redis-server restarted', () => {
  let dir: string;
  let port: number;
  let redis: PrivateRedis;
  let h: WorkerHarness;
  let api: ApiHarness;
  let seed: Seed;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const savedRedisUrl = process.env.REDIS_URL;

  const startRedis = (dataDir: string) => startPrivateRedis({ dataDir, port, log: silentLogger, persistent: true, detached: true });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-redis-restart-'));
    port = await findFreePort();
    redis = await startRedis(path.join(dir, 'kept'));
    receiver = await startReceiver(() => 503);
    h = await startWorkerHarness({ redis: { url: redis.url }, attempts: 30, backoffMs: 100 });
    seed = new Seed(h.store);
    await publishRecognitionWorkflow(h.runner);
    process.env.REDIS_URL = redis.url;
    api = await ApiHarness.start({ projections: [] });
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    process.env.REDIS_URL = savedRedisUrl;
    await h?.close();
    await redis?.stop();
    await receiver?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  /** A unit whose officer takes notifications in the inbox and by webhook (to the receiver). */
  async function officerOfNewUnit(): Promise<{ unit: string; officer: string }> {
    const unit = uniqueName('unit');
    const officer = await seed.user(['unit_officer'], unit);
    await new PreferenceStore(h.pool).put(officer, { ...DEFAULT_PREFERENCES, channels: { in_app: true, email: false, webhook: true }, webhookUrl: receiver.url, webhookSecret: null });
    return { unit, officer };
  }

  const returnDossier = async (unit: string) => {
    const initiative = await seed.initiative(unit);
    await seed.append(`initiative-${initiative}`, [seed.event('DossierReturned', { initiativeId: initiative, reason: 'r', screenedAt: new Date().toISOString() })]);
  };

  /** An initiative of `unit` in public consultation, closing by its timer at `closesAt`. */
  async function inConsultation(unit: string, closesAt: string): Promise<string> {
    const initiative = await seed.initiative(unit);
    await seed.append(`initiative-${initiative}`, [
      seed.event('ConsultationOpened', { initiativeId: initiative, consultationId: randomUUID(), opensAt: new Date().toISOString(), closesAt }),
      stage(initiative, 'recommended', 'consultation', 'openConsultation', [{ kind: 'consultationClose', dueAt: closesAt, stage: 'consultation' }]),
    ]);
    return initiative;
  }

  const inbox = async (officer: string) =>
    (await h.pool.query<{ kind: string; event_id: string }>('SELECT kind, event_id FROM notification_inbox WHERE user_id = $1', [officer])).rows;
  /** Webhook idempotency keys of `officer`'s notifications, each with how many times the receiver answered 200. */
  const webhooksDelivered = (officer: string) => {
    const delivered = new Map<string, number>();
    for (const hook of receiver.hooks) {
      if (hook.status !== 200 || !hook.body.includes(`"recipient":"${officer}"`)) continue;
      const key = String(hook.headers['idempotency-key']);
      delivered.set(key, (delivered.get(key) ?? 0) + 1);
    }
    return delivered;
  };
  const consultationCloses = async (initiative: string) => (await h.store.readStream(streams.initiative(initiative))).filter((e) => e.type === 'ConsultationClosed').length;
  /** Delivery jobs not yet run, and timers due and not yet run (later ones, e.g. the decision deadline, wait for days). */
  const unfinishedJobs = async () => {
    const counts = await Promise.all([
      ...Object.values(h.runtime.queues.delivery).map((q) => q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children')),
      h.runtime.queues.timers.getJobCounts('waiting', 'active', 'prioritized'),
    ]).catch(() => [{ unknown: 1 }]);
    return counts.reduce((sum, c) => sum + Object.values(c).reduce((a, n) => a + n, 0), 0);
  };

  it.each([
    ['with its data kept (append-only file)', 'kept'],
    ['with its data lost (an empty data directory)', 'lost'],
    ['on an older copy of its data (a replica behind, or the last second of an append-only file lost in a crash)', 'older'],
  ])('%s: the API accepts commands throughout; afterwards each notification is delivered once and the timer fires once', async (_title, how) => {
    receiver.respond = () => 503;
    let older: string | undefined;
    if (how === 'older') {
      // A copy of Redis as it is now, before this test's jobs: what a replica behind would hold.
      await redis.stop();
      older = path.join(dir, `older-${randomUUID().slice(0, 8)}`);
      fs.cpSync(redis.dataDir, older, { recursive: true });
      redis = await startRedis(redis.dataDir);
    }
    const { unit, officer } = await officerOfNewUnit();
    await returnDossier(unit);
    // Delivered to the inbox; the webhook failed and waits in Redis for its retry.
    await eventually(() => inbox(officer), (rows) => rows.length === 1, 30_000);
    await eventually(async () => receiver.hooks.filter((x) => x.body.includes(`"recipient":"${officer}"`)).length, (n) => n > 0, 30_000);
    // A timer due after the outage, enqueued as a delayed job.
    const initiative = await inConsultation(unit, new Date(Date.now() + OUTAGE_MS + 3000).toISOString());
    await eventually(
      async () => (await h.pool.query('SELECT 1 FROM notification_pending_timers WHERE initiative_id = $1 AND fired_at IS NULL', [initiative])).rowCount,
      (n) => n === 1,
      30_000,
    );
    await eventually(() => h.runtime.queues.timers.getJobCountByTypes('delayed'), (n) => n > 0, 30_000);

    await redis.stop();
    const started = Date.now();
    let sent = 1;
    let commands = 0;
    let accepted = 0;
    while (Date.now() - started < OUTAGE_MS) {
      await returnDossier(unit);
      sent += 1;
      commands += 1;
      const created = await api.as('admin').post('/units').send({ name: `Unit ${commands}`, level: 'grassroots' });
      if (created.status === 201) accepted += 1;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(accepted).toBe(commands);
    redis = await startRedis(how === 'kept' ? redis.dataDir : (older ?? path.join(dir, `empty-${randomUUID().slice(0, 8)}`)));
    receiver.respond = () => 200;

    // dossier_returned ×sent, consultation_opened and, once the timer fired, consultation_closed.
    const expected = sent + 2;
    await eventually(() => consultationCloses(initiative), (n) => n === 1, 60_000);
    await eventually(() => inbox(officer), (rows) => rows.length >= expected, 60_000);
    // Which notifications have not reached the webhook yet (by kind and event), should this time out.
    const withoutWebhook = async () => {
      const delivered = new Set(receiver.hooks.filter((x) => x.status === 200).map((x) => (JSON.parse(x.body) as { id: string }).id));
      const { rows } = await h.pool.query<{ kind: string; event_id: string; job_id: string }>('SELECT kind, event_id, job_id FROM notification_inbox WHERE user_id = $1', [officer]);
      const hooks = receiver.hooks.filter((x) => x.body.includes(`"recipient":"${officer}"`)).map((x) => `${x.status} ${(JSON.parse(x.body) as { kind: string }).kind}`);
      const webhookJobs = await h.runtime.queues.delivery.webhook.getJobCounts().catch((error: Error) => error.message);
      return { delivered: delivered.size, expected, inbox: rows.map((r) => r.kind), hooks, webhookJobs };
    };
    await eventually(withoutWebhook, () => webhooksDelivered(officer).size >= expected, 60_000);
    // Settled: nothing left to run anywhere, so the counts below are final.
    await eventually(unfinishedJobs, (n) => n === 0, 60_000);
    await h.runtime.dispatcher.caughtUp(30_000);

    const rows = await inbox(officer);
    expect(rows).toHaveLength(expected);
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(expected);
    expect(rows.filter((r) => r.kind === 'dossier_returned')).toHaveLength(sent);
    expect(rows.filter((r) => r.kind === 'consultation_closed')).toHaveLength(1);
    const delivered = webhooksDelivered(officer);
    expect(delivered.size).toBe(expected);
    expect([...delivered.values()].every((n) => n === 1)).toBe(true);
    expect(await consultationCloses(initiative)).toBe(1);
    // Nothing of the consultation pending any more (its row is marked fired, or already replaced by
    // the next stage's timers); the decision stage's deadline is scheduled in turn.
    const { rows: pending } = await h.pool.query('SELECT kind FROM notification_pending_timers WHERE initiative_id = $1 AND fired_at IS NULL', [initiative]);
    expect(pending).toEqual([{ kind: 'decisionDeadline' }]);
  }, 120_000);
});
