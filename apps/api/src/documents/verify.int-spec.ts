import { createPrivateKey, createPublicKey, verify } from 'node:crypto';
import { Pool } from 'pg';
import { EVENT_STORE, type EventStore } from '@laurel/event-store';
import { AuditSealer } from '@laurel/event-store/audit';
import { encodeVerificationCode, referenceOf } from '@laurel/documents';
import { ApiHarness } from '../../../../test/api-harness';
import { ReadModelBench } from '../../../../libs/read-models/test/read-model-fixtures';
import { DocumentFacts } from './document-facts';

/** Checks a C2SP note's Ed25519 signature with Node's own key handling (not the server's note code). */
function signedBy(note: string, seedBase64: string): boolean {
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seedBase64, 'base64')]);
  const key = createPublicKey(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
  const text = note.slice(0, note.indexOf('\n\n') + 1);
  const signature = Buffer.from(note.slice(note.indexOf('\n\n') + 2).trim().split(' ')[2], 'base64').subarray(4);
  return verify(null, Buffer.from(text), key, signature);
}

describe('GET /public/verify/{code}: the checkpoint a document is covered by', () => {
  let api: ApiHarness;
  let bench: ReadModelBench;
  let pool: Pool;
  let sealer: AuditSealer | undefined;

  beforeAll(async () => {
    api = await ApiHarness.start({ projections: [] });
    bench = await ReadModelBench.open();
    pool = api.app.get(Pool);
  }, 60_000);

  afterAll(async () => {
    await sealer?.stop();
    await bench.close();
    await api.close();
  });

  it('is null until a signed checkpoint covers the facts, then that checkpoint', async () => {
    const { initiativeIds } = await bench.syntheticHistory(6, 11);
    const { rows } = await pool.query<{ stream_name: string; review_id: string }>(
      `SELECT stream_name, data->>'reviewId' AS review_id FROM es_events WHERE event_type = 'ReviewClosed' AND stream_name = ANY ($1) ORDER BY global_position LIMIT 1`,
      [initiativeIds.map((id) => `initiative-${id}`)],
    );
    expect(rows).toHaveLength(1);
    const subject = [rows[0].stream_name.slice('initiative-'.length), rows[0].review_id];
    const resolved = await api.app.get(DocumentFacts).resolve('minutes', subject);
    if (!resolved) throw new Error('the minutes of a closed review resolve');
    const anchor = resolved.facts.anchor;
    const code = encodeVerificationCode(referenceOf('minutes', subject, anchor.position, resolved.facts));

    // Appended just now, after any checkpoint an earlier test had sealed, and no sealer runs.
    const before = (await api.anonymous.get(`/public/verify/${code}`).expect(200)).body;
    expect(before).toMatchObject({ kind: 'minutes', matches: true, eventId: anchor.eventId, position: anchor.position, coveredBy: null });

    const store = api.app.get<EventStore>(EVENT_STORE);
    const seed = process.env.AUDIT_SIGNING_KEY as string;
    sealer = new AuditSealer(pool, store, { origin: 'laurel', signingKey: Buffer.from(seed, 'base64'), everyEvents: 1_000_000, intervalMs: 50, idleMs: 20, leaseRetryMs: 100 });
    sealer.start();
    const covering = async () =>
      (
        await pool
          .query<{ tree_size: string; position: string; created_at: Date }>('SELECT tree_size, position, created_at FROM audit_checkpoints WHERE position >= $1 ORDER BY tree_size LIMIT 1', [anchor.position])
          .catch(() => ({ rows: [] }))
      ).rows[0];
    for (const deadline = Date.now() + 30_000; !(await covering()); ) {
      if (Date.now() > deadline) throw new Error('no checkpoint covers the document within 30 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    const expected = (await covering()) as { tree_size: string; position: string; created_at: Date };

    const after = (await api.anonymous.get(`/public/verify/${code}`).expect(200)).body;
    expect(after).toMatchObject({ matches: true, eventId: anchor.eventId, coveredBy: { treeSize: Number(expected.tree_size), position: expected.position, createdAt: expected.created_at.toISOString() } });
    const { coveredBy } = after as { coveredBy: { treeSize: number; rootHash: string; position: string; note: string } };
    // The anchor is one of the leaves it covers, and its note is the log's, signed.
    const { rows: leaf } = await pool.query<{ leaf_index: string }>('SELECT leaf_index FROM audit_leaves WHERE event_id = $1', [anchor.eventId]);
    expect(Number(leaf[0].leaf_index)).toBeLessThan(coveredBy.treeSize);
    expect(coveredBy.position >= anchor.position).toBe(true);
    expect(coveredBy.note.split('\n').slice(0, 4)).toEqual(['laurel', String(coveredBy.treeSize), coveredBy.rootHash, `position ${coveredBy.position}`]);
    expect(signedBy(coveredBy.note, seed)).toBe(true);

    // A copy that does not match is covered by nothing.
    const altered = encodeVerificationCode({ ...referenceOf('minutes', subject, anchor.position, resolved.facts), hash: '0'.repeat(32) });
    expect((await api.anonymous.get(`/public/verify/${altered}`).expect(200)).body).toMatchObject({ matches: false, coveredBy: null });
  }, 60_000);
});
