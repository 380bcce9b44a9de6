import { Injectable, Logger, Module, UseGuards, applyDecorators, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectThrottlerOptions, InjectThrottlerStorage, ThrottlerGuard, ThrottlerModule, type ThrottlerLimitDetail, type ThrottlerModuleOptions, type ThrottlerStorage } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { isIP } from 'node:net';
import { LaurelConfig, REDIS } from '@laurel/infra';
import { ProblemException } from '../problem-details';
import { RedisThrottlerStorage } from './redis-throttler-storage';

/** The one throttler: public objections per client address. */
const OBJECTIONS = 'objections';

/**
 * Limits the public objection route per client (README, "Configuration": OBJECTION_RATE_LIMIT per
 * OBJECTION_RATE_WINDOW_SECONDS), counted in Redis so that all API processes share the count.
 */
@Injectable()
export class ObjectionRateLimitGuard extends ThrottlerGuard {
  private readonly log = new Logger('RateLimit');

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly config: LaurelConfig,
  ) {
    super(options, storage, reflector);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    try {
      return await super.canActivate(context);
    } catch (error) {
      if (error instanceof ProblemException) throw error;
      // Redis unreachable: objections stay open (the count resumes with Redis) rather than failing.
      this.log.warn(`rate limit not checked: ${String(error)}`);
      return true;
    }
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    return clientAddress(req as unknown as FastifyRequest, this.config.TRUST_PROXY);
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfter = String(Math.max(1, detail.timeToBlockExpire));
    throw new ProblemException(429, 'RATE_LIMITED', `Too many objections from this client; try again in ${retryAfter} s`, { 'Retry-After': retryAfter });
  }
}

/**
 * The client's address: the connection's peer, or with `hops` trusted proxies in front, the address
 * `hops` entries from the right of X-Forwarded-For (entries further left are the client's to forge).
 */
export function clientAddress(req: Pick<FastifyRequest, 'headers' | 'socket'>, hops: number): string {
  const peer = req.socket?.remoteAddress ?? 'unknown';
  const header = req.headers['x-forwarded-for'];
  if (hops <= 0 || header === undefined) return normalise(peer);
  const chain = (Array.isArray(header) ? header.join(',') : header).split(',').map((a) => a.trim()).filter(Boolean);
  const addresses = [...chain, peer];
  const candidate = addresses[Math.max(0, addresses.length - 1 - hops)];
  return normalise(isIP(candidate) ? candidate : peer);
}

function normalise(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/** The public objection route's rate limit. */
export const ObjectionRateLimit = () => applyDecorators(UseGuards(ObjectionRateLimitGuard));

@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [LaurelConfig, REDIS],
      useFactory: (config: LaurelConfig, redis: Redis) => ({
        throttlers: [{ name: OBJECTIONS, limit: config.OBJECTION_RATE_LIMIT, ttl: config.OBJECTION_RATE_WINDOW_SECONDS * 1000 }],
        storage: new RedisThrottlerStorage(redis, config.RATE_LIMIT_REDIS_PREFIX),
        // Retry-After comes with the 429 problem; no per-request X-RateLimit-* headers.
        setHeaders: false,
      }),
    }),
  ],
})
export class RateLimitModule {}
