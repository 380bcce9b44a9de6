import { Pool } from 'pg';
import request from 'supertest';
import { JwtService } from '@nestjs/jwt';
import { evolveInitiative, initialInitiativeState, type InitiativeEvent, type InitiativeState } from '@laurel/domain';
import { EVENT_STORE, type EventStore } from '@laurel/event-store';
import { readModelsFor, ReadModelSupervisor } from '@laurel/read-models';
import { ApiHarness } from '../../../../test/api-harness';
import { ReadModelBench } from '../../../../libs/read-models/test/read-model-fixtures';

describe('queries answered from the read models', () => {
  let api: ApiHarness;
  let bench: ReadModelBench;
  let supervisors: ReadModelSupervisor[];
  let history: Awaited<ReturnType<ReadModelBench['syntheticHistory']>>;
  let lastPosition: string;

  beforeAll(async () => {
    process.env.READ_MODEL_WAIT_MS = '1500';
    api = await ApiHarness.start();
    bench = await ReadModelBench.open();
    const pool = api.app.get(Pool);
    const store = api.app.get<EventStore>(EVENT_STORE);
    supervisors = readModelsFor(store).map((p) => new ReadModelSupervisor(pool, store, p, { followMs: 200, leaseRetryMs: 100 }));
    await Promise.all(supervisors.map((s) => s.start()));
    history = await bench.syntheticHistory(120, 99, true);
    await bench.append(`user-auditor-q`, [{ type: 'UserRegistered', data: { userId: 'auditor-q', name: 'Auditor', email: 'a@x.org', roles: ['auditor'], unitId: 'hanoi' } }]);
    const review = await bench.append(`initiative-open-review-q`, [
      { type: 'InitiativeRegistered', data: { initiativeId: 'open-review-q', movementId: history.movementIds[0], unitId: 'hanoi', title: 'Night watch rota', summary: 'Neighbours take turns', field: 'economy', authors: [{ name: 'Lê Văn C', userId: 'author-q' }], definitionId: 'initiative-recognition', definitionVersion: 1, registeredAt: '2029-12-01T08:00:00.000Z' } },
      { type: 'ReviewOpened', data: { initiativeId: 'open-review-q', reviewId: 'rq-1', cycle: 1, councilId: 'council-district', level: 'district', panel: ['m-district-1', 'm-district-2'], deadline: '2031-01-10T08:00:00.000Z', secretBallot: true, openedAt: '2030-01-01T08:00:00.000Z' } },
      { type: 'SecretBallotCast', data: { initiativeId: 'open-review-q', reviewId: 'rq-1', memberId: 'm-district-2', sealedChoice: 'SEALED-SECRET-42', castAt: '2030-01-02T08:00:00.000Z' } },
    ]);
    lastPosition = review[review.length - 1].position;
  });
  afterAll(async () => {
    await Promise.all(supervisors.map((s) => s.stop()));
    await bench.close();
    await api.close();
  });

  const folded = () => {
    const states = new Map<string, InitiativeState>();
    for (const e of history.events.filter((e) => e.streamName.startsWith('initiative-'))) {
      states.set(e.streamName, evolveInitiative(states.get(e.streamName) ?? initialInitiativeState(), { type: e.type, data: e.data } as InitiativeEvent));
    }
    return [...states.values()].filter((s): s is Extract<InitiativeState, { kind: 'initiative' }> => s.kind === 'initiative');
  };

  it('waits for ?minPosition= and then lists the initiatives of a movement, newest first, page by page', async () => {
    const movementId = history.movementIds[0];
    const expected = folded().filter((s) => s.movementId === movementId).map((s) => s.initiativeId).concat('open-review-q');
    const seen: string[] = [];
    let cursor = '';
    do {
      const page = await api.as('admin').get(`/initiatives?movementId=${movementId}&limit=10&minPosition=${lastPosition}${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      seen.push(...page.body.items.map((i: { initiativeId: string }) => i.initiativeId));
      cursor = page.body.nextCursor ?? '';
    } while (cursor);
    expect(seen.sort()).toEqual(expected.sort());
    const found = await api.as('admin').get('/initiatives?q=night%20watch&minPosition=' + lastPosition).expect(200);
    expect(found.body.items.map((i: { initiativeId: string }) => i.initiativeId)).toContain('open-review-q');
  });

  it("lists the initiatives nominated to one council (a secretary's queue), with the other filters", async () => {
    // Councils are shared by the synthetic histories of other tests in this database: one movement of this history narrows it.
    const registered = new Map(history.events.filter((e) => e.type === 'InitiativeRegistered').map((e) => [e.streamName, (e.data as { movementId: string }).movementId]));
    const councilOf = new Map<string, string>();
    for (const e of history.events.filter((e) => e.type === 'InitiativeNominated' || e.type === 'InitiativeEscalated')) councilOf.set(e.streamName, (e.data as { councilId: string }).councilId);
    const [stream, councilId] = [...councilOf][0];
    const movementId = registered.get(stream) as string;
    const expected = [...councilOf].filter(([s, c]) => c === councilId && registered.get(s) === movementId).map(([s]) => s.slice('initiative-'.length));
    const seen: { initiativeId: string; councilId: string; status: string }[] = [];
    let cursor = '';
    do {
      const page = await api.as('admin').get(`/initiatives?councilId=${councilId}&movementId=${movementId}&limit=5&minPosition=${lastPosition}${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor ?? '';
    } while (cursor);
    expect(seen.map((i) => i.initiativeId).sort()).toEqual(expected.sort());
    expect(seen.every((i) => i.councilId === councilId)).toBe(true);
    const status = seen[0].status;
    const both = (await api.as('admin').get(`/initiatives?councilId=${councilId}&movementId=${movementId}&status=${status}&limit=500`).expect(200)).body.items as { councilId: string; status: string }[];
    expect(both.length).toBe(seen.filter((i) => i.status === status).length);
    expect((await api.as('admin').get('/initiatives?councilId=no-such-council').expect(200)).body.items).toEqual([]);
    expect((await api.as('admin').get(`/initiatives?councilId=${'x'.repeat(101)}`).expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  it('Text search ignores case and Vietnamese diacritics, on the authenticated list and the public gallery', async () => {
    const id = `vn-q-${Date.now()}`;
    const appended = await bench.append(`initiative-${id}`, [
      // A movement of its own: the other tests count and list the synthetic movements.
      { type: 'InitiativeRegistered', data: { initiativeId: id, movementId: `mv-${id}`, unitId: 'hanoi', title: 'Nước sạch cho Đường Làng', summary: 'Bể lọc chung', field: 'economy', authors: [{ name: 'Lê Văn C' }], definitionId: 'initiative-recognition', definitionVersion: 1, registeredAt: '2029-12-02T08:00:00.000Z' } },
      { type: 'InitiativePublished', data: { initiativeId: id, channel: 'portal', publishedAt: '2029-12-03T08:00:00.000Z' } },
      { type: 'StageChanged', data: { initiativeId: id, from: 'awarded', to: 'published', through: [], via: 'publish', timers: [], definitionId: 'initiative-recognition', definitionVersion: 1, at: '2029-12-03T08:00:00.000Z' } },
    ]);
    const position = appended[appended.length - 1].position;
    const ids = (body: { items: { initiativeId: string }[] }) => body.items.map((i) => i.initiativeId);
    for (const q of ['nuoc sach', 'NƯỚC SẠCH', 'duong lang', 'Đường', 'nuoc']) {
      const found = await api.as('admin').get(`/initiatives?q=${encodeURIComponent(q)}&minPosition=${position}`).expect(200);
      expect(ids(found.body)).toContain(id);
    }
    expect(ids((await api.as('admin').get(`/initiatives?q=${encodeURIComponent('nuoc đồng')}&minPosition=${position}`).expect(200)).body)).not.toContain(id);
    const gallery = await api.anonymous.get(`/public/initiatives?movementId=mv-${id}&q=${encodeURIComponent('NUOC sach')}&minPosition=${position}`).expect(200);
    expect(ids(gallery.body)).toEqual([id]);
  });

  it('sorts the list by ?sort= with keyset pages; a cursor of one sort is refused under another (400)', async () => {
    const movementId = history.movementIds[0];
    const walk = async (sort: string) => {
      const seen: { initiativeId: string; title: string }[] = [];
      let cursor = '';
      do {
        const page = await api.as('admin').get(`/initiatives?movementId=${movementId}&sort=${sort}&limit=7${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
        seen.push(...page.body.items);
        cursor = page.body.nextCursor ?? '';
      } while (cursor);
      return seen;
    };
    const byTitle = await walk('title');
    const byTitleDesc = await walk('-title');
    expect(byTitleDesc.map((i) => i.initiativeId)).toEqual([...byTitle].reverse().map((i) => i.initiativeId));
    expect(new Set(byTitle.map((i) => i.initiativeId)).size).toBe(byTitle.length);
    const newest = await walk('-registeredAt');
    expect([...newest.map((i) => i.initiativeId)].sort()).toEqual([...byTitle.map((i) => i.initiativeId)].sort());
    expect((await walk('registeredAt')).map((i) => i.initiativeId)).toEqual([...newest].reverse().map((i) => i.initiativeId));

    const titlePage = await api.as('admin').get(`/initiatives?movementId=${movementId}&sort=title&limit=2`).expect(200);
    const refused = await api.as('admin').get(`/initiatives?movementId=${movementId}&sort=-updatedAt&limit=2&cursor=${titlePage.body.nextCursor}`).expect(400);
    expect(refused.body.code).toBe('VALIDATION_FAILED');
    expect(refused.body.errors[0].field).toBe('cursor');
    const defaultPage = await api.as('admin').get(`/initiatives?movementId=${movementId}&limit=2`).expect(200);
    expect((await api.as('admin').get(`/initiatives?movementId=${movementId}&sort=registeredAt&cursor=${defaultPage.body.nextCursor}`).expect(400)).body.code).toBe('VALIDATION_FAILED');
    const unknown = await api.as('admin').get('/initiatives?sort=colour').expect(400);
    expect(unknown.body.code).toBe('VALIDATION_FAILED');
    expect(unknown.body.errors[0].field).toBe('sort');
  });

  it('answers 503 READ_MODEL_BEHIND with Retry-After when the read model does not reach the position in time', async () => {
    const response = await api.as('admin').get(`/initiatives?minPosition=${'f'.repeat(32)}`).expect(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.body.code).toBe('READ_MODEL_BEHIND');
  });

  it('rejects a malformed minPosition or cursor and an unknown filter with 400', async () => {
    expect((await api.as('admin').get('/initiatives?minPosition=12').expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await api.as('admin').get('/initiatives?cursor=bm90LWEtY3Vyc29y').expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await api.as('admin').get('/initiatives?colour=red').expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await api.as('admin').get('/stats/initiatives?groupBy=colour').expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  describe('crafted cursors (issue 9: each was a 500)', () => {
    const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
    const DATE = '2030-01-01T00:00:00.000Z';
    /** Wrong for every list: NUL bytes, huge numbers, wrong types, no version tag, not base64url. */
    const everywhere = [
      cursorOf(['\u0000']),
      cursorOf([1, '\u0000']),
      cursorOf([1, DATE, '\u0000']),
      cursorOf([1, DATE, 'x', '\u0000']),
      cursorOf([1, 1e308]),
      cursorOf([1, 42]),
      cursorOf([1, null, null, null]),
      cursorOf(['9223372036854775807']),
      cursorOf({ after: '1' }),
      '0123456789abcdef0123456789abcdef',
      '!!!',
      Buffer.from('not json').toString('base64url'),
    ];
    // Per list, what fits another list's key but not its own: a non-date where a date belongs,
    // 32 hex digits or a huge number where a bigint belongs, and the wrong arity.
    const routes: [path: string, as: string | undefined, own: unknown[][]][] = [
      ['/public/initiatives', undefined, [[1, '99999999999999999999999'], [1, '0123456789ABCDEF0123456789ABCDEF'], [1, 'not-a-position'], [1, 'ffffffffffffffffffffffffffffffff'], [1, '1', '2']]],
      ['/public/consultations', undefined, [[1, 'not-a-date', 'x'], [1, '2030-02-30T00:00:00.000Z', 'x'], [1, DATE]]],
      ['/initiatives', 'admin', [[1, '9223372036854775808'], [1, '0123456789abcdef0123456789abcdef0'], [1, '-1'], [1, DATE, 'x']]],
      ['/stats/replication', 'admin', [[1, 'x'.repeat(201)], [1, 'a\u0007'], [1, 'x', 'y']]],
      ['/me/reviews', 'm-district-1', [[1, 'not-a-date', 'x', 'y'], [1, DATE, 'x'], [1, '2030-01-01', 'x', 'y']]],
      ['/audit/events', 'auditor-q', [[1, 'ffffffffffffffffffffffffffffffff'], [1, '0123456789abcdef'], [1, '9223372036854775807'], [1, DATE]]],
    ];

    it.each(routes)('GET %s refuses each with 400 VALIDATION_FAILED naming the cursor', async (path, as, own) => {
      for (const cursor of [...everywhere, ...own.map(cursorOf)]) {
        const agent = as ? api.as(as) : api.anonymous;
        const response = await agent.get(`${path}?cursor=${encodeURIComponent(cursor)}`);
        expect({ cursor, status: response.status, code: response.body.code, errors: response.body.errors }).toEqual({
          cursor,
          status: 400,
          code: 'VALIDATION_FAILED',
          errors: [expect.objectContaining({ field: 'cursor', in: 'query' })],
        });
      }
    });

    it.each(routes)('GET %s accepts the nextCursor it issued', async (path, as) => {
      const agent = () => (as ? api.as(as) : api.anonymous);
      const first = (await agent().get(`${path}?limit=1&minPosition=${lastPosition}`).expect(200)).body;
      if (['/public/initiatives', '/initiatives', '/audit/events'].includes(path)) expect(first.nextCursor).toEqual(expect.any(String));
      if (first.nextCursor) {
        const second = (await agent().get(`${path}?limit=1&cursor=${first.nextCursor}`).expect(200)).body;
        expect(second.items).not.toContainEqual(first.items[0]);
      }
    });
  });

  it('counts per status and the funnel of a movement equal the domain folding its initiatives', async () => {
    const movementId = history.movementIds[0];
    const mine = folded().filter((s) => s.movementId === movementId);
    const byStatus = (await api.as('admin').get(`/stats/initiatives?movementId=${movementId}&groupBy=status&minPosition=${lastPosition}`).expect(200)).body;
    const expected = new Map<string, number>([['registered', 1]]);
    for (const s of mine) expected.set(s.stage, (expected.get(s.stage) ?? 0) + 1);
    expect(new Map(byStatus.groups.map((g: { status: string; count: number }) => [g.status, g.count]))).toEqual(expected);
    expect(byStatus.total).toBe(mine.length + 1);
    const funnel = (await api.as('admin').get(`/stats/funnel?movementId=${movementId}`).expect(200)).body;
    expect(funnel).toMatchObject({ registered: mine.length + 1, awarded: mine.filter((s) => s.recognitions.length > 0).length, published: mine.filter((s) => s.publications.length > 0).length });
    const replication = (await api.as('admin').get('/stats/replication?limit=5').expect(200)).body;
    expect(replication.byLevel.length).toBeGreaterThan(0);
    expect(replication.items.length).toBeLessThanOrEqual(5);
  });

  it("shows a council member's queue with what they still owe", async () => {
    const one = (await api.as('m-district-1').get(`/me/reviews?minPosition=${lastPosition}`).expect(200)).body;
    expect(one.items).toEqual([expect.objectContaining({ reviewId: 'rq-1', initiativeId: 'open-review-q', owes: ['scores', 'ballot'], deadline: '2031-01-10T08:00:00.000Z' })]);
    const two = (await api.as('m-district-2').get('/me/reviews').expect(200)).body;
    expect(two.items.find((r: { reviewId: string }) => r.reviewId === 'rq-1').owes).toEqual(['scores']);
    const ids = async (query: string) => ((await api.as('m-district-2').get(`/me/reviews?${query}`).expect(200)).body.items as { reviewId: string }[]).map((r) => r.reviewId);
    expect(await ids('owes=scores')).toContain('rq-1');
    expect(await ids('owes=ballot')).not.toContain('rq-1');
    expect(await ids('owes=nothing')).not.toContain('rq-1');
    expect(await ids('secretBallot=true')).toContain('rq-1');
    expect(await ids('secretBallot=false')).not.toContain('rq-1');
    await api.as('m-district-2').get('/me/reviews?owes=everything').expect(400);
  });

  it('serves published initiatives and open consultations without sign-in and without user ids', async () => {
    const published = (await api.anonymous.get(`/public/initiatives?movementId=${history.movementIds[0]}&minPosition=${lastPosition}`).expect(200)).body;
    const expected = folded().filter((s) => s.movementId === history.movementIds[0] && s.publications.length > 0 && !['revoked', 'withdrawn'].includes(s.stage));
    expect(published.items.map((i: { initiativeId: string }) => i.initiativeId).sort()).toEqual(expected.map((s) => s.initiativeId).sort().slice(0, 50));
    expect(JSON.stringify(published)).not.toMatch(/userId|author-/);
    const consultations = await api.anonymous.get('/public/consultations').expect(200);
    expect(consultations.body).toEqual({ items: expect.any(Array), nextCursor: null });
  });

  it("answers a published initiative's public page by id, 404 for one not published, and searches the gallery with ?q=", async () => {
    const list = (await api.anonymous.get(`/public/initiatives?movementId=${history.movementIds[0]}&minPosition=${lastPosition}`).expect(200)).body;
    const first = list.items[0] as { initiativeId: string; title: string };
    const page = (await api.anonymous.get(`/public/initiatives/${first.initiativeId}`).expect(200)).body;
    expect(page).toEqual(list.items[0]);
    expect(JSON.stringify(page)).not.toMatch(/userId|author-|email|contact/);
    const unpublished = await api.anonymous.get('/public/initiatives/open-review-q').expect(404);
    expect(unpublished.body.code).toBe('NOT_FOUND');
    await api.anonymous.get('/public/initiatives/no-such-initiative').expect(404);
    const word = first.title.split(/\s+/).find((w) => w.length > 2) ?? first.title;
    const found = (await api.anonymous.get('/public/initiatives').query({ q: word, movementId: history.movementIds[0], limit: 200 }).expect(200)).body;
    expect(found.items.map((i: { initiativeId: string }) => i.initiativeId)).toContain(first.initiativeId);
    const none = (await api.anonymous.get('/public/initiatives').query({ q: 'zzqxjv-nothing-matches' }).expect(200)).body;
    expect(none.items).toEqual([]);
    expect((await api.anonymous.get('/public/initiatives').query({ q: 'x'.repeat(201) }).expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  it('gives auditors the raw log with metadata, never a sealed secret-ballot choice; others get 403', async () => {
    await api.as('m-district-1').get('/audit/events').expect(403);
    const log = (await api.as('auditor-q').get('/audit/events?stream=initiative-open-review-q').expect(200)).body;
    expect(log.items.map((e: { type: string }) => e.type)).toEqual(['InitiativeRegistered', 'ReviewOpened', 'SecretBallotCast']);
    expect(log.items[2].data).toEqual({ initiativeId: 'open-review-q', reviewId: 'rq-1', memberId: 'm-district-2', castAt: '2030-01-02T08:00:00.000Z' });
    const all = JSON.stringify((await api.as('admin').get('/audit/events?type=SecretBallotCast&limit=500').expect(200)).body);
    expect(all).not.toContain('SEALED-SECRET-42');
    expect(all).not.toContain('sealedChoice');
  });

  it('reports projection lag on /health and /metrics', async () => {
    const token = `Bearer ${api.app.get(JwtService).sign({ sub: 'admin' })}`;
    const health = await request(api.app.getHttpServer()).get('/health').set('Authorization', token);
    expect(health.body.details.projections).toMatchObject({ status: 'up', initiatives: { lagEvents: expect.any(Number) } });
    const metrics = await request(api.app.getHttpServer()).get('/metrics').set('Authorization', token);
    expect(metrics.text).toMatch(/laurel_projection_lag_events\{projection="initiatives"\} \d+/);
    expect(metrics.text).toMatch(/laurel_projection_lag_seconds\{projection="review_queue"\}/);
  });

});
