import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { CoreModule, startHttpApp } from '@laurel/infra';
import { ApiModule } from './api.module';

@Module({ imports: [CoreModule, ApiModule] })
class ApiAppModule {}

/** The API alone, against DATABASE_URL and REDIS_URL. */
async function main(): Promise<void> {
  // A standalone process never runs the embedded PostgreSQL: no dev tokens, no embedded-only shortcuts.
  process.env.LAUREL_EMBEDDED = 'false';
  const app = await startHttpApp(ApiAppModule, { openApi: true });
  app.enableShutdownHooks();
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
