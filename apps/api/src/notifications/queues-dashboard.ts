import { Injectable, type NestMiddleware } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { NextFunction, Request, Response } from 'express';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { UserDirectory } from '@laurel/application';
import { hasAnyRole } from '@laurel/domain';
import { NotificationStores } from './notification-stores';

export const DASHBOARD_PATH = 'admin/queues';
const COOKIE = 'laurel_queues_token';

/**
 * Bull Board at /admin/queues (outside /api/v1, like /health and /metrics), administrators only. A browser cannot send a bearer header
 * on navigation, so `?token=<JWT>` is accepted once and kept in an HttpOnly cookie for the board's
 * own requests.
 */
@Injectable()
export class QueuesDashboard implements NestMiddleware {
  private router: ReturnType<ExpressAdapter['getRouter']> | undefined;

  constructor(
    private readonly jwt: JwtService,
    private readonly users: UserDirectory,
    private readonly stores: NotificationStores,
  ) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const token = bearer(req) ?? (typeof req.query.token === 'string' ? req.query.token : undefined) ?? cookie(req, COOKIE);
    const subject = token ? await this.jwt.verifyAsync<{ sub?: string }>(token).then((c) => c.sub, () => undefined) : undefined;
    const actor = subject ? await this.users.actor(subject) : undefined;
    if (!actor || !hasAnyRole(actor, ['administrator'])) {
      res.status(actor ? 403 : 401).type('application/problem+json').json({
        type: 'about:blank',
        title: actor ? 'Forbidden' : 'Unauthorized',
        status: actor ? 403 : 401,
        code: actor ? 'FORBIDDEN' : 'UNAUTHENTICATED',
        detail: 'The queue dashboard is for administrators',
      });
      return;
    }
    if (typeof req.query.token === 'string') {
      res.cookie(COOKIE, req.query.token, { httpOnly: true, sameSite: 'strict', path: `${req.baseUrl}` });
    }
    this.board(req.baseUrl)(req, res, next);
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
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}
