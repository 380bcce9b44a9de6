import type { Pool } from 'pg';
import { comparePositions, InvalidPosition, START, type EventStore, type Position } from '@laurel/event-store';
import type { Projection } from '@laurel/projections';
import { activeReadModel } from './active-version';

/**
 * Whether a read model shows everything up to `position` (a position a command returned): its
 * checkpoint is there, or the feed, read through the port from that checkpoint with the read model's
 * filter, holds nothing the read model has yet to apply up to `position` (a filtered projection
 * does not store a checkpoint for the events it skips). Works on every adapter: the feed's own
 * checkpoint says how far it has looked (on PostgreSQL, never past a transaction still open).
 */
export async function readModelReached(pool: Pool, store: EventStore, projection: Projection, position: Position): Promise<boolean> {
  const active = await activeReadModel(pool, projection.name);
  if (!active) return false;
  if (comparePositions(active.checkpoint, position) >= 0) return true;
  const next = await store.readAll({ after: active.checkpoint, batchSize: 1, filter: projection.filter }).catch((error: unknown) => {
    // A checkpoint of the other kind of store (the log moved, the read model not rebuilt yet) is
    // never reached; /health's lag says why (docs/event-store.md, "Moving the log").
    if (error instanceof InvalidPosition) return undefined;
    throw error;
  });
  if (!next) return false;
  // The first event it has yet to apply lies beyond `position`: nothing is missing up to there.
  if (next.events.length > 0) return comparePositions(next.events[0].position, position) > 0;
  // Nothing to apply up to the feed's checkpoint: reached once that checkpoint covers `position`.
  return comparePositions(next.checkpoint, position) >= 0;
}

/** Polls until every given read model has reached `position`; false when `timeoutMs` passed first. */
export async function waitForReadModels(pool: Pool, store: EventStore, projections: readonly Projection[], position: Position, timeoutMs = 5000, pollMs = 20): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let pending = [...projections];
  for (;;) {
    const reached = await Promise.all(pending.map((p) => readModelReached(pool, store, p, position)));
    pending = pending.filter((_, i) => !reached[i]);
    if (pending.length === 0) return true;
    if (Date.now() + pollMs > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/**
 * Waits until the read models show everything the log holds now (its head position): what a query
 * reading straight from the log would see. True at once on an empty log.
 */
export async function waitForReadModelsAtHead(pool: Pool, store: EventStore, projections: readonly Projection[], timeoutMs = 5000): Promise<boolean> {
  const head = await store.headPosition();
  return head === START || waitForReadModels(pool, store, projections, head, timeoutMs);
}
