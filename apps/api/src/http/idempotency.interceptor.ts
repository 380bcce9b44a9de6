import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor, type OnModuleInit } from '@nestjs/common';
import type { Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { Pool } from 'pg';
import { migrate } from '@laurel/event-store';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { ProblemException } from './problem-details';

const WAIT_FOR_TWIN_MS = 10_000;

/**
 * `Idempotency-Key` on commands: the first request's response is stored per (user, key); a repeat
 * gets it back and writes nothing. Two identical requests racing each other: one runs, the other
 * waits for its response. (Event ids derived from the key make the append itself idempotent too.)
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor, OnModuleInit {
  constructor(private readonly pool: Pool) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.pool, 'api', [
      {
        id: '001-idempotency-keys',
        sql: `CREATE TABLE idempotency_keys (
          actor_id text NOT NULL, key text NOT NULL, method text NOT NULL, path text NOT NULL,
          status int, body jsonb, created_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (actor_id, key))`,
      },
    ]);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' && request.method !== 'DELETE') return next.handle();
    if (typeof key !== 'string' || key.length === 0) return next.handle();
    const response = context.switchToHttp().getResponse<Response>();
    const scope = { actor: request.actor?.userId ?? 'public', key, method: request.method, path: request.path };
    return from(this.once(scope, response, () => lastValueFrom(next.handle(), { defaultValue: undefined })));
  }

  private async once(scope: Scope, response: Response, run: () => Promise<unknown>): Promise<unknown> {
    const claimed = await this.pool.query(
      `INSERT INTO idempotency_keys (actor_id, key, method, path) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [scope.actor, scope.key, scope.method, scope.path],
    );
    if (claimed.rowCount === 0) return this.replay(scope, response);
    try {
      const body = await run();
      await this.pool.query('UPDATE idempotency_keys SET status = $3, body = $4 WHERE actor_id = $1 AND key = $2', [
        scope.actor,
        scope.key,
        response.statusCode,
        JSON.stringify(body ?? null),
      ]);
      return body;
    } catch (error) {
      // Nothing was written (a failed command appends nothing): release the key for a retry.
      await this.pool.query('DELETE FROM idempotency_keys WHERE actor_id = $1 AND key = $2', [scope.actor, scope.key]);
      throw error;
    }
  }

  private async replay(scope: Scope, response: Response): Promise<unknown> {
    const deadline = Date.now() + WAIT_FOR_TWIN_MS;
    for (;;) {
      const { rows } = await this.pool.query<{ method: string; path: string; status: number | null; body: unknown }>(
        'SELECT method, path, status, body FROM idempotency_keys WHERE actor_id = $1 AND key = $2',
        [scope.actor, scope.key],
      );
      const row = rows[0];
      if (row && (row.method !== scope.method || row.path !== scope.path)) {
        throw new ProblemException(422, 'IDEMPOTENCY_KEY_REUSED', `This Idempotency-Key was used for ${row.method} ${row.path}`);
      }
      if (row?.status != null) {
        response.status(row.status).setHeader('Idempotent-Replayed', 'true');
        return row.body;
      }
      if (!row) {
        // The first request failed and released the key: this one runs the command after all.
        throw new ProblemException(409, 'IDEMPOTENCY_RETRY', 'The first request with this Idempotency-Key failed; send it again');
      }
      if (Date.now() > deadline) throw new ProblemException(409, 'IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still running');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

interface Scope {
  actor: string;
  key: string;
  method: string;
  path: string;
}
