import type { TFunction } from 'i18next';
import { ApiError } from '../../../lib/api';

const KNOWN = new Set(['CONFLICT_OF_INTEREST', 'ALREADY_VOTED', 'ALREADY_SCORED', 'REVIEW_CLOSED', 'GUARD_FAILED', 'FORBIDDEN']);

/** An API refusal told in the member's words (the code stays, so it can be quoted). */
export function explain(error: unknown, t: TFunction): unknown {
  if (!(error instanceof ApiError) || !KNOWN.has(error.code)) return error;
  return new ApiError(error.status, error.code, error.title, t(`code_${error.code}`), error.errors);
}

/** A recusal's reason in words: automatic ones by kind, a declared one as such. */
export function recusalReason(reason: string, t: TFunction): string {
  const kind = reason.replace(/^automatic:/, '');
  if (['nominating_unit', 'author', 'declared_conflict'].includes(kind)) return t(`recusal_${kind}`);
  return t('recusalOther', { reason });
}
