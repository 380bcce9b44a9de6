import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthChecks, HealthController } from './health.controller';

/** GET /health; other modules add their checks through the global `HealthChecks`. */
@Global()
@Module({ imports: [TerminusModule], controllers: [HealthController], providers: [HealthChecks], exports: [HealthChecks] })
export class HealthModule {}
