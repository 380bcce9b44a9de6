import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { UserDirectory } from '@laurel/application';
import { hasAnyRole } from '@laurel/domain';
import { TokenVerifier } from '../auth/token-verifier';
import { UserEmailIndex } from '../auth/user-email-index';
import { NotificationStores } from './notification-stores';
import { QUEUES_SESSION_COOKIE, QueuesSessions } from './queues-session';

export const DASHBOARD_PATH = '/admin/queues';

/**
 * Bull Board at /admin/queues (outside /api/v1, like /health and /metrics), administrators only:
 * a bearer header (scripts) or the session cookie POST /api/v1/auth/queues-session set (browsers).
 * A token in the URL is never accepted: URLs end up in logs, histories and Referer headers.
 * It is a Fastify plugin beside Nest's routes; its onRequest hook checks every request to it.
 */
@Injectable()
export class QueuesDashboard implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly tokens: TokenVerifier,
    private readonly emails: UserEmailIndex,
    private readonly sessions: QueuesSessions,
    private readonly users: UserDirectory,
    private readonly stores: NotificationStores,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const board = new FastifyAdapter();
    board.setBasePath(DASHBOARD_PATH);
    createBullBoard({ queues: this.stores.queues.all.map((queue) => new BullMQAdapter(queue)), serverAdapter: board });
    void fastify.register(
      async (scope) => {
        scope.addHook('onRequest', (req, reply) => this.admit(req, reply));
        await scope.register(board.registerPlugin());
      },
      { prefix: DASHBOARD_PATH },
    );
  }

  /** Lets administrators through; answers anyone else with a problem+json 401 or 403. */
  private async admit(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const subject = await this.subjectOf(req);
    // Roles are looked up on every request: a session ends as soon as its user loses the role.
    const actor = subject ? await this.users.actor(subject) : undefined;
    if (actor && hasAnyRole(actor, ['administrator'])) return;
    await reply
      .status(actor ? 403 : 401)
      .type('application/problem+json')
      .send(
        JSON.stringify({
          type: 'about:blank',
          title: actor ? 'Forbidden' : 'Unauthorized',
          status: actor ? 403 : 401,
          code: actor ? 'FORBIDDEN' : 'UNAUTHENTICATED',
          detail: actor
            ? 'The queue dashboard is for administrators'
            : 'The queue dashboard is for administrators: send a bearer token, or POST /api/v1/auth/queues-session with one for a session cookie (tokens in URLs are not accepted)',
        }),
      );
  }

  private async subjectOf(req: FastifyRequest): Promise<string | undefined> {
    const token = bearer(req);
    if (!token) return this.sessions.userOf(req.cookies[QUEUES_SESSION_COOKIE]);
    const verified = await this.tokens.verify(token).catch(() => undefined);
    if (!verified) return undefined;
    return verified.claim === 'sub' ? verified.value : this.emails.userIdFor(verified.value);
  }
}

function bearer(req: FastifyRequest): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
}
