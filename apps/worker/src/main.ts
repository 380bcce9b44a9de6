import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { CoreModule, startHttpApp } from '@laurel/infra';
import { WorkerModule } from './worker.module';

@Module({ imports: [CoreModule, WorkerModule] })
class WorkerAppModule {}

/** The worker alone, against DATABASE_URL and REDIS_URL; it serves /health on PORT. */
async function main(): Promise<void> {
  // A standalone process never runs the embedded PostgreSQL: no dev tokens, no embedded-only shortcuts.
  process.env.LAUREL_EMBEDDED = 'false';
  const app = await startHttpApp(WorkerAppModule, { openApi: false });
  app.enableShutdownHooks();
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
