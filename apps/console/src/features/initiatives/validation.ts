import type { Author, DossierDocument, NominationBody, RegisterBody } from './api';

/*
 * The forms' validation, pure: the same limits the API's register and nomination commands apply
 * (so the officer hears about them before sending), keyed by field, messages as keys of the
 * feature's catalogue.
 */

export interface FieldError {
  /** A key of the `initiatives` catalogue. */
  key: string;
  values?: Record<string, string | number>;
}

export type Errors = Record<string, FieldError>;

/** Ids clients may choose (as the API's ID pattern). */
const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
const SHA256 = /^[a-f0-9]{64}$/i;

function text(errors: Errors, field: string, value: string, max: number): void {
  const v = value.trim();
  if (!v) errors[field] = { key: 'errRequired' };
  else if (v.length > max) errors[field] = { key: 'errTooLong', values: { max } };
}

function id(errors: Errors, field: string, value: string): void {
  if (!value.trim()) errors[field] = { key: 'errRequired' };
  else if (!ID.test(value.trim())) errors[field] = { key: 'errId' };
}

export interface RegisterDraft {
  movementId: string;
  unitId: string;
  title: string;
  summary: string;
  field: string;
  authors: { name: string; userId: string }[];
}

/** The register form: errors by field, and the body when there are none. */
export function validateRegister(d: RegisterDraft): { errors: Errors; body?: RegisterBody } {
  const errors: Errors = {};
  id(errors, 'movementId', d.movementId);
  id(errors, 'unitId', d.unitId);
  text(errors, 'title', d.title, 300);
  text(errors, 'summary', d.summary, 10_000);
  text(errors, 'field', d.field, 100);
  const authors: Author[] = [];
  d.authors.forEach((a, i) => {
    if (!a.name.trim() && !a.userId.trim()) return; // an empty row is no author
    if (!a.name.trim()) errors[`authors.${i}.name`] = { key: 'errRequired' };
    else if (a.name.trim().length > 200) errors[`authors.${i}.name`] = { key: 'errTooLong', values: { max: 200 } };
    if (a.userId.trim() && !ID.test(a.userId.trim())) errors[`authors.${i}.userId`] = { key: 'errId' };
    authors.push(a.userId.trim() ? { name: a.name.trim(), userId: a.userId.trim() } : { name: a.name.trim() });
  });
  if (authors.length > 50) errors.authors = { key: 'errTooMany', values: { max: 50 } };
  if (Object.keys(errors).length) return { errors };
  return {
    errors,
    body: { movementId: d.movementId.trim(), unitId: d.unitId.trim(), title: d.title.trim(), summary: d.summary.trim(), field: d.field.trim(), authors },
  };
}

/** A row of the nomination's document list: the kind chosen and the file once hashed. */
export interface DocumentDraft {
  kind: string;
  file?: { fileName: string; size: number; mediaType: string; sha256: string };
  /** True while the file is being read and hashed. */
  hashing?: boolean;
}

export const MAX_DOCUMENTS = 50;

/** The documents of a nomination or resubmission; `required` are the definition's requiredDocuments. */
export function validateDocuments(rows: DocumentDraft[], required: readonly string[], errors: Errors, atLeastOne = true): DossierDocument[] {
  const documents: DossierDocument[] = [];
  const seen = new Set<string>();
  if (atLeastOne && rows.length === 0) errors.documents = { key: 'errNoDocuments' };
  if (rows.length > MAX_DOCUMENTS) errors.documents = { key: 'errTooMany', values: { max: MAX_DOCUMENTS } };
  rows.forEach((row, i) => {
    const kind = row.kind.trim();
    if (!kind) errors[`documents.${i}.kind`] = { key: 'errRequired' };
    else if (kind.length > 100) errors[`documents.${i}.kind`] = { key: 'errTooLong', values: { max: 100 } };
    // The dossier keeps one document per kind: a second of the same kind would replace the first.
    else if (seen.has(kind)) errors[`documents.${i}.kind`] = { key: 'errDuplicateKind' };
    seen.add(kind);
    if (row.hashing) errors[`documents.${i}.file`] = { key: 'errStillHashing' };
    else if (!row.file) errors[`documents.${i}.file`] = { key: 'errNoFile' };
    else if (!SHA256.test(row.file.sha256)) errors[`documents.${i}.file`] = { key: 'errNoFile' };
    if (row.file && kind) documents.push({ name: kind, sha256: row.file.sha256.toLowerCase(), fileName: row.file.fileName, size: row.file.size, mediaType: row.file.mediaType });
  });
  if (atLeastOne) {
    const missing = required.filter((r) => !seen.has(r));
    if (missing.length && !errors.documents) errors.documents = { key: 'errMissingDocuments', values: { names: missing.join(', ') } };
  }
  return documents;
}

export interface NominationDraft {
  awardForm: string;
  councilId: string;
  statement: string;
  documents: DocumentDraft[];
}

export function validateNomination(d: NominationDraft, requiredDocuments: readonly string[]): { errors: Errors; body?: NominationBody } {
  const errors: Errors = {};
  text(errors, 'awardForm', d.awardForm, 100);
  id(errors, 'councilId', d.councilId);
  text(errors, 'statement', d.statement, 20_000);
  const documents = validateDocuments(d.documents, requiredDocuments, errors);
  if (Object.keys(errors).length) return { errors };
  return { errors, body: { awardForm: d.awardForm.trim(), councilId: d.councilId.trim(), statement: d.statement.trim(), documents } };
}

/** Indicators typed as JSON text: empty is none; anything else must be a JSON object. */
export function parseIndicators(value: string, errors: Errors, field = 'indicators'): Record<string, unknown> | undefined {
  if (!value.trim()) return undefined;
  try {
    const parsed = JSON.parse(value) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  errors[field] = { key: 'errIndicators' };
  return undefined;
}
