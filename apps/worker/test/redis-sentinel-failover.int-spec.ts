import { randomUUID } from 'node:crypto';
import { streams } from '@laurel/application';
import { DEFAULT_PREFERENCES, PreferenceStore, type WorkerReplacement } from '@laurel/notifications';
import { uniqueName } from '@laurel/testing';
import { eventually, startWorkerHarness, type WorkerHarness } from './harness';
import { startReceiver } from './receivers';
import { startSentinelSet, type SentinelSet } from './redis-sentinel';
import { publishRecognitionWorkflow, Seed, stage } from './seed';

/*
 * issue 15, "Redis with Sentinel": the workers reach Redis only through three sentinels
 * (REDIS_SENTINELS). Under notification load the primary is SIGKILLed after its replica was cut
 * off from it, so the replica the sentinels promote lacks the primary's last writes: webhook
 * deliveries waiting for their retry, a consultation's closing timer and the dispatcher's marker.
 * The workers follow the promoted replica; the dispatcher finds its marker behind, re-adds the
 * unfired timers from PostgreSQL and replays the feed from its settled position; the channels
 * refuse what they already delivered.
 */

/** A consultation's closing timer is due this long after it opens: after the primary's death. */
const TIMER_MS = 4000;

describe('Redis with Sentinel: the primary killed under notification load', () => {
  let set: SentinelSet;
  let h: WorkerHarness;
  let seed: Seed;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const losses: { from: string; lostAt: string }[] = [];
  const replacements: WorkerReplacement[] = [];
  /** The runtime's last errors (message and when), for the failure message. */
  const errors: string[] = [];
  const started = Date.now();
  const onError = (error: unknown) => {
    errors.push(`${Date.now() - started} ms: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    if (errors.length > 30) errors.shift();
  };

  beforeAll(async () => {
    set = await startSentinelSet();
    receiver = await startReceiver(() => 200);
    // Short job locks: a job the replica holds as active (its lock copied from the primary) comes back within seconds.
    // A worker whose connection is left stuck in the failover (BullMQ and ioredis; connections that
    // ioredis ended are revived by connectRedis, see redis-sentinel-client) is replaced after 5 s
    // without progress instead of the default minute.
    h = await startWorkerHarness({ redis: set.target, attempts: 40, backoffMs: 50, lockDurationMs: 2000, workerStallMs: 5000 }, true, onError, {
      onRedisDataLost: (from, lostAt) => losses.push({ from, lostAt }),
      onWorkerReplaced: (replacement) => replacements.push(replacement),
    });
    seed = new Seed(h.store);
    await publishRecognitionWorkflow(h.runner);
  }, 60_000);

  afterAll(async () => {
    try {
      // Bounded: with no Redis left (a failed failover) the workers would wait for one forever.
      await Promise.race([h?.close(), new Promise((r) => setTimeout(r, 20_000))]);
    } finally {
      await set?.stop();
      await receiver?.close();
    }
  }, 60_000);

  const key = (name: string) => `${h.prefix}:${name}`;
  const marker = () => key('dispatched:test');

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

  /** An initiative of `unit` in public consultation, closed by its timer TIMER_MS from now. */
  async function inConsultation(unit: string): Promise<string> {
    const closesAt = new Date(Date.now() + TIMER_MS).toISOString();
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
      const id = String(hook.headers['idempotency-key']);
      delivered.set(id, (delivered.get(id) ?? 0) + 1);
    }
    return delivered;
  };
  const consultationCloses = async (initiative: string) => (await h.store.readStream(streams.initiative(initiative))).filter((e) => e.type === 'ConsultationClosed').length;
  const unfiredTimer = async (initiative: string) =>
    (await h.pool.query('SELECT 1 FROM notification_pending_timers WHERE initiative_id = $1 AND fired_at IS NULL', [initiative])).rowCount;
  /** Delivery jobs not yet run, and timers due and not yet run (the decision deadlines wait for days). */
  const unfinishedJobs = async () => {
    const counts = await Promise.all([
      ...Object.values(h.runtime.queues.delivery).map((q) => q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children')),
      h.runtime.queues.timers.getJobCounts('waiting', 'active', 'prioritized'),
    ]).catch(() => [{ unknown: 1 }]);
    return counts.reduce((sum, c) => sum + Object.values(c).reduce((a, n) => a + n, 0), 0);
  };
  const jobsByState = async () =>
    Object.fromEntries(
      await Promise.all(
        [...Object.values(h.runtime.queues.delivery), h.runtime.queues.timers].map(async (q) => [q.name, await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed')] as const),
      ),
    );
  /** What the primary holds that the replica does not (read on each server directly). */
  const replicaMissing = async () => {
    const on = async (redis: SentinelSet['onPrimary']) => ({
      marker: (await redis.get(marker())) ?? '',
      timers: await redis.zcard(key('timers:delayed')),
      webhooks: await redis.zcard(key('notifications-webhook:delayed')),
    });
    return { primary: await on(set.onPrimary), replica: await on(set.onReplica) };
  };

  /** Where the dispatcher stands after the failover, beside what the sentinels and servers say. */
  const failoverState = async () =>
    JSON.stringify({
      atMs: Date.now() - started,
      dispatcher: { leased: h.runtime.dispatcher.leased, checkpoint: h.runtime.dispatcher.checkpoint },
      producerConnection: h.runtime.queues.redis.status,
      markerOnReplica: await set.onReplica.get(marker()).catch((error: Error) => `unreadable (${error.message})`),
      losses,
      replacements,
      errors,
    }) + `\n${await set.diagnosis()}`;

  it('after the sentinels promote a replica that missed the last writes, every notification is delivered exactly once and every timer fires once', async () => {
    const { unit, officer } = await officerOfNewUnit();
    let sent = 0;
    let loading = true;
    let loadError: unknown;
    // The load: a returned dossier (an inbox notification and a webhook) every 100 ms, throughout.
    const load = (async () => {
      while (loading) {
        await returnDossier(unit).then(
          () => (sent += 1),
          (error: unknown) => (loadError ??= error),
        );
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    let kept = '';
    let lost = '';
    let missing: Awaited<ReturnType<typeof replicaMissing>>;
    try {
      // On the first primary: notifications are delivered, and a timer waits there as a delayed job.
      await eventually(async () => webhooksDelivered(officer).size, (n) => n >= 3, 30_000);
      kept = await inConsultation(unit);
      await eventually(() => unfiredTimer(kept), (n) => n === 1, 30_000);
      await eventually(() => h.runtime.queues.timers.getJobCountByTypes('delayed'), (n) => n > 0, 30_000);
      // …and on the replica too: it acknowledged everything written so far.
      await eventually(async () => Number(await set.onPrimary.call('WAIT', '1', '1000')), (n) => n === 1, 30_000, set.diagnosis);

      // The replica cut off: what follows reaches the primary alone. Webhooks fail meanwhile, so
      // their jobs wait in the primary for a retry instead of being delivered at once.
      receiver.respond = () => 503;
      await set.cutReplicaLink();
      lost = await inConsultation(unit);
      await eventually(() => unfiredTimer(lost), (n) => n === 1, 30_000);
      await h.runtime.dispatcher.caughtUp(30_000);
      missing = await eventually(
        replicaMissing,
        (m) => m.primary.marker > m.replica.marker && m.primary.timers > m.replica.timers && m.primary.webhooks > 0,
        15_000,
        set.diagnosis,
      );

      set.killPrimary();
      await set.promoted(30_000);
      // The workers reach the promoted replica and the dispatcher finds its marker behind.
      // Up to two minutes: on a loaded machine the failover, the clients' move to the new primary and
      // the dispatcher's next cycle took most of one at load 10, and more than one in the rehearsal of
      // 2026-12-02 (beside the main and browser suites); alone it takes a few seconds.
      await eventually(async () => losses.length, (n) => n > 0, 120_000, failoverState);
      receiver.respond = () => 200;
      const before = sent;
      await eventually(async () => sent, (n) => n >= before + 5, 30_000);
    } finally {
      loading = false;
      await load;
    }
    expect(loadError).toBeUndefined();

    // dossier_returned ×sent, and per consultation consultation_opened and (once its timer fired) consultation_closed.
    const expected = sent + 4;
    const explain = async () => ({
      inbox: (await inbox(officer)).length,
      webhooks: webhooksDelivered(officer).size,
      expected,
      closes: [await consultationCloses(kept), await consultationCloses(lost)],
      unfinished: await unfinishedJobs(),
      byState: await jobsByState().catch((error: unknown) => String(error)),
      workers: h.runtime.deliveries.state(),
      replacements,
      losses,
    });
    await eventually(async () => [await consultationCloses(kept), await consultationCloses(lost)], (n) => n[0] === 1 && n[1] === 1, 45_000, explain);
    await eventually(async () => (await inbox(officer)).length, (n) => n >= expected, 45_000, explain);
    await eventually(async () => webhooksDelivered(officer).size, (n) => n >= expected, 45_000, explain);
    // Settled: nothing left to run anywhere, so the counts below are final.
    await eventually(unfinishedJobs, (n) => n === 0, 45_000, explain);
    await h.runtime.dispatcher.caughtUp(30_000);

    const rows = await inbox(officer);
    expect(rows).toHaveLength(expected);
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(expected);
    expect(rows.filter((r) => r.kind === 'dossier_returned')).toHaveLength(sent);
    expect(rows.filter((r) => r.kind === 'consultation_closed')).toHaveLength(2);
    const delivered = webhooksDelivered(officer);
    expect(delivered.size).toBe(expected);
    expect([...delivered.values()].filter((n) => n !== 1)).toEqual([]);
    expect([await consultationCloses(kept), await consultationCloses(lost)]).toEqual([1, 1]);
    // The data-lost path ran: the checkpoint Redis was found to have lost lay past what the replica held.
    expect(losses[0].lostAt > missing.replica.marker).toBe(true);
    // And the dispatcher now writes to the promoted replica.
    expect(await set.onReplica.get(marker())).toBe(h.runtime.dispatcher.checkpoint);
  }, 240_000);
});
