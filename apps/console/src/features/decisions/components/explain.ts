import type { TFunction } from 'i18next';
import { ApiError } from '../../../lib/api';

const KNOWN = new Set(['GUARD_FAILED', 'FORBIDDEN', 'TRANSITION_NOT_ALLOWED']);

/** An API refusal told in the authority's words (the code stays, so it can be quoted). */
export function explain(error: unknown, t: TFunction): unknown {
  if (!(error instanceof ApiError) || !KNOWN.has(error.code)) return error;
  return new ApiError(error.status, error.code, error.title, `${t(`code_${error.code}`)}${error.detail ? ` (${error.detail})` : ''}`, error.errors);
}
