import type { DocumentKind } from './verification';

/** A paragraph, a list of label: value lines, a table, or a page break: what both renderers draw. */
export type Block =
  | { type: 'p'; text: string; bold?: boolean; italic?: boolean; center?: boolean }
  | { type: 'heading'; text: string }
  | { type: 'fields'; rows: [string, string][] }
  | { type: 'table'; title?: string; columns: string[]; widths: number[]; rows: (string | number)[][] }
  | { type: 'pageBreak' };

/**
 * An administrative document laid out after Decree 30/2020/NĐ-CP: issuing body and number on the
 * left, national motto on the right, place and date, title and subject, body, recipients and the
 * signature blocks; and Laurel's verification code with its QR at the foot.
 */
export interface DocumentModel {
  kind: DocumentKind;
  lang: 'vi' | 'en';
  motto: [string, string];
  header: { parent?: string; issuer: string; number: string; placeDate: string };
  title: string;
  subject?: string;
  blocks: Block[];
  /** One or two signature blocks; the last one is on the right. */
  signatures: { title: string; name?: string }[];
  recipients?: { label: string; lines: string[] };
  /** Pages after the signature: a decision's attached list. */
  annex?: Block[];
  verification: { label: string; code: string; url: string };
}

/** A certificate (giấy khen / bằng khen): its own landscape layout. */
export interface CertificateModel {
  lang: 'vi' | 'en';
  motto: [string, string];
  issuer: string;
  signerTitle: string;
  signerName: string;
  title: string;
  presentedTo: string;
  recipient: string;
  authors?: string;
  forInitiative: string;
  citation: string;
  decisionRef: string;
  placeDate: string;
  verification: { label: string; code: string; url: string };
}
