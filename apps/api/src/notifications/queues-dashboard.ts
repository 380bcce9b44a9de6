import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { UserDirectory } from '@laurel/application';
import { hasAnyRole } from '@laurel/domain';
import { TokenVerifier } from '../auth/token-verifier';
import { UserEmailIndex } from '../auth/user-email-index';
import { NotificationStores } from './notification-stores';
import { QUEUES_SESSION_COOKIE, QueuesSessions } from './queues-session';

export const DASHBOARD_PATH = 'admin/queues';

/**
 * Bull Board at /admin/queues (outside /api/v1, like /health and /metrics), administrators only:
 * a bearer header (scripts) or the session cookie POST /api/v1/auth/queues-session set (browsers).
 * A token in the URL is never accepted: URLs end up in logs, histories and Referer headers.
 */
@Injectable()
export class QueuesDashboard implements NestMiddleware {
  private router: ReturnType<ExpressAdapter['getRouter']> | undefined;

  constructor(
    private readonly tokens: TokenVerifier,
    private readonly emails: UserEmailIndex,
    private readonly sessions: QueuesSessions,
    private readonly users: UserDirectory,
    private readonly stores: NotificationStores,
  ) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const subject = await this.subjectOf(req);
    // Roles are looked up on every request: a session ends as soon as its user loses the role.
    const actor = subject ? await this.users.actor(subject) : undefined;
    if (!actor || !hasAnyRole(actor, ['administrator'])) {
      res.status(actor ? 403 : 401).type('application/problem+json').json({
        type: 'about:blank',
        title: actor ? 'Forbidden' : 'Unauthorized',
        status: actor ? 403 : 401,
        code: actor ? 'FORBIDDEN' : 'UNAUTHENTICATED',
        detail: actor
          ? 'The queue dashboard is for administrators'
          : 'The queue dashboard is for administrators: send a bearer token, or POST /api/v1/auth/queues-session with one for a session cookie (tokens in URLs are not accepted)',
      });
      return;
    }
    this.board(req.baseUrl)(req, res, next);
  }

  private async subjectOf(req: Request): Promise<string | undefined> {
    const token = bearer(req);
    if (!token) return this.sessions.userOf(cookie(req, QUEUES_SESSION_COOKIE));
    const verified = await this.tokens.verify(token).catch(() => undefined);
    if (!verified) return undefined;
    return verified.claim === 'sub' ? verified.value : this.emails.userIdFor(verified.value);
  }

  private board(basePath: string) {
    if (!this.router) {
      const adapter = new ExpressAdapter();
      adapter.setBasePath(basePath);
      createBullBoard({ queues: this.stores.queues.all.map((queue) => new BullMQAdapter(queue)), serverAdapter: adapter });
      this.router = adapter.getRouter();
    }
    return this.router;
  }
}

function bearer(req: Request): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
}

function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('='); // a session value is URL-safe as it is
  }
  return undefined;
}
