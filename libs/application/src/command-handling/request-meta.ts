import type { Actor } from '@laurel/domain';
import type { AppendObserver } from './append-observer';

/** Who asks, and the request facts every command carries into its events' metadata. */
export interface RequestMeta {
  actor: Actor;
  correlationId: string;
  /** The `Idempotency-Key` header, when the client sent one. */
  idempotencyKey?: string;
  /**
   * Whose key it is and which use of it, for the event ids derived from the key (default: the
   * actor's id). Set by the API: anonymous requests add their body's fingerprint, and an expired
   * key used again gets new ids.
   */
  idempotencyScope?: string;
  /** The `If-Match` header: the stream version the client last saw. */
  ifMatch?: number;
  /** With an Idempotency-Key: told about each append before and after it is made (the API's idempotency layer). */
  appendObserver?: AppendObserver;
}

/** What a command answers (api.md): the stream version after it and the global position it produced. */
export interface CommandResult {
  id: string;
  version: number;
  position: string;
}
