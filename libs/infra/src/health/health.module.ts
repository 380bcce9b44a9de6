import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthChecks, HealthController } from './health.controller';
import { FeedHorizon } from './feed-horizon';

/** GET /health, /health/live and /health/ready; other modules add their checks through the global `HealthChecks`. */
@Global()
@Module({ imports: [TerminusModule], controllers: [HealthController], providers: [HealthChecks, FeedHorizon], exports: [HealthChecks, FeedHorizon] })
export class HealthModule {}
