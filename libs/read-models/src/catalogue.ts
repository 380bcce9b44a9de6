import type { Projection } from '@laurel/projections';
import { initiativesProjection } from './initiatives/initiatives.projection';
import { reviewQueueProjection } from './review-queue/review-queue.projection';
import { referenceProjection } from './reference/reference.projection';
import { documentIndexProjection } from './documents/document-index.projection';
import { auditLogProjection } from './audit/audit-log.projection';

/** Every read model the projector keeps; the rebuild script and /health list these. */
export const READ_MODELS: readonly Projection[] = [initiativesProjection, reviewQueueProjection, referenceProjection, documentIndexProjection, auditLogProjection];

export function readModel(name: string): Projection {
  const found = READ_MODELS.find((p) => p.name === name);
  if (!found) throw new Error(`no read model "${name}"; known: ${READ_MODELS.map((p) => p.name).join(', ')}`);
  return found;
}
