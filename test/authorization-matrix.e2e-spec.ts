import { Pool } from 'pg';
import { ModulesContainer } from '@nestjs/core';
import { EVENT_STORE, type EventStore } from '@laurel/event-store';
import { ApiHarness } from './api-harness';
import { discoverRoutes } from './sweep/routes';
import { at, buildWorld, screened, type World } from '../apps/api/src/initiatives/testing/initiative-fixtures';
import { commandSetups, type Target } from './authorization-matrix.setups';

/*
 * The authorization matrix (issue 9, acceptance): every command route the Nest router serves
 * (POST, PUT, DELETE under /api/v1) has an entry here, and for each the right role in scope
 * succeeds, the right role out of scope (another council's secretary, another unit's authority or
 * officer, a member of another council), a wrong role and the auditor get 403, and no token gets
 * 401 — with nothing written on any refusal (the target stream's version and the log's head are
 * unchanged, read through the event store). A new command route without an entry fails the first
 * test. docs/authority.md explains the answers.
 */

type Actors = (w: World) => string[];

/** A command on the record: the full matrix. */
interface RecordEntry {
  kind: 'record';
  /** Brings a fresh target to where the command applies. */
  setup: (w: World) => Promise<Target>;
  inScope: (w: World) => string;
  /** Holders of the right role outside its scope; empty only with `everywhere`. */
  outOfScope: Actors;
  /** Why the role has no out-of-scope holder (administrators manage reference data everywhere). */
  everywhere?: string;
  /** Holders of roles the command does not take. */
  wrongRoles: Actors;
  /** The auditor reads everything and changes nothing. */
  status: 200 | 201;
}

/** A route anyone may call without a token (the public objection). */
interface PublicEntry {
  kind: 'public';
  setup: (w: World) => Promise<Target>;
  why: string;
}

/** The caller's own data only (notifications), or signing in: no record of anybody else is touched. */
interface OwnEntry {
  kind: 'own';
  why: string;
  /** Checks the route with a token and without. */
  check: (api: ApiHarness, w: World) => Promise<void>;
}

type Entry = RecordEntry | PublicEntry | OwnEntry;

const s = commandSetups;
const secretaryRoute = (setup: RecordEntry['setup'], wrong: Actors = (w) => [w.members[0]!, w.officer]): RecordEntry => ({
  kind: 'record',
  setup,
  inScope: (w) => w.secretary,
  outOfScope: (w) => [w.otherSecretary, w.nationalSecretary],
  wrongRoles: wrong,
  status: 200,
});
const officerRoute = (setup: RecordEntry['setup'], status: 200 | 201 = 200): RecordEntry => ({
  kind: 'record',
  setup,
  inScope: (w) => w.officer,
  outOfScope: (w) => [w.otherOfficer, w.adopters[0]!.officer],
  wrongRoles: (w) => [w.secretary, w.authority],
  status,
});
const memberRoute = (setup: RecordEntry['setup']): RecordEntry => ({
  kind: 'record',
  setup,
  inScope: (w) => w.members[1]!,
  outOfScope: (w) => [w.outsider],
  wrongRoles: (w) => [w.secretary, w.officer],
  status: 200,
});
const adminRoute = (setup: RecordEntry['setup'], status: 200 | 201 = 201): RecordEntry => ({
  kind: 'record',
  setup,
  inScope: () => 'admin',
  outOfScope: () => [],
  everywhere: 'administrators manage reference data for every unit',
  wrongRoles: (w) => [w.secretary, w.officer, w.authority],
  status,
});
const movementRoute = (setup: RecordEntry['setup'], status: 200 | 201 = 200): RecordEntry => ({
  kind: 'record',
  setup,
  inScope: (w) => w.f.id('province-officer'),
  outOfScope: (w) => [w.otherOfficer, w.officer],
  wrongRoles: (w) => [w.secretary, w.authority],
  status,
});

const MATRIX: Record<string, Entry> = {
  // Reference data: administrators only.
  'POST /api/v1/units': adminRoute(s.newUnit),
  'POST /api/v1/users': adminRoute(s.newUser),
  'POST /api/v1/councils': adminRoute(s.newCouncil),
  'POST /api/v1/councils/:id/members': adminRoute(s.addMember, 200),
  'DELETE /api/v1/councils/:id/members/:userId': adminRoute(s.removeMember, 200),
  'POST /api/v1/workflows': adminRoute(s.newDefinition),
  'POST /api/v1/admin/dead-letters/:id/replay': {
    kind: 'own',
    why: 'operations, administrators only; no dead letter exists in this run, so the administrator reaches the handler and gets 404',
    check: async (api, w) => {
      await api.anonymous.post('/admin/dead-letters/1/replay').expect(401);
      for (const user of [w.secretary, w.authority, w.auditor]) expect((await api.as(user).post('/admin/dead-letters/1/replay').expect(403)).body.code).toBe('FORBIDDEN');
      // An id no dead letter of this run reaches (other files leave dead letters in the shared database).
      expect((await api.as('admin').post('/admin/dead-letters/2000000000/replay').expect(404)).body.code).toBe('NOT_FOUND');
    },
  },
  // Movements: the organising unit's officers (and administrators).
  'POST /api/v1/movements': movementRoute(s.newMovement, 201),
  'POST /api/v1/movements/:id/launch': movementRoute(s.draftedMovement),
  'POST /api/v1/movements/:id/close': movementRoute(s.launchedMovement),
  'POST /api/v1/movements/:id/summaries': movementRoute(s.launchedMovementSummary),
  // The initiative's own unit.
  'POST /api/v1/initiatives': officerRoute(s.newInitiative, 201),
  'POST /api/v1/initiatives/:id/progress-reports': officerRoute(s.registered),
  'POST /api/v1/initiatives/:id/self-assessment': officerRoute(s.registeredForTitle),
  'POST /api/v1/initiatives/:id/withdrawal': officerRoute(s.registeredToWithdraw),
  'POST /api/v1/initiatives/:id/nomination': officerRoute(s.cultivating),
  'POST /api/v1/initiatives/:id/resubmission': officerRoute(s.returned),
  // The unit's officer, or the assigned council's secretary.
  'POST /api/v1/initiatives/:id/escalation': {
    ...officerRoute(s.eligibleForEscalation),
    outOfScope: (w) => [w.otherOfficer, w.otherSecretary, w.nationalSecretary],
    wrongRoles: (w) => [w.authority, w.members[0]!],
  },
  // The adopting unit.
  'POST /api/v1/initiatives/:id/replications': {
    kind: 'record',
    setup: s.published,
    inScope: (w) => w.adopters[0]!.officer,
    outOfScope: (w) => [w.otherOfficer, w.adopters[1]!.officer],
    wrongRoles: (w) => [w.secretary, w.authority],
    status: 200,
  },
  'POST /api/v1/initiatives/:id/replications/:replicationId/results': {
    kind: 'record',
    setup: s.replicating,
    inScope: (w) => w.adopters[0]!.officer,
    outOfScope: (w) => [w.otherOfficer, w.adopters[1]!.officer],
    wrongRoles: (w) => [w.secretary, w.authority],
    status: 200,
  },
  // The assigned council's secretary.
  'POST /api/v1/initiatives/:id/screening': secretaryRoute(s.nominated),
  'POST /api/v1/initiatives/:id/review': secretaryRoute(s.screened),
  'POST /api/v1/initiatives/:id/review/close': secretaryRoute(s.inReview),
  'POST /api/v1/initiatives/:id/review/reminders': secretaryRoute(s.inReviewReminders),
  'POST /api/v1/initiatives/:id/consultation': secretaryRoute(s.recommended, (w) => [w.members[0]!, w.authority]),
  'POST /api/v1/initiatives/:id/consultation/objections/:objectionId/resolution': secretaryRoute(s.withObjection, (w) => [w.members[0]!, w.authority]),
  'POST /api/v1/initiatives/:id/consultation/close': secretaryRoute(s.consultationEnded, (w) => [w.members[0]!, w.authority]),
  'POST /api/v1/initiatives/:id/publication': secretaryRoute(s.awarded, (w) => [w.members[0]!, w.authority]),
  // The assigned council's voting members.
  'POST /api/v1/initiatives/:id/review/conflicts': memberRoute(s.inReviewConflict),
  'POST /api/v1/initiatives/:id/review/scores': memberRoute(s.inReviewScores),
  'POST /api/v1/initiatives/:id/review/ballots': memberRoute(s.inReviewBallot),
  // The authority of the council's unit; revocation also from the units above it.
  'POST /api/v1/initiatives/:id/decision': {
    kind: 'record',
    setup: s.awaitingDecision,
    inScope: (w) => w.authority,
    outOfScope: (w) => [w.otherAuthority, w.nationalAuthority],
    wrongRoles: (w) => [w.secretary, w.members[0]!],
    status: 200,
  },
  'POST /api/v1/initiatives/:id/revocation': {
    kind: 'record',
    setup: s.awardedToRevoke,
    inScope: (w) => w.nationalAuthority,
    outOfScope: (w) => [w.otherAuthority],
    wrongRoles: (w) => [w.secretary, w.officer],
    status: 200,
  },
  // Anyone, without a token.
  'POST /api/v1/initiatives/:id/consultation/objections': { kind: 'public', setup: s.inConsultation, why: 'anyone may object while the consultation is open' },
  // The caller's own notifications and sign-in.
  'POST /api/v1/me/notifications/:id/read': {
    kind: 'own',
    why: "marks one of the caller's own notifications; another user's (or no) notification is 404",
    check: async (api, w) => {
      await api.anonymous.post('/me/notifications/1/read').expect(401);
      for (const user of [w.secretary, w.auditor]) expect((await api.as(user).post('/me/notifications/1/read').expect(404)).body.code).toBe('NOT_FOUND');
    },
  },
  'PUT /api/v1/me/notification-preferences': {
    kind: 'own',
    why: "the caller's own notification preferences",
    check: async (api, w) => {
      const body = { locale: 'vi', channels: { in_app: true, email: false, webhook: false } };
      await api.anonymous.put('/me/notification-preferences').send(body).expect(401);
      await api.as(w.auditor).put('/me/notification-preferences').send(body).expect(200);
    },
  },
  'POST /api/v1/auth/queues-session': {
    kind: 'own',
    why: 'a queue-dashboard session cookie, administrators only; writes nothing to the log',
    check: async (api, w) => {
      const events = await eventCount(api);
      await api.anonymous.post('/auth/queues-session').send({}).expect(401);
      for (const user of [w.secretary, w.authority, w.auditor]) expect((await api.as(user).post('/auth/queues-session').send({}).expect(403)).body.code).toBe('FORBIDDEN');
      const granted = await api.as('admin').post('/auth/queues-session').send({}).expect(200);
      expect(String(granted.headers['set-cookie'])).toMatch(/laurel_queues_session=/);
      expect(await eventCount(api)).toBe(events);
    },
  },
  'DELETE /api/v1/auth/queues-session': {
    kind: 'own',
    why: 'signing out of the queue dashboard clears the caller\'s own cookie, so it needs no token',
    check: async (api) => {
      const cleared = await api.anonymous.delete('/auth/queues-session').expect(204);
      expect(String(cleared.headers['set-cookie'])).toMatch(/laurel_queues_session=;/);
    },
  },
  'POST /api/v1/auth/dev-token': {
    kind: 'own',
    why: 'sign-in (development tokens); writes nothing to the log',
    check: async (api) => {
      const events = await eventCount(api);
      const response = await api.anonymous.post('/auth/dev-token').send({ userId: 'admin' });
      expect(response.status).toBeLessThan(500);
      expect(await eventCount(api)).toBe(events);
    },
  },
};

/** Events in this run's log (this database only). */
const eventCount = async (api: ApiHarness): Promise<number> =>
  Number((await api.app.get(Pool).query<{ n: string }>('SELECT count(*) AS n FROM es_events')).rows[0].n);

// A movement summary still folds every initiative stream of its movement (issue 13, item 5): on
// the run's shared database, after the scenario tests, that takes seconds.
jest.setTimeout(120_000);

describe('authorization matrix: every command route, every kind of caller', () => {
  let api: ApiHarness;
  let w: World;
  let store: EventStore;
  beforeAll(async () => {
    api = await ApiHarness.start();
    w = await buildWorld(api);
    await w.f.user('province-officer', ['unit_officer'], w.provinceId);
    store = api.app.get<EventStore>(EVENT_STORE);
  });
  afterAll(() => api.close());

  it('has an entry for every command route the router serves, and none for a route that does not exist', () => {
    const commands = discoverRoutes(api.app.get(ModulesContainer))
      .filter((r) => r.method !== 'GET' && r.path.startsWith('/api/v1/'))
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    expect(commands.length).toBeGreaterThan(30);
    expect(Object.keys(MATRIX).sort()).toEqual(commands);
  });

  /** Sends as `user` (or without a token) and returns the status and the problem code. */
  const attempt = async (target: Target, user: string | null) => {
    const agent = user === null ? api.anonymous : api.as(user);
    const method = target.method ?? 'post';
    const run = () => agent[method](target.path).send(target.body);
    const response = target.at ? await at(api, target.at, async () => await run()) : await run();
    return { status: response.status, code: (response.body as { code?: string }).code, body: response.body };
  };

  /**
   * The target stream's version and the number of events in the log: neither moves on a refusal.
   * (Counted in this database: the feed's head position is cluster-wide and moves with any other
   * session's transaction.)
   */
  const written = async (target: Target) => ({
    version: target.stream ? (await store.readStream(target.stream)).length : null,
    events: await eventCount(api),
  });

  const refused = async (target: Target, user: string | null, status: 401 | 403, who: string) => {
    const before = await written(target);
    const answer = await attempt(target, user);
    expect({ who, status: answer.status }).toEqual({ who, status });
    if (status === 403) expect(['FORBIDDEN', 'NOT_COUNCIL_MEMBER']).toContain(answer.code);
    expect({ who, ...(await written(target)) }).toEqual({ who, ...before });
  };

  for (const [route, entry] of Object.entries(MATRIX)) {
    if (entry.kind === 'own') {
      it(`${route}: ${entry.why}`, () => entry.check(api, w));
      continue;
    }
    if (entry.kind === 'public') {
      it(`${route}: ${entry.why} (no token needed)`, async () => {
        const target = await entry.setup(w);
        const before = await written(target);
        const answer = await attempt(target, null);
        expect(answer.status).toBe(200);
        expect((await written(target)).version).toBe((before.version ?? 0) + 1);
      });
      continue;
    }
    it(`${route}: in scope 2xx; out of scope, wrong role and auditor 403; no token 401; nothing written on refusal`, async () => {
      const target = await entry.setup(w);
      const outside = entry.outOfScope(w);
      if (outside.length === 0) expect(entry.everywhere).toEqual(expect.any(String));
      for (const user of outside) await refused(target, user, 403, `out of scope: ${user}`);
      for (const user of entry.wrongRoles(w)) await refused(target, user, 403, `wrong role: ${user}`);
      await refused(target, w.auditor, 403, 'auditor');
      await refused(target, null, 401, 'no token');
      const before = await written(target);
      const answer = await attempt(target, entry.inScope(w));
      expect({ status: answer.status, body: answer.body }).toEqual({ status: entry.status, body: expect.anything() });
      // The same target accepts the right caller: the refusals were about who asked, not the request.
      expect((await written(target)).version).toBeGreaterThan(before.version ?? 0);
    });
  }

  it('an administrator without a seat in the council does not open its review (403), though they manage the council', async () => {
    const id = await screened(w);
    expect((await api.as('admin').post(`/initiatives/${id}/review`).send({}).expect(403)).body.code).toBe('FORBIDDEN');
  });
});
