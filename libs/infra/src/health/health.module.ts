import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthChecks, HealthController } from './health.controller';
import { FeedHorizon } from './feed-horizon';
import { ReadReplicaReporter } from './read-replica';

/** GET /health, /health/live and /health/ready (and the read replica's check and gauges); other modules add their checks through the global `HealthChecks`. */
@Global()
@Module({ imports: [TerminusModule], controllers: [HealthController], providers: [HealthChecks, FeedHorizon, ReadReplicaReporter], exports: [HealthChecks, FeedHorizon, ReadReplicaReporter] })
export class HealthModule {}
