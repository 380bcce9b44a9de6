import { randomUUID } from 'node:crypto';
import { initiativeDecider } from '@laurel/domain';
import { streams } from '@laurel/application';
import { uniqueName } from '@laurel/testing';
import type { NotificationRuntime } from '@laurel/notifications';
import { eventually, inboxOf, startWorkerHarness, type WorkerHarness } from './harness';
import { publishRecognitionWorkflow, Seed, stage } from './seed';

const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

describe('deadline timers', () => {
  jest.setTimeout(120_000);
  let h: WorkerHarness;
  let seed: Seed;
  /** Errors the runtimes report (a failed re-derivation, a lost connection): shown when a wait fails. */
  const errors: unknown[] = [];
  beforeAll(async () => {
    h = await startWorkerHarness({}, true, (error) => errors.push(error));
    seed = new Seed(h.store);
    await publishRecognitionWorkflow(h.runner);
  });
  afterAll(() => h.close());

  /** An initiative in public consultation whose window ends in `seconds`. */
  async function inConsultation(seconds: number): Promise<string> {
    const initiative = await seed.initiative(uniqueName('unit'));
    const closesAt = inSeconds(seconds);
    await seed.append(`initiative-${initiative}`, [
      seed.event('ConsultationOpened', { initiativeId: initiative, consultationId: randomUUID(), opensAt: new Date().toISOString(), closesAt }),
      stage(initiative, 'recommended', 'consultation', 'openConsultation', [{ kind: 'consultationClose', dueAt: closesAt, stage: 'consultation' }]),
    ]);
    return initiative;
  }

  /** Where a runtime's timer jobs stand (states, attempts, failures) and the errors it reported. */
  const timerJobsOf = (runtime: NotificationRuntime) => async () => {
    const jobs = await runtime.queues.timers.getJobs(['delayed', 'waiting', 'active', 'completed', 'failed']);
    const described = await Promise.all(jobs.map(async (j) => ({ id: j.id, data: j.data, state: await j.getState(), attemptsMade: j.attemptsMade, failedReason: j.failedReason })));
    return { jobs: described, errors: errors.map(String) };
  };

  const stageOf = async (initiative: string) => {
    const { state } = await h.runner.load(streams.initiative(initiative), initiativeDecider);
    return state.kind === 'initiative' ? state.stage : 'none';
  };

  it('a consultation closes by itself when its window ends, through the command path as the worker', async () => {
    const initiative = await inConsultation(1);
    expect(await stageOf(initiative)).toBe('consultation');
    await eventually(() => stageOf(initiative), (s) => s === 'decision', 30_000, timerJobsOf(h.runtime));
    const events = await h.store.readStream(streams.initiative(initiative));
    const closed = events.find((e) => e.type === 'ConsultationClosed');
    expect(closed?.metadata.actor).toEqual(expect.objectContaining({ id: 'worker', role: 'worker' }));
    // The decision stage's own timer is scheduled in turn.
    const unfired = async () => (await h.pool.query('SELECT kind FROM notification_pending_timers WHERE initiative_id = $1 AND fired_at IS NULL', [initiative])).rows;
    expect(await eventually(unfired, (rows) => rows.length === 1)).toEqual([{ kind: 'decisionDeadline' }]);
  });

  it('a review reminder goes only to the members who have not voted yet', async () => {
    const unit = uniqueName('unit');
    const [voted, owing, recused] = [await seed.user(['council_member'], 'x'), await seed.user(['council_member'], 'x'), await seed.user(['council_member'], unit)];
    const initiative = await seed.initiative(unit);
    const reviewId = randomUUID();
    const causation = randomUUID();
    const deadline = inSeconds(3600);
    await seed.append(`initiative-${initiative}`, [
      seed.event('ReviewOpened', { initiativeId: initiative, reviewId, cycle: 1, councilId: 'c', level: 'province', panel: [voted, owing, recused], deadline, secretBallot: false, openedAt: new Date().toISOString() }, causation),
      seed.event('MemberRecused', { initiativeId: initiative, reviewId, memberId: recused, reason: 'automatic:nominating_unit' }, causation),
      stage(initiative, 'screening', 'in_review', 'openReview', [
        { kind: 'reviewReminder', dueAt: inSeconds(1.5), stage: 'in_review' },
        { kind: 'reviewDeadline', dueAt: deadline, stage: 'in_review' },
      ]),
      seed.event('BallotCast', { initiativeId: initiative, reviewId, memberId: voted, choice: 'approve', castAt: new Date().toISOString() }),
    ]);
    await eventually(() => inboxOf(h.pool, owing), (rows) => rows.some((r) => r.kind === 'review_reminder'), 30_000, timerJobsOf(h.runtime));
    await new Promise((r) => setTimeout(r, 300));
    expect((await inboxOf(h.pool, owing)).map((r) => r.kind)).toEqual(['review_opened', 'review_reminder']);
    expect((await inboxOf(h.pool, voted)).map((r) => r.kind)).toEqual(['review_opened']);
    expect(await inboxOf(h.pool, recused)).toEqual([]);
  });

  it('timers pending when Redis loses its data are re-created from the log on start, and fire', async () => {
    await h.runtime.stop();
    const initiative = await inConsultation(2);
    // Only a dispatcher runs: it records the timer and enqueues its delayed job; then Redis loses everything.
    const dispatcher = await h.restart({}, { delivery: false, timers: false });
    await dispatcher.dispatcher.caughtUp();
    await eventually(() => dispatcher.queues.timers.getJobCountByTypes('delayed', 'waiting'), (n) => n > 0);
    await h.flushRedis();
    expect(await dispatcher.queues.timers.getJobCountByTypes('delayed', 'waiting')).toBe(0);
    await dispatcher.stop();

    const worker = await h.restart();
    expect(await worker.queues.timers.getJobCountByTypes('delayed', 'waiting', 'active', 'completed')).toBeGreaterThan(0);
    await eventually(() => stageOf(initiative), (s) => s === 'decision', 30_000, timerJobsOf(worker));
  });

  it('a timer firing twice issues its command once', async () => {
    const worker = await h.restart();
    const initiative = await inConsultation(0.5);
    await eventually(() => stageOf(initiative), (s) => s === 'decision', 30_000, timerJobsOf(worker));
    await h.pool.query('UPDATE notification_pending_timers SET fired_at = NULL WHERE initiative_id = $1', [initiative]);
    await h.flushRedis();
    await worker.timers.rederive();
    await eventually(async () => (await h.pool.query('SELECT count(*)::int AS n FROM notification_pending_timers WHERE initiative_id = $1 AND fired_at IS NULL', [initiative])).rows[0].n, (n) => n <= 1);
    const closes = (await h.store.readStream(streams.initiative(initiative))).filter((e) => e.type === 'ConsultationClosed');
    expect(closes).toHaveLength(1);
  });
});
