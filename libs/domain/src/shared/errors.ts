/**
 * Stable, machine-readable error codes. The API maps them to problem+json `code`
 * values, so renaming one is a breaking change for clients.
 */
export const DomainErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  NOT_FOUND: 'NOT_FOUND',
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  FORBIDDEN: 'FORBIDDEN',
  TRANSITION_NOT_ALLOWED: 'TRANSITION_NOT_ALLOWED',
  GUARD_FAILED: 'GUARD_FAILED',
  NOT_COUNCIL_MEMBER: 'NOT_COUNCIL_MEMBER',
  CONFLICT_OF_INTEREST: 'CONFLICT_OF_INTEREST',
  ALREADY_VOTED: 'ALREADY_VOTED',
  ALREADY_SCORED: 'ALREADY_SCORED',
  REVIEW_CLOSED: 'REVIEW_CLOSED',
  BALLOT_COUNT_MISMATCH: 'BALLOT_COUNT_MISMATCH',
  INVALID_DEFINITION: 'INVALID_DEFINITION',
  DEFINITION_MISMATCH: 'DEFINITION_MISMATCH',
  NOTHING_OWED: 'NOTHING_OWED',
} as const;

export type DomainErrorCode = (typeof DomainErrorCode)[keyof typeof DomainErrorCode];

export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** Itemised problems, e.g. every defect of a rejected workflow definition. */
    readonly problems: readonly string[] = [],
  ) {
    super(message);
  }
}

export const fail = (code: DomainErrorCode, message: string, problems: readonly string[] = []): never => {
  throw new DomainError(code, message, problems);
};

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
