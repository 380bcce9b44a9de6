import { DomainErrorCode, fail } from './errors';

const isBlank = (value: unknown): boolean => typeof value !== 'string' || value.trim().length === 0;

/** Returns the trimmed text, or throws VALIDATION_FAILED naming the field. */
export const requireText = (value: unknown, field: string): string => {
  if (isBlank(value)) fail(DomainErrorCode.VALIDATION_FAILED, `${field} is required`);
  return (value as string).trim();
};

export const optionalText = (value: unknown, field: string): string | undefined =>
  value === undefined || value === null ? undefined : requireText(value, field);

export const requireOneOf = <T extends string>(value: unknown, allowed: readonly T[], field: string): T => {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    fail(DomainErrorCode.VALIDATION_FAILED, `${field} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
};

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

export const isIsoDate = (value: unknown): value is string =>
  typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value));

export const requireIsoDate = (value: unknown, field: string): string => {
  if (!isIsoDate(value)) fail(DomainErrorCode.VALIDATION_FAILED, `${field} must be an ISO 8601 date or instant`);
  return value as string;
};
