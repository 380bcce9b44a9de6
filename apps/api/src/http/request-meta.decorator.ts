import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AppendObserver, RequestMeta } from '@laurel/application';
import { PUBLIC_ACTOR, type AuthenticatedRequest } from '../auth/auth.guard';
import { ProblemException } from './problem-details';

/** What the idempotency interceptor leaves on the request: the scope the event ids derive from, and who records the appends. */
export type IdempotentRequest = AuthenticatedRequest & { idempotencyScope?: string; appendObserver?: AppendObserver };

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** The request facts a command needs: actor, correlation id, Idempotency-Key and If-Match. */
export const Meta = createParamDecorator((_: unknown, context: ExecutionContext): RequestMeta => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  return requestMeta(request);
});

export function requestMeta(request: IdempotentRequest): RequestMeta {
  const key = header(request, 'idempotency-key');
  if (key !== undefined) checkIdempotencyKey(key);
  return {
    actor: request.actor ?? PUBLIC_ACTOR,
    correlationId: header(request, 'x-correlation-id') ?? String(request.id ?? randomUUID()),
    ...(key !== undefined ? { idempotencyKey: key } : {}),
    ...(key !== undefined && request.idempotencyScope !== undefined ? { idempotencyScope: request.idempotencyScope } : {}),
    ...(key !== undefined && request.appendObserver !== undefined ? { appendObserver: request.appendObserver } : {}),
    ...ifMatch(header(request, 'if-match')),
  };
}

/** Refuses a malformed Idempotency-Key (400 INVALID_HEADER). */
export function checkIdempotencyKey(key: string): void {
  if (!IDEMPOTENCY_KEY.test(key)) throw new ProblemException(400, 'INVALID_HEADER', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
}

function ifMatch(value: string | undefined): { ifMatch?: number } {
  if (value === undefined) return {};
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(value.trim());
  if (!match) throw new ProblemException(400, 'INVALID_HEADER', 'If-Match must be a stream version, e.g. If-Match: 3');
  return { ifMatch: Number(match[1]) };
}

function header(request: AuthenticatedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
