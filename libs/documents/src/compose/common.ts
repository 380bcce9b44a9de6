import { dayOf } from '../dates';
import type { DocumentModel } from '../model';
import { fill, type Template } from '../templates';
import { encodeVerificationCode, referenceOf, type DocumentKind } from '../verification';

/** Where the verification of a code is answered, without signing in. */
export interface Issue {
  /** Base URL of the public verification route, e.g. https://laurel.example/api/v1/public/verify */
  verifyUrl: string;
  template: Template;
}

export const placeDate = (t: Template, iso: string, place = t.place): string => fill(t.placeDate, { place, ...dayOf(iso) });

/** The code and the URL a document carries: its kind, subject, the anchor's position, the facts' hash. */
export const verificationOf = (issue: Issue, kind: DocumentKind, subject: string[], facts: { anchor: { position: string } }): DocumentModel['verification'] => {
  const code = encodeVerificationCode(referenceOf(kind, subject, facts.anchor.position, facts));
  const url = `${issue.verifyUrl}/${code}`;
  return { label: fill(issue.template.verifyLabel, { url: issue.verifyUrl }), code, url };
};

export const numberLine = (t: Template, number: string): string => `${t.numberLabel}: ${number}`;
