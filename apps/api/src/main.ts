import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { CoreModule, startHttpApp } from '@laurel/infra';
import { ApiModule } from './api.module';

@Module({ imports: [CoreModule, ApiModule] })
class ApiAppModule {}

/** The API alone, against DATABASE_URL and REDIS_URL. */
async function main(): Promise<void> {
  const app = await startHttpApp(ApiAppModule, { openApi: true });
  app.enableShutdownHooks();
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
