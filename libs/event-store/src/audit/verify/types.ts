/** One event as the verifier reads it: straight from es_events or an export, never through the store. */
export interface LoggedEvent {
  stream: string;
  version: number;
  type: string;
  eventId: string;
  data: unknown;
  metadata: unknown;
  /** The stored chain hash (null if none is stored). */
  hash: Buffer | null;
  position: string;
}

/** What the sealer recorded for a leaf: used only to name what changed, never trusted for a verdict. */
export interface SealedLeaf {
  index: number;
  eventId: string;
  stream: string;
  version: number;
  hash: Buffer;
  position: string;
}

export interface LogSource {
  /** How many events the source holds (for progress). */
  count(): Promise<number>;
  /** Every event in global order, in batches. */
  events(): AsyncIterable<LoggedEvent[]>;
  /** The signed checkpoint notes the source holds. */
  checkpoints(): Promise<string[]>;
  /** The sealer's leaves [from, to), when the source has them (the database does). */
  sealedLeaves?(from: number, to: number): Promise<SealedLeaf[]>;
  /** Whether an event id is stored anywhere in the log / among the sealed leaves. */
  hasEvent?(eventId: string): Promise<boolean>;
  isSealed?(eventId: string): Promise<boolean>;
  close(): Promise<void>;
}

export type ProblemKind =
  | 'data_changed'
  | 'event_missing'
  | 'event_inserted'
  | 'order_changed'
  | 'tail_truncated'
  | 'signature_invalid'
  | 'root_mismatch'
  | 'witness_mismatch';

export interface Problem {
  kind: ProblemKind;
  detail: string;
  stream?: string;
  version?: number;
  position?: string;
  eventId?: string;
  leafIndex?: number;
  checkpointSize?: number;
  /** Where it was found, for ordering: the leaf index in global order. */
  at: number;
}

export interface VerifyReport {
  ok: boolean;
  eventsChecked: number;
  streams: number;
  checkpointsChecked: number;
  witnessCopiesChecked: number;
  seconds: number;
  eventsPerSecond: number;
  /** The first mismatch in global order. */
  problem?: Problem;
  problems: number;
}
