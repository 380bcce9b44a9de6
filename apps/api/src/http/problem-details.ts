import { HttpStatus } from '@nestjs/common';
import type { DomainErrorCode } from '@laurel/domain';

/** RFC 9457 problem details with Laurel's stable `code`. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: { field: string; in?: 'body' | 'query' | 'path'; messages: string[] }[];
  problems?: readonly string[];
  [extension: string]: unknown;
}

/** Status per domain error code: the code is the contract, the status follows HTTP's meaning. */
export const DOMAIN_ERROR_STATUS: Record<DomainErrorCode, HttpStatus> = {
  VALIDATION_FAILED: HttpStatus.BAD_REQUEST,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  ALREADY_EXISTS: HttpStatus.CONFLICT,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  TRANSITION_NOT_ALLOWED: HttpStatus.CONFLICT,
  GUARD_FAILED: HttpStatus.UNPROCESSABLE_ENTITY,
  NOT_COUNCIL_MEMBER: HttpStatus.FORBIDDEN,
  CONFLICT_OF_INTEREST: HttpStatus.FORBIDDEN,
  ALREADY_VOTED: HttpStatus.CONFLICT,
  ALREADY_SCORED: HttpStatus.CONFLICT,
  REVIEW_CLOSED: HttpStatus.CONFLICT,
  BALLOT_COUNT_MISMATCH: HttpStatus.CONFLICT,
  INVALID_DEFINITION: HttpStatus.UNPROCESSABLE_ENTITY,
  DEFINITION_MISMATCH: HttpStatus.CONFLICT,
  NOTHING_OWED: HttpStatus.CONFLICT,
};

const TITLES: Partial<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(status: number, code: string, detail: string, extra: Partial<ProblemDetails> = {}): ProblemDetails {
  return {
    type: `https://laurel.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...extra,
  };
}

/** Thrown by the HTTP layer itself (auth, headers, waiting for read models). */
export class ProblemException extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}
