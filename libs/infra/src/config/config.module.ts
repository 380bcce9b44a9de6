import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { LaurelConfig, validateConfig } from './laurel.config';

/**
 * Loads an optional `.env` file into the environment (when this module is imported, so before the
 * embedded launcher reads it) and validates the result when the application starts: the launcher
 * fills in DATABASE_URL and REDIS_URL in between. Inject `LaurelConfig` anywhere.
 */
@Global()
@Module({
  imports: [ConfigModule.forRoot({ isGlobal: true, envFilePath: '.env', cache: true })],
  providers: [{ provide: LaurelConfig, useFactory: () => validateConfig(process.env) }],
  exports: [LaurelConfig],
})
export class LaurelConfigModule {}
