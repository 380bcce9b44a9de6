import { Controller, Get, Inject, Injectable } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { Pool } from 'pg';
import type { Redis } from 'ioredis';
import { REDIS } from '../persistence/persistence.module';
import { Public } from '../http/public-route';
import { FeedHorizon } from './feed-horizon';

const TIMEOUT_MS = 1000;

/** Further checks other modules add to GET /health (e.g. projection lag); empty by default. */
@Injectable()
export class HealthChecks {
  private readonly checks = new Map<string, (indicators: HealthIndicatorService) => Promise<HealthIndicatorResult>>();

  register(key: string, check: (indicators: HealthIndicatorService) => Promise<HealthIndicatorResult>): void {
    this.checks.set(key, check);
  }

  all(): ((indicators: HealthIndicatorService) => Promise<HealthIndicatorResult>)[] {
    return [...this.checks.values()];
  }
}

/**
 * GET /health: 200 when PostgreSQL, Redis and the registered checks are up, 503 with the failing part
 * named otherwise. GET /health/live: the process runs and serves HTTP (no I/O). GET /health/ready: it
 * can serve, i.e. PostgreSQL and Redis answer; it also reports the feed's horizon, with a warning
 * past FEED_HORIZON_WARN_SECONDS that leaves it ready (the stall is the cluster's, not this process's).
 */
@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly pool: Pool,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly extra: HealthChecks,
    private readonly horizon: FeedHorizon,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process runs and serves HTTP (no I/O)' })
  @ApiOkResponse({ description: 'Alive', schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } }, required: ['status'] } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Redis answer; reports the feed horizon (Terminus format)' })
  @HealthCheck()
  ready() {
    return this.health.check([() => this.database(), () => this.redisPing(), () => this.feedHorizon()]);
  }

  @Get()
  @ApiOperation({ summary: 'Every health check: database, Redis and the process-specific ones (Terminus format)' })
  @HealthCheck()
  check() {
    return this.health.check([() => this.database(), () => this.redisPing(), ...this.extra.all().map((check) => () => check(this.indicators))]);
  }

  private async database(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('database');
    try {
      await withTimeout(this.pool.query('SELECT 1'));
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  private async feedHorizon(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('feedHorizon');
    try {
      const sample = await withTimeout(this.horizon.sample());
      const details = { oldestTransactionSeconds: Math.round(sample.oldestTransactionSeconds), heldEvents: sample.heldEvents, warnAfterSeconds: this.horizon.warnAfterSeconds };
      if (sample.oldestTransactionSeconds <= this.horizon.warnAfterSeconds) return indicator.up(details);
      const who = sample.holder ? ` (pid ${sample.holder.pid} in database ${sample.holder.database ?? '?'}, ${sample.holder.state ?? '?'})` : '';
      return indicator.up({
        ...details,
        warning: `a transaction${who} has held the feed's horizon for ${Math.round(sample.oldestTransactionSeconds)} s: projections, notifications and timers wait for it (docs/operations.md, "The feed's horizon")`,
      });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  private async redisPing(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('redis');
    try {
      await withTimeout(this.redis.ping());
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS).unref()),
  ]);
}
