import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { hasAnyRole, type Actor, type Role, type UserState } from '@laurel/domain';
import { streams, UserDirectory } from '@laurel/application';
import { isDatabaseUnavailable, ReadDatabase } from '@laurel/infra';
import { referenceState } from '@laurel/read-models';
import { ProblemException } from '../http/problem-details';
import { PUBLIC_ROUTE, REQUIRED_ROLES } from './auth.decorators';
import { TokenVerifier, tokenKey, type VerifiedToken } from './token-verifier';
import { UserEmailIndex } from './user-email-index';

/** The anonymous public: may read public data and file objections. */
export const PUBLIC_ACTOR: Actor = { userId: 'public', roles: ['public'] };

/** How long sign-in reads the replica's user directory after the primary failed to answer (the Retry-After of a 503 DATABASE_UNAVAILABLE). */
const PRIMARY_RETRY_MS = 5_000;

/** Verified tokens, so a client's every request does not pay for the signature check again; bounded, oldest out first. */
const VERIFIED_CACHE_SIZE = 10_000;

export type AuthenticatedRequest = FastifyRequest & { actor?: Actor };

/**
 * Bearer JWT on every route but the public ones (TokenVerifier: the OIDC issuer's or a service
 * account's); the token names the user (`sub`, or `email` with OIDC_USER_CLAIM=email), the user
 * directory says their roles and unit. A valid token for an unknown user is refused.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenVerifier,
    private readonly users: UserDirectory,
    private readonly emails: UserEmailIndex,
    private readonly reads: ReadDatabase,
  ) {}

  private readonly verified = new Map<string, VerifiedToken>();
  /** Until then sign-in reads the replica's directory: the primary did not answer just before. */
  private primaryDownUntil = 0;

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
    const token = await this.verifiedToken(match[1]);
    const userId = token.claim === 'sub' ? token.value : await this.emails.userIdFor(token.value);
    const actor = userId !== undefined ? await this.actor(userId) : undefined;
    if (!actor) {
      const detail = token.claim === 'sub' ? 'The token names no registered user' : 'The token names an e-mail no single registered user has';
      throw new ProblemException(401, 'UNAUTHENTICATED', detail, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
    }
    return actor;
  }

  /**
   * The user's roles and unit from the directory (the log, on the primary). While the primary does
   * not answer and a read replica does, from the replica's `reference` read model instead: nothing
   * can be written meanwhile, so signed-in users go on reading (docs/operations.md, "Reads on a
   * replica"). Only a registered user found there counts: one the replica does not know may be one
   * it has not replayed yet, so that is the primary's 503, never a 401.
   */
  private async actor(userId: string): Promise<Actor | undefined> {
    // Right after the primary failed to answer, the next sign-ins do not wait for it again (a
    // frozen server takes the whole connect timeout): for as long as a client told to retry waits.
    if (this.reads.replicated && Date.now() < this.primaryDownUntil) {
      const known = await this.replicaActor(userId);
      if (known) return known;
    }
    try {
      return await this.users.actor(userId);
    } catch (error) {
      if (!this.reads.replicated || !isDatabaseUnavailable(error)) throw error;
      this.primaryDownUntil = Date.now() + PRIMARY_RETRY_MS;
      const known = await this.replicaActor(userId);
      if (!known) throw error;
      return known;
    }
  }

  /** A registered user as the replica's reference read model has them; undefined when it has none or does not answer. */
  private async replicaActor(userId: string): Promise<Actor | undefined> {
    const user = await this.reads.read((db) => referenceState<UserState>(db, streams.user(userId))).catch(() => undefined);
    return user?.status === 'registered' ? { userId: user.userId, roles: user.roles, unitId: user.unitId } : undefined;
  }

  /** The verified token, or a 401; remembered until it expires, never longer. */
  private async verifiedToken(token: string): Promise<VerifiedToken> {
    const key = tokenKey(token);
    const known = this.verified.get(key);
    if (known) {
      if (known.expiresAt > Date.now()) return known;
      this.verified.delete(key);
    }
    const verified = await this.tokens.verify(token);
    const oldest = this.verified.keys().next();
    if (this.verified.size >= VERIFIED_CACHE_SIZE && !oldest.done) this.verified.delete(oldest.value);
    this.verified.set(key, verified);
    return verified;
  }
}
