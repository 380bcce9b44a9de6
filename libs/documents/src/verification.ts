import { factsHash } from './canonical';

/** The documents Laurel generates; each verification code names one. */
export const DOCUMENT_KINDS = ['minutes', 'ballot-count', 'submission', 'decision', 'certificate', 'result-notice', 'movement-summary'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/**
 * What a code points at: the document's kind, its subject (initiative and review, award, council
 * session, decision number…), the global position of the event it was generated at, and the hash
 * of its facts. `subject` is a list of plain strings, e.g. ['initiative-1', 'review-uuid'].
 */
export interface VerificationRef {
  kind: DocumentKind;
  subject: string[];
  position: string;
  hash: string;
}

const VERSION = 'L1';
const SEP = '\u001f';

/** Positions are two fixed-width 64-bit hex halves; the code carries them without leading zeros. */
const compactPosition = (position: string): string => `${position.slice(0, 16).replace(/^0+(?=.)/, '')}-${position.slice(16).replace(/^0+(?=.)/, '')}`;
const expandPosition = (compact: string): string | undefined => {
  const m = /^([0-9a-f]{1,16})-([0-9a-f]{1,16})$/.exec(compact);
  return m ? m[1].padStart(16, '0') + m[2].padStart(16, '0') : undefined;
};

export const encodeVerificationCode = (ref: VerificationRef): string =>
  Buffer.from([VERSION, ref.kind, compactPosition(ref.position), ref.hash, ...ref.subject].join(SEP), 'utf8').toString('base64url');

/** Undefined for anything that is not a code Laurel made (wrong alphabet, version, kind or shape). */
export const decodeVerificationCode = (code: string): VerificationRef | undefined => {
  if (!/^[A-Za-z0-9_-]{8,1400}$/.test(code)) return undefined;
  const parts = Buffer.from(code, 'base64url').toString('utf8').split(SEP);
  const [version, kind, compact, hash, ...subject] = parts;
  const position = compact === undefined ? undefined : expandPosition(compact);
  if (version !== VERSION || !(DOCUMENT_KINDS as readonly string[]).includes(kind) || position === undefined) return undefined;
  if (!/^[0-9a-f]{32}$/.test(hash ?? '') || subject.length === 0 || subject.some((s) => s.length === 0 || s.length > 200)) return undefined;
  return { kind: kind as DocumentKind, subject, position, hash };
};

/** The reference of a document with these facts, generated at the event at `position`. */
export const referenceOf = (kind: DocumentKind, subject: string[], position: string, facts: unknown): VerificationRef => ({ kind, subject, position, hash: factsHash(facts) });
