import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { Queue } from 'bullmq';
import request from 'supertest';
import { CommandRunner, SYSTEM_ACTOR, streams } from '@laurel/application';
import { userDecider } from '@laurel/domain';
import { QUEUES } from '@laurel/notifications';
import { createRedisClient, testKeyPrefix, uniqueName } from '@laurel/testing';
import { ApiHarness } from '../../../../test/api-harness';

describe('notifications over HTTP', () => {
  const prefix = `${testKeyPrefix()}${uniqueName('api')}`;
  let api: ApiHarness;
  let pool: Pool;
  let queue: Queue;
  let redis: ReturnType<typeof createRedisClient>;

  async function user(roles: string[]): Promise<string> {
    const id = uniqueName('u');
    await api.app.get(CommandRunner).run({
      stream: streams.user(id),
      id,
      decider: userDecider,
      command: { type: 'registerUser', data: { userId: id, name: id, email: `${id}@example.test`, roles, unitId: 'unit' } },
      meta: { actor: SYSTEM_ACTOR, correlationId: randomUUID() },
      context: (_s, now) => ({ now, actor: SYSTEM_ACTOR }),
    });
    return id;
  }

  async function deliver(userId: string, jobId: string, kind: string): Promise<void> {
    await pool.query(
      `INSERT INTO notification_inbox (job_id, user_id, kind, initiative_id, event_id, payload, event_at) VALUES ($1, $2, $3, 'i1', $4, $5, now())`,
      [jobId, userId, kind, randomUUID(), JSON.stringify({ title: 'Initiative', params: {} })],
    );
  }

  beforeAll(async () => {
    process.env.NOTIFICATIONS_QUEUE_PREFIX = prefix;
    api = await ApiHarness.start();
    pool = api.app.get(Pool);
    redis = createRedisClient();
    queue = new Queue(QUEUES.delivery.email, { connection: redis, prefix });
  });
  afterAll(async () => {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    redis.disconnect(); // BullMQ leaves a connection it was given open
    await api.close();
    delete process.env.NOTIFICATIONS_QUEUE_PREFIX;
  });

  it('lists my notifications newest first with read flags, and marks one read', async () => {
    const me = await user(['unit_officer']);
    const other = await user(['unit_officer']);
    await deliver(me, `in_app-${randomUUID()}`, 'dossier_returned');
    const newest = `in_app-${randomUUID()}`;
    await deliver(me, newest, 'award_granted');
    await deliver(other, `in_app-${randomUUID()}`, 'award_granted');

    const list = await api.as(me).get('/me/notifications').expect(200);
    expect(list.body.items.map((i: { kind: string }) => i.kind)).toEqual(['award_granted', 'dossier_returned']);
    expect(list.body.unread).toBe(2);
    expect(list.body.items[0]).toEqual(expect.objectContaining({ id: newest, read: false, title: 'Initiative' }));

    await api.as(me).post(`/me/notifications/${newest}/read`).expect(200);
    const after = await api.as(me).get('/me/notifications').expect(200);
    expect(after.body.items[0].read).toBe(true);
    expect(after.body.unread).toBe(1);
    await api.as(other).post(`/me/notifications/${newest}/read`).expect(404);
  });

  it('pages through notifications with a cursor', async () => {
    const me = await user(['unit_officer']);
    for (let i = 0; i < 3; i++) await deliver(me, `in_app-${randomUUID()}`, `kind_${i}`);
    const first = await api.as(me).get('/me/notifications?limit=2').expect(200);
    expect(first.body.items.map((i: { kind: string }) => i.kind)).toEqual(['kind_2', 'kind_1']);
    const second = await api.as(me).get(`/me/notifications?limit=2&cursor=${first.body.nextCursor}`).expect(200);
    expect(second.body.items.map((i: { kind: string }) => i.kind)).toEqual(['kind_0']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('keeps channel preferences per user and never answers the webhook secret', async () => {
    const me = await user(['council_member']);
    const defaults = await api.as(me).get('/me/notification-preferences').expect(200);
    expect(defaults.body).toEqual({ locale: 'vi', channels: { in_app: true, email: true, webhook: false }, webhookUrl: null, webhookSecretSet: false });
    const body = { locale: 'en', channels: { in_app: true, email: false, webhook: true }, webhookUrl: 'https://hooks.example.org/hook', webhookSecret: 'a-secret-of-sixteen+' };
    const saved = await api.as(me).put('/me/notification-preferences').send(body).expect(200);
    expect(saved.body).toEqual({ locale: 'en', channels: body.channels, webhookUrl: body.webhookUrl, webhookSecretSet: true });
    await api.as(me).put('/me/notification-preferences').send({ ...body, webhookUrl: undefined }).expect(400);
    await api.as(me).put('/me/notification-preferences').send({ ...body, locale: 'fr' }).expect(400);
  });

  it('refuses a webhook the worker would not deliver: plain http outside embedded mode, or no signing secret at all', async () => {
    const me = await user(['council_member']);
    const body = { locale: 'en', channels: { in_app: true, email: false, webhook: true }, webhookUrl: 'https://hooks.example.org/hook' };
    const plain = await api.as(me).put('/me/notification-preferences').send({ ...body, webhookUrl: 'http://hooks.example.org/hook', webhookSecret: 'a-secret-of-sixteen+' }).expect(400);
    expect(plain.body).toMatchObject({ code: 'VALIDATION_FAILED', detail: 'webhookUrl must use https (plain http only in embedded mode)' });
    const unsigned = await api.as(me).put('/me/notification-preferences').send(body).expect(400);
    expect(unsigned.body.detail).toMatch(/^webhookSecret is required: webhooks are always signed/);
    await api.as(me).put('/me/notification-preferences').send({ ...body, webhookSecret: 'a-secret-of-sixteen+' }).expect(200);
    // The secret kept from before still signs.
    await api.as(me).put('/me/notification-preferences').send(body).expect(200);
  });

  it('lets administrators list dead letters and replay one into the queue under its job id', async () => {
    const jobId = `email-${randomUUID()}`;
    const { rows } = await pool.query(
      `INSERT INTO notification_dead_letters (job_id, queue, name, data, error, attempts) VALUES ($1, 'notifications-email', 'email', $2, 'smtp down', 8) RETURNING id`,
      [jobId, JSON.stringify({ kind: 'award_granted', channel: 'email', recipient: 'x' })],
    );
    const id = String(rows[0].id);
    const list = await api.as('admin').get('/admin/dead-letters').expect(200);
    expect(list.body.items[0]).toEqual(expect.objectContaining({ id, jobId, error: 'smtp down', attempts: 8, replayedAt: null }));

    const replay = await api.as('admin').post(`/admin/dead-letters/${id}/replay`).expect(200);
    expect(replay.body).toEqual({ id, outcome: 're-added' });
    expect((await queue.getJob(jobId))?.data).toEqual(expect.objectContaining({ kind: 'award_granted' }));
    await api.as('admin').post('/admin/dead-letters/999999999/replay').expect(404);
  });

  it('keeps dead letters and the queue dashboard for administrators', async () => {
    const officer = await user(['unit_officer']);
    await api.as(officer).get('/admin/dead-letters').expect(403);
    const root = request(api.app.getHttpServer());
    await root.get('/admin/queues').set('Authorization', `Bearer ${api.token(officer)}`).expect(403);
    await root.get('/admin/queues').expect(401);
    const board = await root.get('/admin/queues').set('Authorization', `Bearer ${api.token('admin')}`).expect(200);
    expect(board.text).toContain('<html');
    // Its API lists every queue: one per delivery channel and the timers.
    const queues = await root.get('/admin/queues/api/queues').set('Authorization', `Bearer ${api.token('admin')}`).expect(200);
    expect((queues.body.queues as { name: string }[]).map((q) => q.name).sort()).toEqual([...Object.values(QUEUES.delivery), QUEUES.timers].sort());
    // Under /api/v1 there is no dashboard.
    await api.as('admin').get('/admin/queues').expect(404);
  });

  it('opens the queue dashboard in a browser with the session cookie an authenticated POST sets, never with ?token=', async () => {
    const root = request(api.app.getHttpServer());
    const admin = api.token('admin');
    // A token in the URL is not accepted, whoever it belongs to.
    const inUrl = await root.get(`/admin/queues?token=${admin}`).expect(401);
    expect(inUrl.headers['set-cookie']).toBeUndefined();
    const started = await root.post('/api/v1/auth/queues-session').set('Authorization', `Bearer ${admin}`).expect(200);
    const cookie = (started.headers['set-cookie'] as unknown as string[])[0];
    expect(cookie).toMatch(/^laurel_queues_session=[^;]+; Max-Age=\d+; Path=\/admin\/queues; Expires=[^;]+; HttpOnly; Secure; SameSite=Strict$/);
    expect(cookie).not.toContain(admin);
    const session = cookie.split(';')[0];
    expect((await root.get('/admin/queues').set('Cookie', session).expect(200)).text).toContain('<html');
    await root.get('/admin/queues/api/queues').set('Cookie', session).expect(200);
    // Only administrators get a session; a session for someone who is no longer one opens nothing.
    const officer = await user(['unit_officer']);
    await root.post('/api/v1/auth/queues-session').set('Authorization', `Bearer ${api.token(officer)}`).expect(403);
    await root.post('/api/v1/auth/queues-session').expect(401);
    const cleared = await root.delete('/api/v1/auth/queues-session').expect(204);
    expect((cleared.headers['set-cookie'] as unknown as string[])[0]).toMatch(/^laurel_queues_session=; (?:Max-Age=0; )?Path=\/admin\/queues; Expires=Thu, 01 Jan 1970/);
  });
});
