import 'reflect-metadata';
import { Pool } from 'pg';
import { Clock, CommandRunner } from '@laurel/application';
import { PostgresEventStore } from '@laurel/event-store';
import { NotificationRuntime, type NotificationSettings } from '@laurel/notifications';

/** A worker process for the crash tests: the harness's schema and settings come in LAUREL_TEST_WORKER. */
async function main(): Promise<void> {
  const { databaseUrl, schema, settings } = JSON.parse(process.env.LAUREL_TEST_WORKER ?? '{}') as { databaseUrl: string; schema: string; settings: NotificationSettings };
  const admin = new Pool({ connectionString: databaseUrl, max: 4 });
  const pool = new Pool({ connectionString: databaseUrl, max: 8, options: `-c search_path=${schema},public` });
  const store = await PostgresEventStore.connect({ pool: admin, pollIntervalMs: 10 });
  const runtime = new NotificationRuntime({ pool, store, runner: new CommandRunner(store, new Clock()), settings, name: 'test' });
  await runtime.start();
  process.stdout.write('ready\n');
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
