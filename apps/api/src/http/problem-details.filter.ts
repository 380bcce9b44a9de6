import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError } from '@laurel/domain';
import { isDatabaseUnavailable, redactUrl, requestSerializers } from '@laurel/infra';
import { DuplicateEventId, InvalidEvent, InvalidPosition, WrongExpectedVersion } from '@laurel/event-store';
import { InvalidCursor } from '@laurel/read-models';
import { validationDetail } from './field-errors';
import { DOMAIN_ERROR_STATUS, problem, ProblemException, type ProblemDetails } from './problem-details';

/** What a client waiting out a PostgreSQL restart should wait before retrying. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * Every error leaves as application/problem+json with a stable `code`. Anything not recognised is a
 * 500 with no internals in the body, and is logged.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const response = http.getResponse<FastifyReply>();
    // A failed health check answers as its OpenAPI document says: Terminus's JSON, naming the parts down.
    const health = failedHealthCheck(error);
    if (health) {
      if (!response.sent && !response.raw.headersSent) response.status(503).headers({ 'Content-Type': 'application/json; charset=utf-8' }).send(JSON.stringify(health));
      return;
    }
    const { body, headers } = this.toProblem(error, request);
    // `req` as on the request's own line (no id for a ballot): the line to join this one to.
    if (body.code === 'DATABASE_UNAVAILABLE') this.logger.warn({ err: error, url: redactUrl(request.url), req: requestSerializers.req(request) }, 'database unavailable');
    else if (body.status >= 500) this.logger.error({ err: error, url: redactUrl(request.url), req: requestSerializers.req(request) }, 'request failed');
    if (response.sent || response.raw.headersSent) return;
    response.status(body.status).headers({ ...headers, 'Content-Type': 'application/problem+json' }).send(JSON.stringify({ ...body, instance: request.originalUrl }));
  }

  private toProblem(error: unknown, request: FastifyRequest): { body: ProblemDetails; headers: Record<string, string> } {
    if (error instanceof ProblemException) return { body: problem(error.status, error.code, error.message), headers: error.headers };
    if (isDomainError(error)) {
      return { body: problem(DOMAIN_ERROR_STATUS[error.code], error.code, error.message, error.problems.length ? { problems: error.problems } : {}), headers: {} };
    }
    if (error instanceof WrongExpectedVersion) {
      return {
        body: problem(409, 'WRONG_EXPECTED_VERSION', `${error.stream} is at version ${error.actual}, not ${String(error.expected)}`, { currentVersion: error.actual }),
        headers: {},
      };
    }
    if (error instanceof InvalidEvent || error instanceof InvalidPosition) return { body: problem(400, 'VALIDATION_FAILED', error.message), headers: {} };
    if (error instanceof InvalidCursor) {
      const errors = [{ field: 'cursor', in: 'query' as const, messages: [error.message] }];
      return { body: problem(400, 'VALIDATION_FAILED', validationDetail(errors), { errors }), headers: {} };
    }
    if (error instanceof DuplicateEventId) return { body: problem(409, 'DUPLICATE_EVENT_ID', error.message), headers: {} };
    if (error instanceof HttpException) return { body: fromHttpException(error, request), headers: {} };
    // PostgreSQL down, restarting or stalled: a retry later may succeed, so 503 and not 500.
    if (isDatabaseUnavailable(error)) {
      return {
        body: problem(503, 'DATABASE_UNAVAILABLE', 'The database is unavailable or did not answer in time; retry after the delay in Retry-After.'),
        headers: { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) },
      };
    }
    return { body: problem(500, 'INTERNAL', 'The server failed to handle the request; it has been logged.'), headers: {} };
  }
}

/** The result of a failed GET /health or /health/ready (@nestjs/terminus throws it in a 503). */
function failedHealthCheck(error: unknown): object | undefined {
  if (!(error instanceof HttpException) || error.getStatus() !== 503) return undefined;
  const body = error.getResponse() as { status?: unknown; details?: unknown } | string;
  return typeof body === 'object' && body.status === 'error' && typeof body.details === 'object' ? body : undefined;
}

function fromHttpException(error: HttpException, request: FastifyRequest): ProblemDetails {
  const status = error.getStatus();
  const response = error.getResponse() as { code?: string; message?: unknown; errors?: ProblemDetails['errors'] } | string;
  const payload = typeof response === 'string' ? { message: response } : response;
  if (payload.code === 'VALIDATION_FAILED') {
    return problem(400, 'VALIDATION_FAILED', validationDetail(payload.errors), { errors: payload.errors });
  }
  // The body parser's errors arrive as HttpExceptions without a code.
  const cause = error.cause as { code?: string } | undefined;
  if (status === 400 && (cause?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || cause instanceof SyntaxError || /JSON/i.test(String(payload.message)))) {
    return problem(400, 'MALFORMED_JSON', 'The request body is not valid JSON.');
  }
  const codes: Record<number, string> = { 400: 'BAD_REQUEST', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE' };
  const detail = status === 404 && !payload.code ? `No route ${request.method} ${request.url.split('?')[0]}` : String(Array.isArray(payload.message) ? payload.message.join('; ') : (payload.message ?? error.message));
  return problem(status, payload.code ?? codes[status] ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST'), detail);
}
