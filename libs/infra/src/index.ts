export * from './embedded';
export { LaurelConfig, validateConfig } from './config/laurel.config';
export { LaurelConfigModule } from './config/config.module';
export { PersistenceModule, REDIS } from './persistence/persistence.module';
export { HealthModule } from './health/health.module';
export { LoggingModule } from './logging/logging.module';
export { CoreModule } from './core.module';
export { startHttpApp, type HttpAppOptions } from './bootstrap';
export { MetricsModule } from './metrics/metrics.module';
