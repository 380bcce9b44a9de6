import { Module } from '@nestjs/common';
import { LaurelConfigModule } from './config/config.module';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { PersistenceModule } from './persistence/persistence.module';

/** What every Laurel process needs: configuration, logs, connections, and GET /health. */
@Module({ imports: [LaurelConfigModule, LoggingModule, PersistenceModule, HealthModule] })
export class CoreModule {}
