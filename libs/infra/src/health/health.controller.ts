import { Controller, Get, Inject, Injectable } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { Pool } from 'pg';
import type { Redis } from 'ioredis';
import { REDIS } from '../persistence/persistence.module';
import { Public } from '../http/public-route';

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

/** GET /health: 200 when PostgreSQL, Redis and the registered checks are up, 503 with the failing part named otherwise. */
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
  ) {}

  @Get()
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
