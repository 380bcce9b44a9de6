import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { Client } from 'pg';
import { testDatabaseUrl, testRedisUrl, uniqueName } from '@laurel/testing';
import { createHttpAdapter, prepareHttpApp } from '../bootstrap';
import { CoreModule } from '../core.module';

async function startApp(env: { DATABASE_URL: string; REDIS_URL: string; FEED_HORIZON_WARN_SECONDS?: string }): Promise<INestApplication> {
  Object.assign(process.env, env, { LOG_LEVEL: 'silent' });
  const moduleRef = await Test.createTestingModule({ imports: [CoreModule] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(), { logger: false });
  await prepareHttpApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

describe('GET /health', () => {
  const saved = { DATABASE_URL: process.env.DATABASE_URL, REDIS_URL: process.env.REDIS_URL, FEED_HORIZON_WARN_SECONDS: process.env.FEED_HORIZON_WARN_SECONDS };
  afterEach(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('reports the database and Redis up when both answer', async () => {
    const app = await startApp({ DATABASE_URL: testDatabaseUrl(), REDIS_URL: testRedisUrl() });
    try {
      const response = await request(app.getHttpServer()).get('/health').expect(200);
      expect(response.body).toMatchObject({ status: 'ok', details: { database: { status: 'up' }, redis: { status: 'up' } } });
    } finally {
      await app.close();
    }
  });

  it('answers 503 and names Redis when Redis is unreachable', async () => {
    const app = await startApp({ DATABASE_URL: testDatabaseUrl(), REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const response = await request(app.getHttpServer()).get('/health').expect(503);
      expect(response.body).toMatchObject({ status: 'error', details: { database: { status: 'up' }, redis: { status: 'down' } } });
    } finally {
      await app.close();
    }
  });

  it('answers /health/live without touching PostgreSQL or Redis, and /health/ready with the database, Redis and the feed horizon', async () => {
    const app = await startApp({ DATABASE_URL: testDatabaseUrl(), REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      // Redis is unreachable: the process is alive but not ready.
      await request(app.getHttpServer()).get('/health/live').expect(200, { status: 'ok' });
      const ready = await request(app.getHttpServer()).get('/health/ready').expect(503);
      expect(ready.body).toMatchObject({ status: 'error', details: { database: { status: 'up' }, redis: { status: 'down' }, feedHorizon: { status: 'up' } } });
    } finally {
      await app.close();
    }
  });

  it("a transaction held open in another database of the cluster makes the horizon metric rise and readiness warn", async () => {
    const app = await startApp({ DATABASE_URL: testDatabaseUrl(), REDIS_URL: testRedisUrl(), FEED_HORIZON_WARN_SECONDS: '1' });
    const other = uniqueName('horizon').toLowerCase().replace(/[^a-z0-9_]/g, '_');
    const admin = new Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${other}"`);
    const url = new URL(testDatabaseUrl());
    url.pathname = `/${other}`;
    const holder = new Client({ connectionString: url.toString() });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_current_xact_id()'); // takes an xid: now it holds pg_snapshot_xmin
      const pid = (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const metrics = await request(app.getHttpServer()).get('/metrics').expect(200);
      const age = Number(/^laurel_feed_horizon_age_seconds (\S+)$/m.exec(metrics.text)?.[1]);
      expect(age).toBeGreaterThanOrEqual(2);
      expect(metrics.text).toMatch(/^laurel_feed_held_events \d+$/m);
      const ready = await request(app.getHttpServer()).get('/health/ready').expect(200);
      expect(ready.body.details.feedHorizon).toMatchObject({ status: 'up', warnAfterSeconds: 1, warning: expect.stringContaining("held the feed's horizon") });
      expect(ready.body.details.feedHorizon.oldestTransactionSeconds).toBeGreaterThanOrEqual(2);
      // Ending it clears the warning (unless some other session of the shared server is older still).
      await holder.query('ROLLBACK');
      const after = await request(app.getHttpServer()).get('/health/ready').expect(200);
      expect(after.body.details.feedHorizon.warning ?? '').not.toContain(`pid ${pid} `);
    } finally {
      await holder.end();
      await admin.query(`DROP DATABASE IF EXISTS "${other}"`).catch(() => undefined);
      await admin.end();
      await app.close();
    }
  });
});
