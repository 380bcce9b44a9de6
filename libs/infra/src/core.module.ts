import { Module } from '@nestjs/common';
import { LaurelConfigModule } from './config/config.module';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { PersistenceModule } from './persistence/persistence.module';

/** What every Laurel process needs: configuration, logs, connections, GET /health and GET /metrics. */
@Module({ imports: [LaurelConfigModule, LoggingModule, PersistenceModule, HealthModule, MetricsModule] })
export class CoreModule {}
