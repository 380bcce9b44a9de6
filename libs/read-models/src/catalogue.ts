import type { EventStore } from '@laurel/event-store';
import type { Projection } from '@laurel/projections';
import { initiativesProjection } from './initiatives/initiatives.projection';
import { reviewQueueProjection } from './review-queue/review-queue.projection';
import { referenceProjection } from './reference/reference.projection';
import { documentIndexProjection } from './documents/document-index.projection';
import { AUDIT_FROM_COPY, AUDIT_FROM_LOG, auditSourceFor } from './audit/audit-source';

const SHARED: readonly Projection[] = [initiativesProjection, reviewQueueProjection, referenceProjection, documentIndexProjection];

/** The read models when the log is on PostgreSQL (readModelsFor of a PostgresEventStore), … */
export const POSTGRES_READ_MODELS: readonly Projection[] = [...SHARED, AUDIT_FROM_LOG.projection];
/** …and on any other store. */
export const OTHER_STORE_READ_MODELS: readonly Projection[] = [...SHARED, AUDIT_FROM_COPY.projection];

/**
 * Every read model the projector keeps on `store`; the rebuild script and /health list these. The
 * audit log's own is the one its source needs (audit-source.ts): `audit_times` on PostgreSQL, the
 * `audit_log` copy on other stores.
 */
export function readModelsFor(store: EventStore): readonly Projection[] {
  return auditSourceFor(store) === AUDIT_FROM_LOG ? POSTGRES_READ_MODELS : OTHER_STORE_READ_MODELS;
}

export function readModel(name: string, store: EventStore): Projection {
  const models = readModelsFor(store);
  const found = models.find((p) => p.name === name);
  if (!found) throw new Error(`no read model "${name}" on this event store; known: ${models.map((p) => p.name).join(', ')}`);
  return found;
}
