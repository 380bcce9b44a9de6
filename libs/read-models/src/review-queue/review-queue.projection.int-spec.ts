import type { RecordedEvent } from '@laurel/event-store';
import { initiativeRecognition } from '@laurel/domain';
import { batches, ReadModelBench } from '../../test/read-model-fixtures';
import { reviewQueueProjection } from './review-queue.projection';
import { reviewQueue } from './review-queue.reader';

describe('review queue projection', () => {
  let bench: ReadModelBench;
  beforeAll(async () => (bench = await ReadModelBench.open()));
  afterAll(() => bench.close());

  const deadline = '2030-01-10T08:00:00.000Z';
  async function givenReview(id: string, closed: boolean): Promise<RecordedEvent[]> {
    const definition = await bench.append(`workflow-rq-${id}`, [{ type: 'DefinitionPublished', data: { definitionId: `rq-${id}`, version: 1, definition: { ...initiativeRecognition, id: `rq-${id}`, version: 1 }, publishedAt: '2029-01-01T00:00:00.000Z' } }]);
    const initiative = await bench.append(`initiative-${id}`, [
      { type: 'InitiativeRegistered', data: { initiativeId: id, movementId: 'mv', unitId: 'u', title: 'Night watch rota', summary: 's', field: 'economy', authors: [], definitionId: `rq-${id}`, definitionVersion: 1, registeredAt: '2029-12-01T08:00:00.000Z' } },
      { type: 'ReviewOpened', data: { initiativeId: id, reviewId: `${id}-r1`, cycle: 1, councilId: 'c', level: 'district', panel: ['m1', 'm2', 'm3', 'm4'], deadline, secretBallot: false, openedAt: '2030-01-01T08:00:00.000Z' } },
      { type: 'MemberRecused', data: { initiativeId: id, reviewId: `${id}-r1`, memberId: 'm4', reason: 'automatic:nominating_unit' } },
      { type: 'ScoresSubmitted', data: { initiativeId: id, reviewId: `${id}-r1`, memberId: 'm1', scores: { novelty: 8 }, submittedAt: '2030-01-02T08:00:00.000Z' } },
      { type: 'BallotCast', data: { initiativeId: id, reviewId: `${id}-r1`, memberId: 'm1', choice: 'approve', castAt: '2030-01-02T09:00:00.000Z' } },
      { type: 'ScoresSubmitted', data: { initiativeId: id, reviewId: `${id}-r1`, memberId: 'm2', scores: { novelty: 6 }, submittedAt: '2030-01-03T08:00:00.000Z' } },
      ...(closed ? [{ type: 'ReviewClosed', data: { initiativeId: id, reviewId: `${id}-r1`, cycle: 1, outcome: 'recommended', closedAt: '2030-01-11T08:00:00.000Z' } }] : []),
    ]);
    return [...definition, ...initiative];
  }

  const queueOf = async (tables: { name(t: string): string }, member: string, id: string) =>
    (await reviewQueue(bench.pool, member, { limit: 50 }, new Date('2030-01-05T00:00:00.000Z'), tables.name('duties'))).items.filter((r) => r.initiativeId === id);

  it("lists a member's open reviews with what they still owe and the deadline; a recused member has none", async () => {
    const id = `rq-${Date.now()}`;
    const tables = await bench.tables(reviewQueueProjection);
    await bench.apply(reviewQueueProjection, tables, await givenReview(id, false));
    expect(await queueOf(tables, 'm1', id)).toEqual([expect.objectContaining({ reviewId: `${id}-r1`, title: 'Night watch rota', deadline, overdue: false, owes: [] })]);
    expect((await queueOf(tables, 'm2', id))[0].owes).toEqual(['ballot']);
    expect((await queueOf(tables, 'm3', id))[0].owes).toEqual(['scores', 'ballot']);
    expect(await queueOf(tables, 'm4', id)).toEqual([]);
  });

  it('drops a review from every queue once it closes', async () => {
    const id = `rq-${Date.now()}-closed`;
    const tables = await bench.tables(reviewQueueProjection);
    await bench.apply(reviewQueueProjection, tables, await givenReview(id, true));
    expect(await queueOf(tables, 'm3', id)).toEqual([]);
  });

  it('applying the same events twice, in overlapping batches, leaves the same duties', async () => {
    const id = `rq-${Date.now()}-twice`;
    const events = await givenReview(id, false);
    const once = await bench.tables(reviewQueueProjection);
    await bench.apply(reviewQueueProjection, once, events);
    const twice = await bench.tables(reviewQueueProjection);
    for (const batch of batches(events, 3)) await bench.apply(reviewQueueProjection, twice, batch);
    await bench.apply(reviewQueueProjection, twice, events);
    const duties = async (t: typeof once) => (await bench.pool.query(`SELECT * FROM ${t.name('duties')} ORDER BY member_id`)).rows;
    expect(await duties(twice)).toEqual(await duties(once));
  });

  it('a secret ballot marks that the member voted and stores nothing of the sealed choice', async () => {
    const id = `rq-${Date.now()}-secret`;
    const events = await givenReview(id, false);
    const sealed = await bench.append(`initiative-${id}`, [{ type: 'SecretBallotCast', data: { initiativeId: id, reviewId: `${id}-r1`, memberId: 'm2', sealedChoice: 'SEALED-XYZ', castAt: '2030-01-04T08:00:00.000Z' } }]);
    const tables = await bench.tables(reviewQueueProjection);
    await bench.apply(reviewQueueProjection, tables, [...events, sealed[sealed.length - 1]]);
    expect((await queueOf(tables, 'm2', id))[0].owes).toEqual([]);
    const dump = JSON.stringify((await bench.pool.query(`SELECT * FROM ${tables.name('duties')}`)).rows);
    expect(dump).not.toContain('SEALED-XYZ');
  });
});
