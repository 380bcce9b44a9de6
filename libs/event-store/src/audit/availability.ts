/**
 * Tamper evidence rests on the per-stream hash chains that the PostgreSQL append computes under each
 * stream's lock (es_append_batch). Under KurrentDB there is no such append, so there is nothing to
 * seal or verify: the sealer, the scheduled verification and the audit scripts refuse, with this
 * message, instead of reading PostgreSQL's es_events (which would be a stale or empty log).
 * docs/tamper-evidence.md, "Under KurrentDB".
 */
export const TAMPER_EVIDENCE_NEEDS_POSTGRES =
  'Tamper evidence is off: it needs EVENT_STORE=postgres. Its hash chains are computed by the PostgreSQL append, and with EVENT_STORE=kurrentdb ' +
  'there are none, so the audit sealer and verifier do not run (docs/tamper-evidence.md, "Under KurrentDB").';

export class TamperEvidenceUnavailable extends Error {
  readonly code = 'TAMPER_EVIDENCE_UNAVAILABLE';
  constructor() {
    super(TAMPER_EVIDENCE_NEEDS_POSTGRES);
    this.name = 'TamperEvidenceUnavailable';
  }
}

/** Whether the configured event store (EVENT_STORE, default postgres) keeps hash chains. */
export function tamperEvidenceAvailable(eventStore: string | undefined): boolean {
  return (eventStore ?? 'postgres') !== 'kurrentdb';
}

/** Throws TamperEvidenceUnavailable under EVENT_STORE=kurrentdb. */
export function assertTamperEvidenceAvailable(eventStore: string | undefined): void {
  if (!tamperEvidenceAvailable(eventStore)) throw new TamperEvidenceUnavailable();
}
