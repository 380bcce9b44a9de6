import { randomUUID } from 'node:crypto';
import type { NotificationRuntime } from '@laurel/notifications';
import { uniqueName } from '@laurel/testing';
import { eventually, inboxOf, startWorkerHarness, type WorkerHarness } from './harness';
import { Seed } from './seed';

describe('notification dispatcher', () => {
  jest.setTimeout(30_000);
  let h: WorkerHarness;
  let seed: Seed;
  beforeAll(async () => {
    h = await startWorkerHarness();
    seed = new Seed(h.store);
  });
  afterAll(() => h.close());

  const kinds = async (userId: string) => (await inboxOf(h.pool, userId)).map((r) => r.kind);

  it('a review opening notifies every council member who is not recused, once each', async () => {
    const unit = uniqueName('unit');
    const [chair, member, author] = [await seed.user(['council_member'], 'other'), await seed.user(['council_member'], 'other'), await seed.user(['council_member'], unit)];
    const council = await seed.council('other', [
      { userId: chair, role: 'chair' },
      { userId: member, role: 'member' },
      { userId: author, role: 'member' },
    ]);
    const initiative = await seed.initiative(unit, [author]);
    const causation = randomUUID();
    const reviewId = randomUUID();
    await seed.append(`initiative-${initiative}`, [
      seed.event('ReviewOpened', { initiativeId: initiative, reviewId, cycle: 1, councilId: council, level: 'province', panel: [chair, member, author], deadline: new Date(Date.now() + 864e5).toISOString(), secretBallot: false, openedAt: new Date().toISOString() }, causation),
      seed.event('MemberRecused', { initiativeId: initiative, reviewId, memberId: author, reason: 'automatic:author' }, causation),
    ]);
    await eventually(() => kinds(member), (k) => k.length === 1);
    expect(await kinds(chair)).toEqual(['review_opened']);
    expect(await kinds(member)).toEqual(['review_opened']);
    expect(await kinds(author)).toEqual([]);
  });

  it("a returned dossier notifies the nominating unit's officers and no one else", async () => {
    const unit = uniqueName('unit');
    const officers = [await seed.user(['unit_officer'], unit), await seed.user(['unit_officer', 'secretary'], unit)];
    const clerk = await seed.user(['auditor'], unit);
    const elsewhere = await seed.user(['unit_officer'], uniqueName('unit'));
    const initiative = await seed.initiative(unit);
    await seed.append(`initiative-${initiative}`, [seed.event('DossierReturned', { initiativeId: initiative, reason: 'missing report', screenedAt: new Date().toISOString() })]);
    for (const officer of officers) await eventually(() => kinds(officer), (k) => k.length === 1);
    expect(await kinds(officers[0])).toEqual(['dossier_returned']);
    expect(await kinds(clerk)).toEqual([]);
    expect(await kinds(elsewhere)).toEqual([]);
  });

  it("a decision notifies the unit's officers and the authors who are users", async () => {
    const unit = uniqueName('unit');
    const officer = await seed.user(['unit_officer'], unit);
    const author = await seed.user(['unit_officer'], uniqueName('unit'));
    const initiative = await seed.initiative(unit, [author]);
    await seed.append(`initiative-${initiative}`, [
      seed.event('AwardDeclined', { initiativeId: initiative, reason: 'not enough influence', decidedOn: '2026-01-05', declinedAt: new Date().toISOString() }),
    ]);
    await eventually(() => kinds(author), (k) => k.length === 1);
    await eventually(() => kinds(officer), (k) => k.length === 1);
    const [row] = (await h.pool.query('SELECT payload FROM notification_inbox WHERE user_id = $1', [author])).rows;
    expect(row.payload.params).toEqual({ reason: 'not enough influence' });
  });

  it('replaying the whole feed from the start enqueues and delivers nothing twice', async () => {
    const unit = uniqueName('unit');
    const officer = await seed.user(['unit_officer'], unit);
    for (let i = 0; i < 5; i++) {
      const initiative = await seed.initiative(unit);
      await seed.append(`initiative-${initiative}`, [seed.event('DossierAccepted', { initiativeId: initiative, screenedAt: new Date().toISOString() })]);
    }
    await eventually(() => kinds(officer), (k) => k.length === 5);
    await h.runtime.dispatcher.caughtUp();
    const before = (await h.pool.query('SELECT count(*)::int AS n FROM notification_inbox')).rows[0].n;
    const jobsBefore = await deliveryJobs(h.runtime);
    await h.runtime.stop();
    await h.pool.query(`UPDATE notification_checkpoints SET position = $1`, [h.startPosition]);
    const replay = await h.restart();
    await replay.dispatcher.caughtUp();
    await new Promise((r) => setTimeout(r, 300));

    expect((await h.pool.query('SELECT count(*)::int AS n FROM notification_inbox')).rows[0].n).toBe(before);
    expect(await deliveryJobs(replay)).toBe(jobsBefore);
    expect(await kinds(officer)).toHaveLength(5);
  });
});

/** Delivery jobs BullMQ holds in any state, over every channel's queue. */
async function deliveryJobs(runtime: NotificationRuntime): Promise<number> {
  const counts = await Promise.all(Object.values(runtime.queues.delivery).map((q) => q.getJobCountByTypes('completed', 'failed', 'waiting', 'active', 'delayed')));
  return counts.reduce((a, b) => a + b, 0);
}
