import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

/*
 * Shared OpenAPI descriptions of what routes answer: the command answer, pages of a list, and the
 * problem+json errors (api.md "Errors"). Routes use the decorators at the end of this file rather
 * than lists of @ApiResponse. test/api-harness.ts checks every JSON answer against them.
 */

export class FieldErrorDto {
  @ApiProperty({ type: String, description: 'The request field (dotted path for nested ones)', example: 'title' })
  field!: string;
  @ApiPropertyOptional({ enum: ['body', 'query', 'path'], description: 'Where the field is' })
  in?: 'body' | 'query' | 'path';
  @ApiProperty({ type: [String], example: ['title must be longer than or equal to 1 characters'] })
  messages!: string[];
}

/** RFC 9457 problem details with Laurel's stable `code` (application/problem+json). */
export class ProblemDetails {
  @ApiProperty({ type: String, format: 'uri', example: 'https://laurel.dev/problems/validation-failed' })
  type!: string;
  @ApiProperty({ type: String, example: 'Bad Request' })
  title!: string;
  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, example: 400 })
  status!: number;
  @ApiProperty({ type: String, example: 'title must be longer than or equal to 1 characters' })
  detail!: string;
  @ApiProperty({ type: String, description: 'Stable machine-readable code (api.md "Errors")', example: 'VALIDATION_FAILED' })
  code!: string;
  @ApiPropertyOptional({ type: String, description: 'The request path', example: '/api/v1/initiatives' })
  instance?: string;
  @ApiPropertyOptional({ type: () => [FieldErrorDto], description: 'VALIDATION_FAILED: each invalid field with its messages' })
  errors?: FieldErrorDto[];
  @ApiPropertyOptional({ type: [String], description: 'INVALID_DEFINITION and guard failures: every problem found' })
  problems?: string[];
  @ApiPropertyOptional({ type: 'integer', description: 'WRONG_EXPECTED_VERSION: the stream version now' })
  currentVersion?: number;
}

/** What every command answers (api.md): the stream, its version after the command, the global position. */
export class CommandResult {
  @ApiProperty({ type: String, description: 'The id of the aggregate the command changed (or created)', example: 'ledger-2025-hanoi' })
  id!: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Stream version after the command: send it as If-Match next time', example: 3 })
  version!: number;
  @ApiProperty({ type: String, pattern: '^[0-9a-f]{32}$', description: 'Global position of the write: pass it as minPosition to read your own write', example: '0000000000000a3f0000000000000001' })
  position!: string;
}

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503;

const PROBLEM_DESCRIPTIONS: Record<ProblemStatus, string> = {
  400: 'VALIDATION_FAILED (or another 400 code): the request is malformed; `errors` names the fields',
  401: 'UNAUTHENTICATED: no valid bearer token',
  403: 'FORBIDDEN (or NOT_COUNCIL_MEMBER, CONFLICT_OF_INTEREST): the caller may not do this',
  404: 'NOT_FOUND: no such resource (or the caller may not know of it)',
  409: 'TRANSITION_NOT_ALLOWED, ALREADY_EXISTS, WRONG_EXPECTED_VERSION, IDEMPOTENCY_* …: the state does not allow it now',
  413: 'PAYLOAD_TOO_LARGE: the body is over 100 kB',
  422: 'GUARD_FAILED, INVALID_DEFINITION: the request is well-formed but the rules refuse it',
  429: 'RATE_LIMITED: too many requests; retry after Retry-After seconds',
  503: 'NOT_CAUGHT_UP or DATABASE_UNAVAILABLE: retry after Retry-After seconds',
};

/** problem+json answers for these statuses, all with the shared ProblemDetails schema. */
export const ApiProblems = (...statuses: ProblemStatus[]) =>
  applyDecorators(
    ApiExtraModels(ProblemDetails),
    ...[...new Set(statuses)].map((status) =>
      ApiResponse({ status, description: PROBLEM_DESCRIPTIONS[status], content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetails) } } } }),
    ),
  );

export interface ResponsesOptions {
  /** No token needed (@Public()): no 401/403. */
  public?: boolean;
  /** Further problem statuses the route can answer. */
  problems?: ProblemStatus[];
  /** Problem statuses the route cannot answer, removed from the defaults. */
  without?: ProblemStatus[];
  /** Success status (default 200; 201 for creations). */
  status?: 200 | 201;
  description?: string;
}

const problemsFor = (defaults: ProblemStatus[], options: ResponsesOptions): ProblemStatus[] => {
  const all = [...defaults, ...(options.problems ?? [])].filter((s) => !(options.without ?? []).includes(s));
  return (options.public ? all.filter((s) => s !== 401 && s !== 403) : all).sort((a, b) => a - b);
};

/**
 * A command route: `type` (default CommandResult, or a subclass with the ids the command created)
 * as 200 (201 with `status: 201`), and the problems any command can give.
 */
export const CommandResponses = (type: Type<unknown> = CommandResult, options: ResponsesOptions = {}) =>
  applyDecorators(
    ApiResponse({ status: options.status ?? 200, description: options.description ?? 'The command was applied', type }),
    ApiProblems(...problemsFor([400, 401, 403, 404, 409, 413, 422, 503], options)),
  );

/** A query route answering `type` (or `[type]` for a bare array) with 200, and the problems of a read. */
export const QueryResponses = (type: Type<unknown> | [Type<unknown>], options: ResponsesOptions = {}) =>
  applyDecorators(
    Array.isArray(type)
      ? ApiResponse({ status: 200, description: options.description ?? 'OK', type: type[0], isArray: true })
      : ApiResponse({ status: 200, description: options.description ?? 'OK', type }),
    ApiProblems(...problemsFor([400, 401, 403, 503], options)),
  );

/** The problems of a route whose success is described otherwise (files, text). */
export const ReadProblems = (options: ResponsesOptions = {}) => ApiProblems(...problemsFor([400, 401, 403, 404, 503], options));

const pages = new Map<Type<unknown>, Type<unknown>>();

/**
 * `{ items: T[], nextCursor }`: one page of a list (api.md "Pagination"), as a named schema
 * `<T>Page` (e.g. UnitViewPage).
 */
export function PageOf<T>(item: Type<T>, name = `${item.name}Page`): Type<{ items: T[]; nextCursor: string | null }> {
  const known = pages.get(item);
  if (known) return known as Type<{ items: T[]; nextCursor: string | null }>;
  class PageDto {
    @ApiProperty({ type: () => [item] })
    items!: T[];
    @ApiProperty({ type: String, nullable: true, description: 'Pass as ?cursor= for the next page; null on the last page' })
    nextCursor!: string | null;
  }
  Object.defineProperty(PageDto, 'name', { value: name });
  pages.set(item, PageDto);
  return PageDto;
}
