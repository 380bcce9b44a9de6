import { createHash, randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool, type PoolClient } from 'pg';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { canonicalEvent } from './canonical';
import { checkpointText, ed25519PrivateKey, rawPublicKey, signNote, parseNote } from './note';
import { AuditSealer } from './sealer';
import { AuditProofs } from './audit-proofs';
import { DatabaseLogSource, exportLine, FileLogSource, readWitnessDir, verifyLog, verifySnapshot, type SnapshotReport } from './verify';

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: the integration global setup provides it');
  return url;
}

const ORIGIN = 'laurel.test/decision-log';
const seed = randomBytes(32);
const publicKey = rawPublicKey(ed25519PrivateKey(seed));
const witnessDir = fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-witness-'));

let store: PostgresEventStore;
let pool: Pool;
/** A log of its own: the verdicts count every event and checkpoint, so no other test may write to it. */
const schema = `tamper_${randomBytes(4).toString('hex')}`;
let sealer: AuditSealer;
let total = 0;
/** The event a scenario picked inside its tampering transaction. */
let target: { event_id: string; stream_name: string; stream_version: string } | undefined;

const ev = (type: string, data: Record<string, unknown>) => ({ eventId: randomUUID(), type, data, metadata: { actor: { id: 'secretary', role: 'secretary' }, occurredAt: new Date().toISOString() } });

async function appendHistory(prefix: string, streams: number, perStream: number): Promise<void> {
  const writers = Array.from({ length: 16 }, async (_, w) => {
    for (let s = w; s < streams; s += 16) {
      for (let v = 0; v < perStream; v++) {
        await store.appendToStream(`${prefix}-${s}`, [ev(v === perStream - 1 ? 'AwardGranted' : 'InitiativeReviewed', { decisionNo: `${s}/${v}/QĐ`, score: v * 1.5 })], { expectedVersion: v === 0 ? 'no_stream' : v });
        total++;
      }
    }
  });
  await Promise.all(writers);
}

async function sealed(size: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { rows } = await store.pool.query<{ n: string | null }>('SELECT max(tree_size)::text AS n FROM audit_checkpoints').catch(() => ({ rows: [{ n: null }] }));
    const sealedSize = Number(rows[0].n ?? 0);
    // And its witness copy, which the sealer writes once the checkpoint is committed.
    if (sealedSize >= size && fs.existsSync(path.join(witnessDir, `${String(sealedSize).padStart(12, '0')}.checkpoint`))) return;
    if (Date.now() > deadline) throw new Error(`no checkpoint of size ${size} with its witness copy within 60 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Tamper inside a transaction, verify what that transaction sees, roll back: every scenario starts
 * from the same clean log. As audit:verify does — the fast pass over ranges (here 3, one after the
 * other on the tampering transaction's connection, which alone sees the change; then again in one),
 * then, when it finds anything, the exact pass that names the first mismatch.
 */
async function verifyTampered(tamper: (db: PoolClient) => Promise<void>, witnesses = readWitnessDir(witnessDir)): Promise<SnapshotReport> {
  const db = await store.pool.connect();
  try {
    await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await tamper(db);
    const report = await verifySnapshot(db, { keyName: ORIGIN, publicKey, witnessNotes: witnesses, workers: 3, minRangeEvents: 1, mode: 'sequential' });
    // The fast pass let nothing through, and raised no false alarm: the exact pass ran exactly when there was a problem.
    expect({ ok: report.ok, exactPass: report.exactPass, ranges: report.ranges }).toEqual({ ok: report.ok, exactPass: !report.ok, ranges: 3 });
    // In one range (which counts the log as it reads it), the same verdict.
    const single = await verifySnapshot(db, { keyName: ORIGIN, publicKey, witnessNotes: witnesses, workers: 1 });
    expect({ ...single, seconds: 0, eventsPerSecond: 0, ranges: 3 }).toEqual({ ...report, seconds: 0, eventsPerSecond: 0 });
    return report;
  } finally {
    await db.query('ROLLBACK');
    db.release();
  }
}

async function row(stream: string, version: number): Promise<{ event_id: string; transaction_id: string; global_position: string; data: Record<string, unknown> }> {
  const { rows } = await store.pool.query('SELECT event_id, transaction_id::text, global_position::text, data FROM es_events WHERE stream_name = $1 AND stream_version = $2', [stream, version]);
  return rows[0];
}

beforeAll(async () => {
  const admin = new Pool({ connectionString: databaseUrl(), max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  pool = new Pool({ connectionString: databaseUrl(), max: 24, options: `-c search_path=${schema}` });
  store = await PostgresEventStore.connect({ pool });
  sealer = new AuditSealer(store.pool, store, { origin: ORIGIN, signingKey: seed, everyEvents: 500, intervalMs: 100, witnessDir, idleMs: 20 });
  sealer.start();
  // Several thousand events: early streams first (so a backdated insert lands inside the sealed history), then the bulk.
  await appendHistory('early', 40, 5);
  await appendHistory('nomination', 400, 8);
  await sealed(total);
}, 180_000);

afterAll(async () => {
  await sealer.stop();
  await store.close();
  await pool.query(`DROP SCHEMA ${schema} CASCADE`);
  await pool.end();
  fs.rmSync(witnessDir, { recursive: true, force: true });
});

describe('audit:verify on a real PostgreSQL log of several thousand events', () => {
  it('verifies an untouched log clean, with its checkpoints and witness copies', async () => {
    const report = await verifyTampered(async () => undefined);
    expect(report).toMatchObject({ ok: true, eventsChecked: total, problems: 0 });
    expect(report.checkpointsChecked).toBeGreaterThan(3);
    expect(report.witnessCopiesChecked).toBe(report.checkpointsChecked);
  });

  it.each(['connections', 'threads'] as const)('verifies it clean in ranges read on %s of their own, in one exported snapshot', async (mode) => {
    const db = await store.pool.connect();
    try {
      await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const report = await verifySnapshot(db, { keyName: ORIGIN, publicKey, witnessNotes: readWitnessDir(witnessDir), workers: 4, minRangeEvents: 1, mode }, store.pool);
      expect(report).toMatchObject({ ok: true, eventsChecked: total, ranges: 4, exactPass: false, streams: 440 });
      expect(report.checkpointsChecked).toBeGreaterThan(3);
    } finally {
      await db.query('ROLLBACK');
      db.release();
    }
  });

  it("detects a change to a stream's first event in a later range (checked where the ranges join) and names it", async () => {
    // Without checkpoints or witnesses only the chains can tell.
    const report = await verifyTampered(async (db) => {
      await db.query('DELETE FROM audit_checkpoints');
      const start = Math.floor(total / 3);
      const { rows } = await db.query<{ event_id: string; stream_name: string; stream_version: string }>(
        `WITH ordered AS (SELECT event_id, stream_name, stream_version, row_number() OVER (ORDER BY transaction_id, global_position) - 1 AS leaf FROM es_events)
         SELECT a.event_id, a.stream_name, a.stream_version::text FROM ordered a
          WHERE a.leaf >= $1 AND EXISTS (SELECT 1 FROM ordered b WHERE b.stream_name = a.stream_name AND b.leaf < $1)
          ORDER BY a.leaf LIMIT 1`,
        [start],
      );
      target = rows[0];
      await db.query(`UPDATE es_events SET metadata = jsonb_set(metadata, '{actor,id}', '"forger"') WHERE event_id = $1`, [target.event_id]);
    }, []);
    expect(report.problem).toMatchObject({ kind: 'data_changed', stream: target?.stream_name, version: Number(target?.stream_version), eventId: target?.event_id });
  });

  it("detects an event deleted just before a range boundary of a stream that goes on after it, and names it", async () => {
    const report = await verifyTampered(async (db) => {
      await db.query('DELETE FROM audit_checkpoints');
      // Where the third range starts once the event is gone; the stream's next event is the first of it there.
      const start = Math.floor((2 * (total - 1)) / 3);
      const { rows } = await db.query<{ event_id: string; stream_name: string; stream_version: string }>(
        `WITH ordered AS (SELECT event_id, stream_name, stream_version, row_number() OVER (ORDER BY transaction_id, global_position) - 1 AS leaf FROM es_events)
         SELECT p.event_id, p.stream_name, p.stream_version::text FROM ordered a JOIN ordered p ON p.stream_name = a.stream_name AND p.stream_version = a.stream_version - 1
          WHERE a.leaf > $1 AND NOT EXISTS (SELECT 1 FROM ordered o WHERE o.stream_name = a.stream_name AND o.leaf > $1 AND o.leaf < a.leaf)
          ORDER BY a.leaf LIMIT 1`,
        [start],
      );
      target = rows[0];
      await db.query('DELETE FROM es_events WHERE event_id = $1', [target.event_id]);
    }, []);
    expect(report.problem).toMatchObject({ kind: 'event_missing', stream: target?.stream_name, version: Number(target?.stream_version) });
  });

  it("(a) detects an UPDATE of one event's data and names the event", async () => {
    const target = await row('nomination-17', 8);
    const report = await verifyTampered((db) => db.query(`UPDATE es_events SET data = jsonb_set(data, '{decisionNo}', '"999/FORGED"') WHERE event_id = $1`, [target.event_id]).then(() => undefined));
    expect(report.ok).toBe(false);
    expect(report.problem).toMatchObject({ kind: 'data_changed', stream: 'nomination-17', version: 8, eventId: target.event_id });
    expect(report.problem?.position).toMatch(/^[0-9a-f]{32}$/);
  });

  it('(a′) detects an UPDATE that also recomputes the chain, through the signed roots', async () => {
    const target = await row('nomination-18', 7);
    const report = await verifyTampered(async (db) => {
      await db.query(`UPDATE es_events SET data = jsonb_set(data, '{decisionNo}', '"999/FORGED"') WHERE event_id = $1`, [target.event_id]);
      await rechain(db, 'nomination-18');
    });
    expect(report.problem).toMatchObject({ kind: 'data_changed', stream: 'nomination-18', version: 7 });
  });

  it('(b) detects a DELETE of one event in the middle of a stream and names it', async () => {
    const target = await row('nomination-5', 4);
    const report = await verifyTampered((db) => db.query('DELETE FROM es_events WHERE event_id = $1', [target.event_id]).then(() => undefined));
    expect(report.problem).toMatchObject({ kind: 'event_missing', stream: 'nomination-5', version: 4, eventId: target.event_id });
  });

  it('(c) detects an INSERT of a forged event with a plausible version and a correct chain hash', async () => {
    const last = await row('early-3', 5);
    const forged = { stream: 'early-3', version: 6, type: 'AwardGranted', eventId: randomUUID(), data: { decisionNo: '999/FORGED' }, metadata: {} };
    const { rows } = await store.pool.query<{ hash: Buffer }>('SELECT hash FROM es_events WHERE event_id = $1', [last.event_id]);
    const hash = createHash('sha256').update(rows[0].hash).update(canonicalEvent(forged)).digest();
    const report = await verifyTampered((db) =>
      db
        .query(
          `INSERT INTO es_events (transaction_id, stream_name, stream_version, event_id, event_type, category, data, metadata, hash)
           VALUES ($1::text::xid8, 'early-3', 6, $2, 'AwardGranted', 'early', $3, '{}', $4)`,
          [last.transaction_id, forged.eventId, forged.data, hash],
        )
        .then(() => undefined),
    );
    expect(report.problem).toMatchObject({ kind: 'event_inserted', stream: 'early-3', version: 6, eventId: forged.eventId });
  });

  it("(d) detects two events' order swapped", async () => {
    const [a, b] = [await row('nomination-9', 2), await row('nomination-9', 3)];
    const report = await verifyTampered(async (db) => {
      await db.query('UPDATE es_events SET transaction_id = $2::text::xid8 WHERE event_id = $1', [a.event_id, b.transaction_id]);
      await db.query('UPDATE es_events SET transaction_id = $2::text::xid8 WHERE event_id = $1', [b.event_id, a.transaction_id]);
    });
    expect(report.problem).toMatchObject({ kind: 'order_changed', stream: 'nomination-9', version: 2, eventId: a.event_id });
  });

  it('(e) detects the tail truncated after a checkpoint, from the log and from the witness copies alone', async () => {
    const truncate = (db: PoolClient) =>
      db.query('DELETE FROM es_events WHERE (transaction_id, global_position) IN (SELECT transaction_id, global_position FROM es_events ORDER BY transaction_id DESC, global_position DESC LIMIT 25)');
    const report = await verifyTampered((db) => truncate(db).then(() => undefined));
    // Named against the first checkpoint past the cut: the last one, or one the sealer's timer wrote in between.
    expect(report.problem).toMatchObject({ kind: 'tail_truncated', leafIndex: total - 25 });
    expect(report.problem?.checkpointSize).toBeGreaterThan(total - 25);
    expect(report.problem?.checkpointSize).toBeLessThanOrEqual(total);
    // The DBA deletes the checkpoints too: the witness still holds them.
    const hidden = await verifyTampered(async (db) => {
      await truncate(db);
      await db.query('DELETE FROM audit_checkpoints WHERE tree_size > $1', [total - 25]);
    });
    expect(hidden.problem).toMatchObject({ kind: 'tail_truncated' });
    expect(hidden.problem?.checkpointSize).toBeGreaterThan(total - 25);
    expect(hidden.problem?.checkpointSize).toBeLessThanOrEqual(total);
    expect(hidden.problem?.detail).toContain(witnessDir);
  });

  it('(f) detects a checkpoint re-signed with another key', async () => {
    const other = ed25519PrivateKey(randomBytes(32));
    const report = await verifyTampered(async (db) => {
      const { rows } = await db.query<{ tree_size: string; note: string }>('SELECT tree_size, note FROM audit_checkpoints ORDER BY tree_size LIMIT 1 OFFSET 1');
      const body = parseNote(rows[0].note).body;
      await db.query('UPDATE audit_checkpoints SET note = $2 WHERE tree_size = $1', [rows[0].tree_size, signNote(checkpointText(body), ORIGIN, other)]);
    }, []);
    expect(report.problem).toMatchObject({ kind: 'signature_invalid' });
    expect(report.problem?.checkpointSize).toBeGreaterThan(0);
  });
});

describe('audit:verify from an export file', () => {
  it('verifies an exported log clean, and names an event changed in the file', async () => {
    const file = path.join(witnessDir, '..', `${path.basename(witnessDir)}.jsonl`);
    const db = await store.pool.connect();
    const lines: string[] = [];
    try {
      await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      const source = DatabaseLogSource.onClient(db);
      for (const note of await source.checkpoints()) lines.push(JSON.stringify({ checkpoint: note }));
      for await (const batch of source.events()) for (const e of batch) lines.push(exportLine(e));
    } finally {
      await db.query('ROLLBACK');
      db.release();
    }
    try {
      fs.writeFileSync(file, lines.join('\n') + '\n');
      const clean = await verifyLog(await FileLogSource.open(file), { keyName: ORIGIN, publicKey, witnessNotes: readWitnessDir(witnessDir) });
      expect(clean).toMatchObject({ ok: true, eventsChecked: total });
      const target = lines.findIndex((l) => l.includes('"nomination-33",8,'));
      lines[target] = lines[target].replace('"decisionNo":"33/7/QĐ"', '"decisionNo":"999/FORGED"');
      fs.writeFileSync(file, lines.join('\n') + '\n');
      const forged = await verifyLog(await FileLogSource.open(file), { keyName: ORIGIN, publicKey });
      expect(forged.problem).toMatchObject({ kind: 'data_changed', stream: 'nomination-33', version: 8 });
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});

// ——— An independent verifier, written here from RFC 9162 (not the server's code). ———
const sha = (...parts: Buffer[]) => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();
const leaf = (eventHash: Buffer) => sha(Buffer.from([0]), eventHash);
const node = (l: Buffer, r: Buffer) => sha(Buffer.from([1]), l, r);

/** RFC 9162 2.1.3.2. */
function verifyInclusion(index: number, size: number, leafHash: Buffer, path: Buffer[], root: Buffer): boolean {
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = node(p, r);
      while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn >> 1, sn >> 1];
    } else r = node(r, p);
    [fn, sn] = [fn >> 1, sn >> 1];
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 2.1.4.2. */
function verifyConsistency(m: number, n: number, proof: Buffer[], first: Buffer, second: Buffer): boolean {
  if (m === n) return proof.length === 0 && first.equals(second);
  let path = proof;
  if ((m & (m - 1)) === 0) path = [first, ...path];
  let fn = m - 1;
  let sn = n - 1;
  while (fn % 2 === 1) [fn, sn] = [fn >> 1, sn >> 1];
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = node(c, fr);
      sr = node(c, sr);
      while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn >> 1, sn >> 1];
    } else sr = node(sr, c);
    [fn, sn] = [fn >> 1, sn >> 1];
  }
  return fr.equals(first) && sr.equals(second) && sn === 0;
}

describe('audit proofs, checked by an independent verifier', () => {
  it('an inclusion proof verifies against the signed checkpoint, and fails for a tampered event', async () => {
    const proofs = new AuditProofs(store.pool);
    for (const [stream, version] of [['early-0', 1], ['nomination-200', 5], ['nomination-399', 8]] as const) {
      const target = await row(stream, version);
      const proof = await proofs.inclusionProof(target.event_id);
      const root = parseNote(proof.checkpoint.note).body.root;
      const pathHashes = proof.path.map((p) => Buffer.from(p, 'base64'));
      const { rows } = await store.pool.query<{ hash: Buffer }>('SELECT hash FROM es_events WHERE event_id = $1', [target.event_id]);
      expect(verifyInclusion(proof.leafIndex, proof.treeSize, leaf(rows[0].hash), pathHashes, root)).toBe(true);
      const tampered = createHash('sha256').update(rows[0].hash).update('999/FORGED').digest();
      expect(verifyInclusion(proof.leafIndex, proof.treeSize, leaf(tampered), pathHashes, root)).toBe(false);
    }
  });

  it('a consistency proof between two checkpoints verifies, and fails when a root is rewritten', async () => {
    const proofs = new AuditProofs(store.pool);
    const { rows } = await store.pool.query<{ tree_size: string }>('SELECT tree_size FROM audit_checkpoints ORDER BY tree_size');
    const sizes = rows.map((r) => Number(r.tree_size));
    for (const [m, n] of [[sizes[0], sizes[sizes.length - 1]], [sizes[1], sizes[2]], [sizes[sizes.length - 2], sizes[sizes.length - 1]]]) {
      const c = await proofs.consistencyProof(m, n);
      const first = parseNote(c.from.note).body.root;
      const second = parseNote(c.to.note).body.root;
      const proof = c.proof.map((p) => Buffer.from(p, 'base64'));
      expect(verifyConsistency(m, n, proof, first, second)).toBe(true);
      expect(verifyConsistency(m, n, proof, sha(first), second)).toBe(false);
    }
  });

  it('names the first checkpoint that covers an event', async () => {
    const target = await row('early-1', 1);
    const { rows } = await store.pool.query<{ position: string }>('SELECT position FROM audit_leaves WHERE event_id = $1', [target.event_id]);
    const covering = await new AuditProofs(store.pool).checkpointCovering(rows[0].position);
    expect((covering?.position ?? '') >= rows[0].position).toBe(true);
    expect(covering?.treeSize).toBeGreaterThan(0);
  });
});

/** What an attacker with the canonical spec can do: recompute a stream's whole chain after editing it. */
async function rechain(db: PoolClient, stream: string): Promise<void> {
  const { rows } = await db.query('SELECT stream_version, event_id, event_type, data, metadata FROM es_events WHERE stream_name = $1 ORDER BY stream_version', [stream]);
  let previous = Buffer.alloc(32);
  for (const r of rows) {
    previous = createHash('sha256')
      .update(previous)
      .update(canonicalEvent({ stream, version: Number(r.stream_version), type: r.event_type, eventId: r.event_id, data: r.data, metadata: r.metadata }))
      .digest();
    await db.query('UPDATE es_events SET hash = $2 WHERE event_id = $1', [r.event_id, previous]);
  }
}
