import { createHash, createPrivateKey, createPublicKey, verify } from 'node:crypto';
import { Pool } from 'pg';
import { EVENT_STORE, type EventStore } from '@laurel/event-store';
import request from 'supertest';
import { AuditSealer, trustAnchor, verifyDatabase } from '@laurel/event-store/audit';
import { readModelsFor, ReadModelSupervisor } from '@laurel/read-models';
import { ApiHarness } from '../../../../test/api-harness';
import { ReadModelBench } from '../../../../libs/read-models/test/read-model-fixtures';

/** The log's public key, derived here from the seed with Node's own PKCS#8 handling. */
function publicKeyOf(seedBase64: string) {
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seedBase64, 'base64')]);
  return createPublicKey(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
}

/** Checks a C2SP note's Ed25519 signature without the server's note code. */
function signedNoteVerifies(note: string, seedBase64: string): boolean {
  const [text, signatures] = [note.slice(0, note.indexOf('\n\n') + 1), note.slice(note.indexOf('\n\n') + 2)];
  const raw = Buffer.from(signatures.trim().split(' ')[2], 'base64');
  return verify(null, Buffer.from(text), publicKeyOf(seedBase64), raw.subarray(4));
}

describe('audit checkpoints and proofs over HTTP', () => {
  // A verification re-reads the whole shared test log: seconds on a busy machine.
  jest.setTimeout(120_000);
  let api: ApiHarness;
  let bench: ReadModelBench;
  let supervisors: ReadModelSupervisor[];
  let sealer: AuditSealer;
  let pool: Pool;
  let total: number;

  beforeAll(async () => {
    api = await ApiHarness.start();
    bench = await ReadModelBench.open();
    pool = api.app.get(Pool);
    const store = api.app.get<EventStore>(EVENT_STORE);
    supervisors = readModelsFor(store).map((p) => new ReadModelSupervisor(pool, store, p, { followMs: 200, leaseRetryMs: 100 }));
    await Promise.all(supervisors.map((s) => s.start()));
    await bench.syntheticHistory(40, 7, true);
    await bench.append('user-auditor-p', [{ type: 'UserRegistered', data: { userId: 'auditor-p', name: 'Auditor', email: 'ap@x.org', roles: ['auditor'], unitId: 'hanoi' } }]);
    await bench.append('user-secretary-p', [{ type: 'UserRegistered', data: { userId: 'secretary-p', name: 'Secretary', email: 'sp@x.org', roles: ['secretary'], unitId: 'hanoi' } }]);
    sealer = new AuditSealer(pool, store, { origin: 'laurel', signingKey: Buffer.from(process.env.AUDIT_SIGNING_KEY as string, 'base64'), everyEvents: 200, intervalMs: 100, idleMs: 20, batchSize: 100 });
    sealer.start();
    const { rows } = await pool.query<{ n: string }>('SELECT count(*)::text AS n FROM es_events');
    total = Number(rows[0].n);
    for (const deadline = Date.now() + 60_000; ; ) {
      const latest = await api.as('admin').get('/audit/checkpoints');
      if (latest.status === 200 && latest.body.treeSize >= total) break;
      if (Date.now() > deadline) throw new Error('no checkpoint covers the history');
      await new Promise((r) => setTimeout(r, 100));
    }
    // The public route needs the initiatives read model.
    await new Promise((r) => setTimeout(r, 1500));
  }, 120_000);

  afterAll(async () => {
    await sealer.stop();
    await Promise.all(supervisors.map((s) => s.stop()));
    await bench.close();
    await api.close();
  });

  const someEvent = async (types?: string[]) =>
    (await pool.query<{ event_id: string; hash: Buffer }>('SELECT event_id, hash FROM es_events WHERE $1::text[] IS NULL OR event_type = ANY ($1) ORDER BY global_position LIMIT 1', [types ?? null])).rows[0];

  it('gives auditors the latest checkpoint and the one of ?size=, signed with the configured key', async () => {
    const latest = (await api.as('auditor-p').get('/audit/checkpoints').expect(200)).body;
    expect(latest.treeSize).toBeGreaterThanOrEqual(total);
    expect(latest.note.split('\n').slice(0, 3)).toEqual(['laurel', String(latest.treeSize), latest.rootHash]);
    expect(signedNoteVerifies(latest.note, process.env.AUDIT_SIGNING_KEY as string)).toBe(true);
    const first = (await pool.query<{ tree_size: string }>('SELECT min(tree_size)::text AS tree_size FROM audit_checkpoints')).rows[0].tree_size;
    expect((await api.as('admin').get(`/audit/checkpoints?size=${first}`).expect(200)).body.treeSize).toBe(Number(first));
    expect((await api.as('admin').get('/audit/checkpoints?size=1234567').expect(404)).body.code).toBe('CHECKPOINT_NOT_FOUND');
    expect((await api.as('admin').get('/audit/checkpoints?size=abc').expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  it("proves an event's inclusion: the path leads from its leaf to the signed root", async () => {
    const e = await someEvent();
    const proof = (await api.as('auditor-p').get(`/audit/events/${e.event_id}/proof`).expect(200)).body;
    expect(proof.eventHash).toBe(e.hash.toString('hex'));
    // RFC 9162 2.1.3.2, written here.
    let [fn, sn] = [proof.leafIndex, proof.treeSize - 1];
    let r = createHash('sha256').update(Buffer.from([0])).update(e.hash).digest();
    for (const p of proof.path.map((x: string) => Buffer.from(x, 'base64'))) {
      if (fn % 2 === 1 || fn === sn) {
        r = createHash('sha256').update(Buffer.from([1])).update(p).update(r).digest();
        while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn >> 1, sn >> 1];
      } else r = createHash('sha256').update(Buffer.from([1])).update(r).update(p).digest();
      [fn, sn] = [fn >> 1, sn >> 1];
    }
    expect(r.toString('base64')).toBe(proof.checkpoint.rootHash);
    expect((await api.as('admin').get('/audit/events/not-a-uuid/proof').expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await api.as('admin').get('/audit/events/00000000-0000-4000-8000-000000000000/proof').expect(404)).body.code).toBe('EVENT_NOT_SEALED');
  });

  it('gives a consistency proof between two checkpoints, and refuses a reversed or unknown range', async () => {
    const sizes = (await pool.query<{ size: string }>('SELECT tree_size::text AS size FROM audit_checkpoints ORDER BY tree_size')).rows.map((r) => Number(r.size));
    const body = (await api.as('auditor-p').get(`/audit/consistency?from=${sizes[0]}&to=${sizes[sizes.length - 1]}`).expect(200)).body;
    expect(body).toMatchObject({ fromSize: sizes[0], toSize: sizes[sizes.length - 1] });
    expect(body.proof.length).toBeGreaterThan(0);
    expect((await api.as('admin').get(`/audit/consistency?from=${sizes[1]}&to=${sizes[0]}`).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await api.as('admin').get('/audit/consistency?from=1&to=999999').expect(404)).body.code).toBe('CHECKPOINT_NOT_FOUND');
    expect((await api.as('admin').get('/audit/consistency?from=x').expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  it('refuses the audit routes to other roles (403) and without a token (401)', async () => {
    const e = await someEvent();
    for (const path of ['/audit/checkpoints', `/audit/events/${e.event_id}/proof`, '/audit/consistency?from=0&to=0']) {
      expect((await api.as('secretary-p').get(path).expect(403)).body.code).toBe('FORBIDDEN');
      await api.anonymous.get(path).expect(401);
    }
  });

  it("publishes a published decision's proof without sign-in, and nothing else", async () => {
    const { rows } = await pool.query<{ event_id: string }>(
      `SELECT e.event_id FROM es_events e JOIN rm_initiatives_initiatives i ON e.stream_name = 'initiative-' || i.initiative_id
        WHERE e.event_type = 'InitiativePublished' AND i.published_at IS NOT NULL AND i.status NOT IN ('revoked', 'withdrawn') LIMIT 1`,
    );
    expect(rows).toHaveLength(1);
    const proof = (await api.anonymous.get(`/public/audit/events/${rows[0].event_id}/proof`).expect(200)).body;
    expect(proof.checkpoint.treeSize).toBeGreaterThan(proof.leafIndex);
    const registered = await someEvent(['InitiativeRegistered']);
    expect((await api.anonymous.get(`/public/audit/events/${registered.event_id}/proof`).expect(404)).body.code).toBe('NOT_FOUND');
    expect((await api.anonymous.get('/public/audit/checkpoints').expect(200)).body.treeSize).toBeGreaterThan(0);
  });

  it('shows the last verification on /health and /metrics, and reports a failed one there without taking /health down', async () => {
    const anchor = trustAnchor({ AUDIT_LOG_ORIGIN: 'laurel', AUDIT_SIGNING_KEY: process.env.AUDIT_SIGNING_KEY, LAUREL_EMBEDDED: false });
    const report = await verifyDatabase(pool, anchor);
    expect(report).toMatchObject({ ok: true, problems: 0 });
    const health = await request(api.app.getHttpServer()).get('/health').expect(200);
    expect(health.body.details.audit).toMatchObject({ status: 'up', lastVerification: { ok: true, eventsChecked: report.eventsChecked } });
    const metrics = await request(api.app.getHttpServer()).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/^laurel_audit_last_verification_ok 1$/m);
    expect(metrics.text).toMatch(/^laurel_audit_last_verification_timestamp_seconds \d+/m);

    const e = await someEvent(['InitiativeRegistered']);
    const { rows } = await pool.query<{ data: unknown }>('SELECT data FROM es_events WHERE event_id = $1', [e.event_id]);
    try {
      await pool.query(`UPDATE es_events SET data = data || '{"title":"forged"}' WHERE event_id = $1`, [e.event_id]);
      const failed = await verifyDatabase(pool, anchor);
      expect(failed.problem).toMatchObject({ kind: 'data_changed', eventId: e.event_id });
      // Reported, not an outage: the API keeps serving so auditors can look; the metric is the alert.
      const after = await request(api.app.getHttpServer()).get('/health').expect(200);
      expect(after.body.details.audit).toMatchObject({ status: 'up', tamperDetected: true, lastVerification: { ok: false } });
      expect((await request(api.app.getHttpServer()).get('/metrics')).text).toMatch(/^laurel_audit_last_verification_ok 0$/m);
    } finally {
      // The run's database is shared by later tests: put the event back as it was.
      await pool.query('UPDATE es_events SET data = $2 WHERE event_id = $1', [e.event_id, JSON.stringify(rows[0].data)]);
    }
  });
});
