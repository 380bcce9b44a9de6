import { Body, Controller, Delete, HttpCode, Injectable, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags, ApiNoContentResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { LaurelConfig } from '@laurel/infra';
import { Public, Roles } from '../auth/auth.decorators';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { ProblemException } from '../http/problem-details';
import { ApiEmptyBody, EmptyBody } from '../http/request-validation';
import { CommandResponses } from '../http/openapi';
import { Idempotent } from '../http/idempotency.interceptor';

/** The queue dashboard's session cookie: HttpOnly, SameSite=Strict, sent only to /admin/queues. */
export const QUEUES_SESSION_COOKIE = 'laurel_queues_session';
export const QUEUES_SESSION_PATH = '/admin/queues';
/** A dashboard session lives 30 minutes; the administrator asks for a new one after that. */
export const QUEUES_SESSION_SECONDS = 30 * 60;

/**
 * Signed dashboard sessions: `<user id>.<expiry>.<HMAC>`, never the bearer token. The HMAC key is
 * derived from AUTH_JWT_SECRET (so every API process accepts every session) under its own label,
 * so a session value is no token and a token no session; without a secret, a key per process.
 */
@Injectable()
export class QueuesSessions {
  private readonly key: Buffer;

  constructor(private readonly config: LaurelConfig) {
    this.key = config.AUTH_JWT_SECRET
      ? Buffer.from(hkdfSync('sha256', config.AUTH_JWT_SECRET, 'laurel', 'laurel queues-dashboard session v1', 32))
      : randomBytes(32);
  }

  issue(userId: string, now = Date.now()): { value: string; expiresAt: Date } {
    const expiresAt = Math.floor(now / 1000) + QUEUES_SESSION_SECONDS;
    const body = `${Buffer.from(userId).toString('base64url')}.${expiresAt}`;
    return { value: `${body}.${this.mac(body)}`, expiresAt: new Date(expiresAt * 1000) };
  }

  /** The user id of a valid, unexpired session value; undefined for anything else. */
  userOf(value: string | undefined, now = Date.now()): string | undefined {
    const parts = (value ?? '').split('.');
    if (parts.length !== 3) return undefined;
    const [user, expiry, mac] = parts;
    const expected = Buffer.from(this.mac(`${user}.${expiry}`));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    if (!/^\d+$/.test(expiry) || Number(expiry) * 1000 <= now) return undefined;
    return Buffer.from(user, 'base64url').toString('utf8');
  }

  /** Secure outside embedded mode: a laptop run is plain http on localhost. */
  cookieOptions(): { httpOnly: true; sameSite: 'strict'; secure: boolean; path: string } {
    return { httpOnly: true, sameSite: 'strict', secure: !this.config.LAUREL_EMBEDDED, path: QUEUES_SESSION_PATH };
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}

export class QueuesSessionView {
  @ApiProperty({ type: String, format: 'date-time', description: 'When the dashboard session ends; POST again after that' })
  expiresAt!: string;

  @ApiProperty({ type: String, example: '/admin/queues', description: 'Where the dashboard is; the cookie is sent only there' })
  dashboard!: string;
}

/**
 * A browser cannot send a bearer header when it navigates, and a token never travels in a URL: an
 * administrator's client POSTs here with its bearer token, and the answer sets the dashboard's cookie.
 */
@ApiTags('auth')
@Controller('auth/queues-session')
@Idempotent()
export class QueuesSessionController {
  constructor(private readonly sessions: QueuesSessions) {}

  @Post()
  @HttpCode(200)
  @Roles('administrator')
  @ApiBearerAuth()
  @ApiOperation({ summary: `Start a queue-dashboard session: sets the ${QUEUES_SESSION_COOKIE} cookie (HttpOnly, SameSite=Strict, path /admin/queues, 30 minutes)` })
  @ApiEmptyBody()
  @CommandResponses(QueuesSessionView, { without: [404, 409, 422] })
  start(@Req() req: AuthenticatedRequest, @Body(EmptyBody) _body: Record<string, never>, @Res({ passthrough: true }) res: FastifyReply): QueuesSessionView {
    const userId = req.actor?.userId;
    if (!userId) throw new ProblemException(401, 'UNAUTHENTICATED', 'Send Authorization: Bearer <token>');
    const session = this.sessions.issue(userId);
    res.setCookie(QUEUES_SESSION_COOKIE, session.value, { ...this.sessions.cookieOptions(), maxAge: QUEUES_SESSION_SECONDS, expires: session.expiresAt });
    return { expiresAt: session.expiresAt.toISOString(), dashboard: QUEUES_SESSION_PATH };
  }

  @Delete()
  @HttpCode(204)
  @Public()
  @ApiOperation({ summary: `End the queue-dashboard session: clears the ${QUEUES_SESSION_COOKIE} cookie (no token needed)` })
  @ApiNoContentResponse({ description: "The cookie is cleared" })
  end(@Res({ passthrough: true }) res: FastifyReply): void {
    res.clearCookie(QUEUES_SESSION_COOKIE, this.sessions.cookieOptions());
  }
}
