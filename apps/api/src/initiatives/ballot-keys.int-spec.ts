import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { BallotBox, BallotKeySweeper, KEY_VAULT, LocalKeyVault, MISSING_KEK, ORPHAN_KEY_GRACE_SECONDS, loadKek, type KeyVault } from '@laurel/application';
import { annualEmulationTitle, type Stage } from '@laurel/domain';
import { ApiHarness } from '../../../../test/api-harness';
import { InitiativesModule } from './initiatives.module';
import { DOCUMENTS, buildWorld, register, send, type World } from './testing/initiative-fixtures';

/* The key of a secret review is destroyed on every path that ends the review (one test per path). */

async function nominated(w: World): Promise<string> {
  const id = await register(w);
  await send(w.f.as(w.officer), `/initiatives/${id}/self-assessment`, { summary: 'All targets met', selfScore: 95 });
  await send(w.f.as(w.officer), `/initiatives/${id}/nomination`, { awardForm: 'emulation_fighter', councilId: w.councilId, statement: 'Three years running', documents: DOCUMENTS });
  return id;
}

async function openSecretReview(api: ApiHarness, w: World): Promise<{ id: string; reviewId: string }> {
  const id = await nominated(w);
  const { reviewId } = await send(api.as(w.secretary), `/initiatives/${id}/review`, {});
  return { id, reviewId };
}

describe('secret ballot keys end with their review', () => {
  let api: ApiHarness;
  let w: World;
  let box: BallotBox;
  let pool: Pool;
  beforeAll(async () => {
    api = await ApiHarness.start();
    w = await buildWorld(api, { workflowId: 'annual-emulation-title', members: 5 });
    box = api.app.get(BallotBox);
    pool = api.app.get(Pool);
  });
  afterAll(() => api.close());

  it('outside embedded mode the API refuses to start without a key-encryption key, and says what to set', () => {
    const vault = new LocalKeyVault(() => loadKek({ LAUREL_EMBEDDED: false }));
    const module = new InitiativesModule(vault, api.app.get(BallotKeySweeper));
    expect(() => module.onModuleInit()).toThrow(MISSING_KEK);
    expect(MISSING_KEK).toMatch(/BALLOT_KEK or BALLOT_KEK_FILE must be set/);
  });

  it('closing a secret review destroys its key', async () => {
    const { id, reviewId } = await openSecretReview(api, w);
    expect(await box.hasKey(reviewId)).toBe(true);
    for (const member of w.members) await send(api.as(member), `/initiatives/${id}/review/ballots`, { choice: 'approve' });
    await send(api.as(w.secretary), `/initiatives/${id}/review/close`, {});
    expect(await box.hasKey(reviewId)).toBe(false);
  });

  it('withdrawing the initiative during its secret review destroys the key, and a later ballot neither lands nor brings the key back', async () => {
    const { id, reviewId } = await openSecretReview(api, w);
    await send(api.as(w.members[0]), `/initiatives/${id}/review/ballots`, { choice: 'reject' });
    expect(await box.hasKey(reviewId)).toBe(true);
    await send(api.as(w.officer), `/initiatives/${id}/withdrawal`, { reason: 'The pilot was stopped' });
    expect(await box.hasKey(reviewId)).toBe(false);
    const late = await api.as(w.members[1]).post(`/initiatives/${id}/review/ballots`).send({ choice: 'approve' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('TRANSITION_NOT_ALLOWED');
    const close = await api.as(w.secretary).post(`/initiatives/${id}/review/close`).send({});
    expect(close.status).toBe(409);
    expect(await box.hasKey(reviewId)).toBe(false);
  });

  it('a new review cycle that supersedes an open secret review destroys the old review key', async () => {
    // A track whose secretary may restart the ballot while one is open.
    const workflowId = `annual-restartable-${randomUUID().slice(0, 8)}`;
    const stages = annualEmulationTitle.stages.map((s): Stage =>
      s.id === 'in_review' && s.kind === 'active' ? { ...s, transitions: [...s.transitions, { command: 'openReview', to: 'in_review', roles: ['secretary'] }] } : s,
    );
    await api.as('admin').post('/workflows').send({ definition: { ...annualEmulationTitle, id: workflowId, stages } }).expect(201);
    const restartable = await buildWorld(api, { workflowId, members: 5 });
    const { id, reviewId: first } = await openSecretReview(api, restartable);
    await send(api.as(restartable.members[0]), `/initiatives/${id}/review/ballots`, { choice: 'approve' });
    const { reviewId: second } = await send(api.as(restartable.secretary), `/initiatives/${id}/review`, {});
    expect(second).not.toBe(first);
    expect(await box.hasKey(first)).toBe(false);
    expect(await box.hasKey(second)).toBe(true);
    for (const member of restartable.members) await send(api.as(member), `/initiatives/${id}/review/ballots`, { choice: 'approve' });
    await send(api.as(restartable.secretary), `/initiatives/${id}/review/close`, {});
    const state = (await api.as(restartable.auditor).get(`/initiatives/${id}`).expect(200)).body;
    expect(state.review).toMatchObject({ reviewId: second, tally: { voted: 5, approve: 5 } });
    expect(await box.hasKey(second)).toBe(false);
  });

  it('the sweeper at start destroys the keys of reviews no longer open and of long-orphaned keys, and keeps the others', async () => {
    const open = await openSecretReview(api, w);
    const closed = await openSecretReview(api, w);
    for (const member of w.members) await send(api.as(member), `/initiatives/${closed.id}/review/ballots`, { choice: 'abstain' });
    await send(api.as(w.secretary), `/initiatives/${closed.id}/review/close`, {});
    const withdrawn = await openSecretReview(api, w);
    await send(api.as(w.officer), `/initiatives/${withdrawn.id}/withdrawal`, { reason: 'Merged with another unit' });
    // What a crash between the event and the destruction leaves behind, and keys of opens that failed.
    await box.createKey(closed.reviewId, closed.id);
    await box.createKey(withdrawn.reviewId, withdrawn.id);
    const [youngOrphan, oldOrphan] = [randomUUID(), randomUUID()];
    await box.createKey(youngOrphan, open.id);
    await box.createKey(oldOrphan, open.id);
    await pool.query(`UPDATE ballot_data_keys SET created_at = now() - make_interval(secs => $2) WHERE review_id = $1`, [oldOrphan, ORPHAN_KEY_GRACE_SECONDS + 60]);

    const second = await ApiHarness.start(); // its start-up sweeps
    try {
      expect(await box.hasKey(closed.reviewId)).toBe(false);
      expect(await box.hasKey(withdrawn.reviewId)).toBe(false);
      expect(await box.hasKey(oldOrphan)).toBe(false);
      expect(await box.hasKey(open.reviewId)).toBe(true);
      expect(await box.hasKey(youngOrphan)).toBe(true);
      expect(await second.app.get(BallotKeySweeper).sweep()).toEqual([]);
    } finally {
      await second.close();
      await box.destroy(youngOrphan);
    }
    // The open review goes on with its key.
    await send(api.as(w.members[0]), `/initiatives/${open.id}/review/ballots`, { choice: 'approve' });
  });

  it('clear keys left by the earlier version are wrapped at start and the table that held them is dropped; their ballots still count', async () => {
    const { id, reviewId } = await openSecretReview(api, w);
    await send(api.as(w.members[0]), `/initiatives/${id}/review/ballots`, { choice: 'approve' });
    await send(api.as(w.members[1]), `/initiatives/${id}/review/ballots`, { choice: 'reject' });
    // As the earlier version kept it: the data key in clear in ballot_review_keys.
    const vault = api.app.get<KeyVault>(KEY_VAULT);
    const { rows } = await pool.query<{ wrapped_key: Buffer }>('SELECT wrapped_key FROM ballot_data_keys WHERE review_id = $1', [reviewId]);
    const dek = await vault.unwrap(reviewId, rows[0].wrapped_key);
    await pool.query('DELETE FROM ballot_data_keys WHERE review_id = $1', [reviewId]);
    await pool.query('CREATE TABLE ballot_review_keys (review_id text PRIMARY KEY, key bytea NOT NULL, created_at timestamptz NOT NULL DEFAULT now())');
    await pool.query('INSERT INTO ballot_review_keys (review_id, key) VALUES ($1, $2), ($3, $4)', [reviewId, dek, randomUUID(), randomBytes(32)]);

    await api.app.get(BallotKeySweeper).upgradeAndSweep();
    expect((await pool.query(`SELECT to_regclass('ballot_review_keys') AS t`)).rows[0].t).toBeNull();
    const upgraded = await pool.query<{ wrapped_key: Buffer; initiative_id: string }>('SELECT wrapped_key, initiative_id FROM ballot_data_keys WHERE review_id = $1', [reviewId]);
    expect(upgraded.rows[0].initiative_id).toBe(id);
    expect(upgraded.rows[0].wrapped_key.includes(dek)).toBe(false);
    for (const member of w.members.slice(2)) await send(api.as(member), `/initiatives/${id}/review/ballots`, { choice: 'approve' });
    await send(api.as(w.secretary), `/initiatives/${id}/review/close`, {});
    const state = (await api.as(w.auditor).get(`/initiatives/${id}`).expect(200)).body;
    expect(state.review.tally).toMatchObject({ voted: 5, approve: 4, reject: 1 });
  });

  it('after a rotation of the key-encryption key the stored keys are re-wrapped under the new one, and the old one is no longer needed', async () => {
    const [oldKek, newKek] = [randomBytes(32), randomBytes(32)];
    const before = new BallotBox(pool, new LocalKeyVault(() => ({ current: oldKek })));
    const during = new BallotBox(pool, new LocalKeyVault(() => ({ current: newKek, previous: [oldKek] })));
    const after = new BallotBox(pool, new LocalKeyVault(() => ({ current: newKek })));
    const reviewId = randomUUID();
    await before.createKey(reviewId, 'rotation-test');
    const sealed = await before.seal(reviewId, 'reject');
    await expect(after.reveal(reviewId, [sealed])).rejects.toThrow(/does not hold/);
    expect(await during.rewrapUnderCurrentKek()).toBeGreaterThanOrEqual(1);
    expect(await after.reveal(reviewId, [sealed, await after.seal(reviewId, 'approve')])).toEqual(['approve', 'reject']);
    await expect(before.seal(reviewId, 'approve')).rejects.toThrow(/does not hold/);
    await after.destroy(reviewId);
  });
});
