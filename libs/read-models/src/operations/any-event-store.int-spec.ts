import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { comparePositions, encodePosition, InMemoryEventStore, InvalidPosition, KURRENTDB_POSITION_TAG, type EventMetadata, type Position } from '@laurel/event-store';
import type { Projection } from '@laurel/projections';
import { auditLogProjection } from '../audit/audit-log.projection';
import { auditLog, type AuditEntry } from '../audit/audit-log.reader';
import { documentIndexProjection, initiativesReviewedBy, initiativesWithDecision } from '../documents/document-index.projection';
import { activeReadModel } from './active-version';
import { readModelReached, waitForReadModels } from './freshness';
import { projectionLag } from './lag';
import { rebuildReadModel, type RebuildProgress } from './rebuild';
import { ReadModelSupervisor } from './supervisor';

/*
 * The read models' operations and look-ups fed from an event store other than PostgreSQL's (the
 * in-memory one, as KurrentDB would be): lag, the ?minPosition= fallback, the rebuild's total, the
 * audit log and the document index answer from that store, never from es_events (which holds none of
 * these events). Read models and checkpoints stay in PostgreSQL, as with EVENT_STORE=kurrentdb.
 */
describe('read models fed from another event store (in-memory)', () => {
  let pool: Pool;
  let store: InMemoryEventStore;
  const supervisors: ReadModelSupervisor[] = [];
  const tag = randomUUID().replace(/-/g, '').slice(0, 8);
  // Recorded an hour ago: lag in seconds is then at least that, whatever the machine's speed.
  const anHourAgo = () => new Date(Date.now() - 3_600_000);
  const audit: Projection = { ...auditLogProjection, name: `al${tag}` };
  const index: Projection = { ...documentIndexProjection, name: `di${tag}` };
  const auditView = `rm_al${tag}_events`;
  const indexView = `rm_di${tag}_events`;

  beforeAll(() => {
    pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 6 });
    store = new InMemoryEventStore(anHourAgo);
  });
  afterAll(async () => {
    await Promise.all(supervisors.map((s) => s.stop()));
    await store.close();
    await pool.end();
  });

  const actor = (id: string): EventMetadata => ({ actor: { id, role: 'unit_officer' }, correlationId: `c-${tag}` });
  const append = async (stream: string, type: string, data: Record<string, unknown>, metadata: EventMetadata = {}) =>
    (await store.appendToStream(stream, [{ eventId: randomUUID(), type, data, metadata }], { expectedVersion: 'any' })).position;
  const supervise = async (projection: Projection) => {
    const supervisor = new ReadModelSupervisor(pool, store, projection, { followMs: 50, leaseRetryMs: 50 });
    supervisors.push(supervisor);
    await supervisor.start();
    await supervisor.caughtUp(30_000);
    return supervisor;
  };
  async function wholeAuditLog(filter: Parameters<typeof auditLog>[1], limit: number): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await auditLog(pool, filter, { limit, cursor }, auditView);
      entries.push(...page.items);
      if (!page.nextCursor) return entries;
      cursor = page.nextCursor;
    }
    throw new Error('the audit log did not end');
  }

  it('lag, the ?minPosition= fallback, the rebuild total, the audit log and the document look-ups all follow that store', async () => {
    await append(`initiative-a${tag}`, 'InitiativeRegistered', { title: 'A' }, actor(`officer-${tag}`));
    await append(`initiative-a${tag}`, 'AwardGranted', { decisionNo: `QD-${tag}`, level: 'commune' }, actor(`authority-${tag}`));
    await append(`initiative-b${tag}`, 'ReviewOpened', { reviewId: `r-${tag}`, councilId: `council-${tag}` }, actor(`secretary-${tag}`));
    await append(`initiative-b${tag}`, 'SecretBallotCast', { reviewId: `r-${tag}`, sealedChoice: 'c2VhbGVk', memberId: 'm1' }, actor('m1'));

    // Nothing projected yet: the lag is the store's events the read model reads, as old as they are.
    const before = await projectionLag(pool, store, index);
    expect(before).toMatchObject({ projection: index.name, version: null, events: 2 });
    expect(before.seconds).toBeGreaterThanOrEqual(3500);
    expect((await projectionLag(pool, store, audit)).events).toBe(4);

    await supervise(audit);
    const live = await supervise(index);
    expect(await projectionLag(pool, store, index)).toMatchObject({ version: 1, events: 0, seconds: 0 });
    expect(await projectionLag(pool, store, audit)).toMatchObject({ version: 1, events: 0, seconds: 0 });

    // Events the index skips: it stores no checkpoint for them, and reaches the head through the feed.
    for (let i = 0; i < 3; i++) await append(`unit-u${i}${tag}`, 'UnitRegistered', { unitId: `u${i}${tag}`, name: `U${i}`, level: 'commune' });
    const head = await store.headPosition();
    expect(await waitForReadModels(pool, store, [audit], head, 30_000)).toBe(true);
    const checkpoint = (await activeReadModel(pool, index.name))?.checkpoint as Position;
    expect(comparePositions(checkpoint, head)).toBeLessThan(0);
    expect(await readModelReached(pool, store, index, head)).toBe(true);

    // The audit log: every event in the store's order, paged, filtered, without ballot secrets.
    const all = await wholeAuditLog({}, 2);
    expect(all.map((e) => e.type)).toEqual(['InitiativeRegistered', 'AwardGranted', 'ReviewOpened', 'SecretBallotCast', 'UnitRegistered', 'UnitRegistered', 'UnitRegistered']);
    expect(all.map((e) => e.position)).toEqual([...all.map((e) => e.position)].sort());
    expect(all[0]).toMatchObject({ streamName: `initiative-a${tag}`, streamVersion: 1, metadata: actor(`officer-${tag}`), recordedAt: expect.any(String) });
    expect((await wholeAuditLog({ actorId: `authority-${tag}` }, 10)).map((e) => e.type)).toEqual(['AwardGranted']);
    expect((await wholeAuditLog({ stream: `initiative-b${tag}`, type: 'SecretBallotCast' }, 10)).map((e) => e.data)).toEqual([{ reviewId: `r-${tag}`, memberId: 'm1' }]);
    const stored = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${auditView} WHERE data::text LIKE '%sealedChoice%'`);
    expect(stored.rows[0].n).toBe(0);

    // The document look-ups.
    expect(await initiativesWithDecision(pool, `QD-${tag}`, indexView)).toEqual([`a${tag}`]);
    expect(await initiativesReviewedBy(pool, `council-${tag}`, indexView)).toEqual([`b${tag}`]);

    // A decision the index has not applied: not reached, and counted as lag.
    await live.stop();
    const later = await append(`initiative-c${tag}`, 'AwardGranted', { decisionNo: `QD-${tag}`, level: 'commune' });
    expect(await readModelReached(pool, store, index, later)).toBe(false);
    expect((await projectionLag(pool, store, index)).events).toBe(1);

    // A rebuild counts its total in the same store before it applies anything.
    const progress: RebuildProgress[] = [];
    const rebuilt = await rebuildReadModel(pool, store, index, { batchSize: 1, onProgress: (p) => progress.push(p) });
    expect(progress[0]).toMatchObject({ done: 1, total: 3 });
    expect(rebuilt).toMatchObject({ version: 2, events: 3 });
    expect(await readModelReached(pool, store, index, later)).toBe(true);
    expect(await initiativesWithDecision(pool, `QD-${tag}`, indexView)).toEqual([`a${tag}`, `c${tag}`]);
  }, 60_000);

  it('a checkpoint the store refuses (the log moved, the read model not rebuilt) is never reached, and says so in the lag', async () => {
    const moved: Projection = { ...documentIndexProjection, name: `mv${tag}` };
    await pool.query('INSERT INTO projection_active (projection, version) VALUES ($1, 1)', [moved.name]);
    await pool.query('INSERT INTO projection_checkpoints (projection, version, position) VALUES ($1, 1, $2)', [moved.name, encodePosition(KURRENTDB_POSITION_TAG | 5n, 0n)]);
    expect(await readModelReached(pool, store, moved, encodePosition(KURRENTDB_POSITION_TAG | 10n, 0n))).toBe(false);
    await expect(projectionLag(pool, store, moved)).rejects.toBeInstanceOf(InvalidPosition);
  });
});
