import { createHash, randomUUID } from 'node:crypto';

/**
 * Event ids. With an idempotency key they are derived from it, so two racing requests with the same
 * key append the same ids and the event store keeps one (it returns the first result to both), and
 * a retry after a crash can look the ids up to tell whether the first attempt was written.
 * `scope` says whose key it is (the actor id; for anonymous requests the API adds the body's
 * fingerprint, so two citizens using the same key get different ids).
 */
export function eventIdsFor(count: number, stream: string, idempotencyKey: string | undefined, scope: string): string[] {
  if (!idempotencyKey) return Array.from({ length: count }, () => randomUUID());
  return Array.from({ length: count }, (_, i) => uuidFromName(`${scope}\u0000${idempotencyKey}\u0000${stream}\u0000${i}`));
}

/** A name-based UUID (version 8, SHA-256): the same name always gives the same id. */
export function uuidFromName(name: string): string {
  const bytes = createHash('sha256').update(name).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * An id a command creates (an initiative, a review, an objection …): derived from the
 * Idempotency-Key when the request has one, so a retry that runs the command again — e.g. after
 * taking over a key whose first process froze — names the same thing and appends the same events.
 */
export function createdIdFor(meta: { idempotencyKey?: string; idempotencyScope?: string; actor: { userId: string } }, purpose: string): string {
  if (!meta.idempotencyKey) return randomUUID();
  return uuidFromName(`${meta.idempotencyScope ?? meta.actor.userId}\u0000${meta.idempotencyKey}\u0000created:${purpose}`);
}
