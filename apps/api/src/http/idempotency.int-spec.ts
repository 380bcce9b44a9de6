import { createHash, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { ApiHarness } from '../../../../test/api-harness';
import { buildWorld, screened, send, type World } from '../initiatives/testing/initiative-fixtures';
import { BodyFingerprints, canonicalJson } from './idempotency-fingerprint';
import { IdempotencyKeys } from './idempotency-keys';

/** A screened initiative taken through an approving review into its public consultation. */
async function inConsultation(w: World): Promise<string> {
  const id = await screened(w);
  await send(w.f.as(w.secretary), `/initiatives/${id}/review`, {});
  for (const member of w.members) await send(w.f.as(member), `/initiatives/${id}/review/ballots`, { choice: 'approve' });
  await send(w.f.as(w.secretary), `/initiatives/${id}/review/close`, {});
  await send(w.f.as(w.secretary), `/initiatives/${id}/consultation`, {});
  return id;
}

describe('Idempotency-Key: scope, reuse, expiry and dead owners', () => {
  let api: ApiHarness;
  let w: World;
  let pool: Pool;
  let consulting: string;
  beforeAll(async () => {
    api = await ApiHarness.start();
    w = await buildWorld(api);
    pool = api.app.get(Pool);
    consulting = await inConsultation(w);
  });
  afterAll(() => api.close());
  // The API's own fingerprints (the test env gives AUTH_JWT_SECRET), to forge the rows a dead process leaves.
  const fingerprints = BodyFingerprints.fromConfig({ AUTH_JWT_SECRET: process.env.AUTH_JWT_SECRET });

  const objections = async (id: string) => (await api.as(w.secretary).get(`/initiatives/${id}`).expect(200)).body.objections as { objectionId: string }[];
  const object = (key: string, text: string) => api.anonymous.post(`/initiatives/${consulting}/consultation/objections`).set('Idempotency-Key', key).send({ text });
  // A signed-in user's objection: scoped per user.
  const report = (key: string, text: string) => api.as(w.officer).post(`/initiatives/${consulting}/consultation/objections`).set('Idempotency-Key', key).send({ text });

  it('two citizens filing different objections with the same Idempotency-Key are both recorded', async () => {
    const before = (await objections(consulting)).length;
    const key = `citizen-${randomUUID()}`;
    const first = await object(key, 'The figures for Q2 are overstated').expect(200);
    const second = await object(key, 'The pilot never reached group 3').expect(200);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(second.body.objectionId).not.toBe(first.body.objectionId);
    const filed = await objections(consulting);
    expect(filed).toHaveLength(before + 2);
    expect(filed.map((o) => o.objectionId)).toEqual(expect.arrayContaining([first.body.objectionId, second.body.objectionId]));
  });

  it('a repeated anonymous objection (same key, same body) returns the first response and is recorded once', async () => {
    const before = (await objections(consulting)).length;
    const key = `citizen-${randomUUID()}`;
    const first = await object(key, 'Same words twice').expect(200);
    const again = await object(key, 'Same words twice').expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await objections(consulting)).toHaveLength(before + 1);
  });

  it('the same Idempotency-Key with another body is refused with 422 IDEMPOTENCY_KEY_REUSED and writes nothing', async () => {
    const key = `officer-${randomUUID()}`;
    const first = await report(key, 'Piloted in 4 groups').expect(200);
    const reused = await report(key, 'Piloted in 5 groups').expect(422);
    expect(reused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // Another route with the key is a reuse too.
    const elsewhere = await api.as(w.officer).post(`/initiatives/${consulting}/withdrawal`).set('Idempotency-Key', key).send({ reason: 'x' }).expect(422);
    expect(elsewhere.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const { version } = (await api.as(w.secretary).get(`/initiatives/${consulting}`).expect(200)).body;
    expect(version).toBe(first.body.version);
  });

  it('a repeat with the same key and body (keys in another order) replays the same body', async () => {
    const key = `officer-${randomUUID()}`;
    const body = { text: 'Piloted in 6 groups only', contact: 'officer@example.vn' };
    const first = await api.as(w.officer).post(`/initiatives/${consulting}/consultation/objections`).set('Idempotency-Key', key).send(body).expect(200);
    const again = await api.as(w.officer).post(`/initiatives/${consulting}/consultation/objections`).set('Idempotency-Key', key).send({ contact: body.contact, text: body.text }).expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
  });

  it('an expired Idempotency-Key runs the command again', async () => {
    const key = `officer-${randomUUID()}`;
    const first = await report(key, 'Quarterly report').expect(200);
    await pool.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1`, [key]);
    const again = await report(key, 'Quarterly report').expect(200);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(again.body.objectionId).not.toBe(first.body.objectionId);
    expect(again.body.version).toBe(first.body.version + 1);
    const { rows } = await pool.query<{ n: number; expires: boolean }>(
      `SELECT count(*)::int AS n, bool_and(expires_at > now() + interval '23 hours') AS expires FROM idempotency_keys WHERE key = $1`,
      [key],
    );
    expect(rows[0]).toEqual({ n: 1, expires: true });
  });

  it('expired keys are pruned', async () => {
    const key = `officer-${randomUUID()}`;
    await report(key, 'To be pruned').expect(200);
    await pool.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 hour' WHERE key = $1`, [key]);
    expect(await new IdempotencyKeys(pool).prune()).toBeGreaterThanOrEqual(1);
    expect((await pool.query('SELECT 1 FROM idempotency_keys WHERE key = $1', [key])).rowCount).toBe(0);
  });

  it('a key left in flight by a dead process, with nothing written, runs the command on retry', async () => {
    const key = `officer-${randomUUID()}`;
    // What a process that died before its append leaves: a claim whose owner stopped beating.
    const path = `/api/v1/initiatives/${consulting}/consultation/objections`;
    await pool.query(
      `INSERT INTO idempotency_keys (actor_id, key, method, path, fingerprint, owner, heartbeat_at, generation)
       VALUES ($1, $2, 'POST', $3, $4, 'some-other-host/4242/deadbeef', now() - interval '5 minutes', 'g1')`,
      [w.officer, key, path, fingerprints.of('POST', path, { text: 'After the crash' }, false)],
    );
    const before = (await api.as(w.secretary).get(`/initiatives/${consulting}`).expect(200)).body.version as number;
    const retry = await report(key, 'After the crash').expect(200);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(retry.body.version).toBe(before + 1);
    expect((await report(key, 'After the crash').expect(200)).body).toEqual(retry.body);
  });

  it('a key in flight in a live process is not taken over: the repeat waits, then answers 409 IDEMPOTENCY_IN_PROGRESS', async () => {
    const key = `officer-${randomUUID()}`;
    const path = `/api/v1/initiatives/${consulting}/consultation/objections`;
    const fingerprint = fingerprints.of('POST', path, { text: 'Still running' }, false);
    // Another host's process that beat its heart just now.
    await pool.query(
      `INSERT INTO idempotency_keys (actor_id, key, method, path, fingerprint, owner, heartbeat_at, generation)
       VALUES ($1, $2, 'POST', $3, $4, 'some-other-host/4242/cafe', now() + interval '1 minute', 'g1')`,
      [w.officer, key, path, fingerprint],
    );
    const busy = await report(key, 'Still running').expect(409);
    expect(busy.body.code).toBe('IDEMPOTENCY_IN_PROGRESS');
  }, 30_000);

  it('the stored body fingerprint is keyed (HMAC), not a plain hash a database reader could test guesses against', async () => {
    const key = `citizen-${randomUUID()}`;
    const text = 'A guessable objection';
    await object(key, text).expect(200);
    const { rows } = await pool.query<{ actor_id: string; fingerprint: string }>('SELECT actor_id, fingerprint FROM idempotency_keys WHERE key = $1', [key]);
    const path = `/api/v1/initiatives/${consulting}/consultation/objections`;
    const plain = [canonicalJson({ method: 'POST', path, body: { text } }), canonicalJson({ text })].map((s) => createHash('sha256').update(s).digest());
    for (const digest of plain) {
      expect(rows[0].fingerprint).not.toBe(digest.toString('base64url'));
      expect(rows[0].fingerprint).not.toBe(digest.toString('hex'));
    }
    expect(rows[0].actor_id).toBe(`public:${rows[0].fingerprint}`);
  });
});
