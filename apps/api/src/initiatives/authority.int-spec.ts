import { Pool } from 'pg';
import { EVENT_STORE, type EventStore } from '@laurel/event-store';
import { ReadModelSupervisor, reviewQueueProjection } from '@laurel/read-models';
import { ApiHarness } from '../../../../test/api-harness';
import { buildWorld, register, screened, send, type World } from './testing/initiative-fixtures';

/** Who reads a dossier (404 for the rest) and what /me/reviews offers whom (docs/authority.md). */
describe('initiatives API: reads within one’s council and unit', () => {
  let api: ApiHarness;
  let w: World;
  let queue: ReadModelSupervisor;
  beforeAll(async () => {
    api = await ApiHarness.start();
    queue = new ReadModelSupervisor(api.app.get(Pool), api.app.get<EventStore>(EVENT_STORE), reviewQueueProjection, { followMs: 100, leaseRetryMs: 100 });
    await queue.start();
    w = await buildWorld(api);
    await w.f.user('province-officer', ['unit_officer'], w.provinceId);
  });
  afterAll(async () => {
    await queue.stop();
    await api.close();
  });

  const status = async (user: string, path: string) => (await api.as(user).get(path)).status;

  it('the detail and the history of a dossier are read by the nominating unit and those above it, the assigned council, its authority, auditors and administrators', async () => {
    const id = await screened(w);
    const readers = [w.officer, w.f.id('province-officer'), w.secretary, w.members[0]!, w.colleague, w.authority, w.auditor, 'admin'];
    for (const user of readers) {
      expect({ user, detail: await status(user, `/initiatives/${id}`), history: await status(user, `/initiatives/${id}/history`) }).toEqual({ user, detail: 200, history: 200 });
    }
  });

  it('anyone else is told the dossier does not exist (404 NOT_FOUND, not 403)', async () => {
    const id = await screened(w);
    for (const user of [w.otherOfficer, w.otherSecretary, w.outsider, w.otherAuthority, w.nationalAuthority, w.adopters[0]!.officer]) {
      for (const path of [`/initiatives/${id}`, `/initiatives/${id}/history`]) {
        const response = await api.as(user).get(path);
        expect({ user, path, status: response.status, code: response.body.code }).toEqual({ user, path, status: 404, code: 'NOT_FOUND' });
      }
    }
    const missing = await api.as(w.otherOfficer).get('/initiatives/no-such-initiative');
    expect(missing.body.detail.replace('no-such-initiative', id)).toBe((await api.as(w.otherOfficer).get(`/initiatives/${id}`)).body.detail);
  });

  it('an initiative not yet nominated is read by its unit and those above, not by a council', async () => {
    const id = await register(w);
    expect(await status(w.officer, `/initiatives/${id}`)).toBe(200);
    expect(await status(w.secretary, `/initiatives/${id}`)).toBe(404);
    expect(await status(w.auditor, `/initiatives/${id}`)).toBe(200);
  });

  it("/me/reviews lists the council's open review for its secretary to manage, owing nothing, and owes the members their ballot", async () => {
    const id = await screened(w);
    const { position } = await send(api.as(w.secretary), `/initiatives/${id}/review`, {});
    const reviewsOf = async (user: string) => ((await api.as(user).get(`/me/reviews?minPosition=${position}&limit=100`).expect(200)).body.items as { initiativeId: string }[]).filter((r) => r.initiativeId === id);
    expect(await reviewsOf(w.secretary)).toEqual([expect.objectContaining({ initiativeId: id, role: 'secretary', owes: [] })]);
    expect(await reviewsOf(w.members[0]!)).toEqual([expect.objectContaining({ initiativeId: id, role: 'member', owes: ['scores', 'ballot'] })]);
    expect(await reviewsOf(w.otherSecretary)).toEqual([]);
    expect(await reviewsOf(w.outsider)).toEqual([]);
    const state = (await api.as(w.secretary).get(`/initiatives/${id}`).expect(200)).body;
    expect(state.review.owingBallot).not.toContain(w.secretary);
    expect(state.review.panel).toEqual([...w.members, w.colleague]);
  });
});
