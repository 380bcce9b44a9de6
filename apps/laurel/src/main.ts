import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Module } from '@nestjs/common';
import { CoreModule, resolveInfrastructure, startHttpApp, type EmbeddedLogger } from '@laurel/infra';
import { ApiModule } from '../../api/src/api.module';
import { ProjectorModule } from '../../projector/src/projector.module';
import { WorkerModule } from '../../worker/src/worker.module';

@Module({ imports: [CoreModule, ApiModule, ProjectorModule, WorkerModule] })
class LaurelModule {}

const log: EmbeddedLogger = {
  info: (m) => console.log(`[laurel] ${m}`),
  warn: (m) => console.warn(`[laurel] ${m}`),
  error: (m) => console.error(`[laurel] ${m}`),
};

/**
 * The whole system in one process: API, projector and worker. Without DATABASE_URL it starts the
 * embedded PostgreSQL (data in ./.data/pg), without REDIS_URL (or REDIS_SENTINELS) a private redis-server (./.data/redis).
 */
async function main(): Promise<void> {
  const infrastructure = await resolveInfrastructure({ log });
  process.env.DATABASE_URL = infrastructure.databaseUrl;
  if (infrastructure.redisUrl) process.env.REDIS_URL = infrastructure.redisUrl;
  log.info(`PostgreSQL: ${infrastructure.mode.database}, Redis: ${infrastructure.mode.redis}`);
  // Only the launcher knows whether it started PostgreSQL itself; a value from outside is ignored.
  process.env.LAUREL_EMBEDDED = String(infrastructure.mode.database === 'embedded');
  if (infrastructure.mode.database === 'embedded') {
    // A laptop run: development sign-in and the demo are on unless switched off.
    process.env.AUTH_DEV_TOKENS ??= 'true';
    process.env.SEED_DEMO ??= 'true';
    process.env.AUTH_JWT_SECRET ??= localSecret();
  }

  const app = await startHttpApp(LaurelModule, { openApi: true });
  log.info(`listening on ${await app.getUrl()} — OpenAPI at /docs, health at /health`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: shutting down`);
    await app.close();
    await infrastructure.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

/** A signing secret kept beside the embedded data, so tokens survive restarts of a laptop run. */
function localSecret(): string {
  const file = path.resolve(process.env.LAUREL_DATA_DIR ?? '.data', 'jwt-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

void main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
