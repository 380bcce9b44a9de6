import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { hasAnyRole, type Actor, type Role } from '@laurel/domain';
import { UserDirectory } from '@laurel/application';
import { ProblemException } from '../http/problem-details';
import { PUBLIC_ROUTE, REQUIRED_ROLES } from './auth.decorators';

/** The anonymous public: may read public data and file objections. */
export const PUBLIC_ACTOR: Actor = { userId: 'public', roles: ['public'] };

/** Verified tokens, so a client's every request does not pay for the signature check again. */
const VERIFIED_CACHE_SIZE = 10_000;

export type AuthenticatedRequest = Request & { actor?: Actor };

/**
 * Bearer JWT on every route but the public ones; the token names the user (`sub`), the user
 * directory says their roles and unit. A valid token for an unknown user is refused.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UserDirectory,
  ) {}

  private readonly verified = new Map<string, { subject: string | undefined; expiresAt: number }>();

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) ?? false;
    const header = request.headers.authorization;
    if (isPublic && !header) {
      request.actor = PUBLIC_ACTOR;
      return true;
    }
    const actor = await this.authenticate(header);
    request.actor = actor;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !hasAnyRole(actor, roles)) {
      throw new ProblemException(403, 'FORBIDDEN', `This needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }

  private async authenticate(header: string | undefined): Promise<Actor> {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    if (!match) throw new ProblemException(401, 'UNAUTHENTICATED', 'Send Authorization: Bearer <token>', { 'WWW-Authenticate': 'Bearer' });
    const subject = await this.subjectOf(match[1]);
    const actor = subject !== undefined ? await this.users.actor(subject) : undefined;
    if (!actor) throw new ProblemException(401, 'UNAUTHENTICATED', 'The token names no registered user', { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
    return actor;
  }

  /** The token's subject, or a 401; a verified token is remembered until it expires. */
  private async subjectOf(token: string): Promise<string | undefined> {
    const known = this.verified.get(token);
    if (known && known.expiresAt > Date.now()) return known.subject;
    let claims: { sub?: unknown; exp?: unknown };
    try {
      claims = await this.jwt.verifyAsync<{ sub?: unknown; exp?: unknown }>(token);
    } catch {
      throw new ProblemException(401, 'UNAUTHENTICATED', 'The token is invalid or expired', { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
    }
    const subject = typeof claims.sub === 'string' ? claims.sub : undefined;
    const expiresAt = typeof claims.exp === 'number' ? claims.exp * 1000 : Date.now() + 60_000;
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.clear();
    this.verified.set(token, { subject, expiresAt });
    return subject;
  }
}
