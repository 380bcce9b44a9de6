import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { testDatabaseUrl, testRedisUrl } from '@laurel/testing';
import { createHttpAdapter, prepareHttpApp } from '../bootstrap';
import { CoreModule } from '../core.module';

async function startApp(env: { DATABASE_URL: string; REDIS_URL: string }): Promise<INestApplication> {
  Object.assign(process.env, env, { LOG_LEVEL: 'silent' });
  const moduleRef = await Test.createTestingModule({ imports: [CoreModule] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(), { logger: false });
  await prepareHttpApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

describe('GET /health', () => {
  const saved = { DATABASE_URL: process.env.DATABASE_URL, REDIS_URL: process.env.REDIS_URL };
  afterEach(() => Object.assign(process.env, saved));

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
});
