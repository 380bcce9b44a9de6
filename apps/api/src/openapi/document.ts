import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Pool } from 'pg';
import { EVENT_STORE } from '@laurel/event-store';
import { CoreModule, createHttpAdapter, LaurelConfig, openApiDocument, prepareHttpApp, REDIS, validateConfig } from '@laurel/infra';
import { ApiModule } from '../api.module';

@Module({ imports: [CoreModule, ApiModule] })
class DocumentModule {}

/**
 * The API's OpenAPI document without a database or Redis: the application is compiled, never
 * initialised, with its connections replaced by inert values (nothing is queried to describe it).
 */
export async function apiDocumentOffline(): Promise<OpenAPIObject> {
  const inert = {};
  // A fixed configuration: the document never depends on the machine it is written on.
  const config = validateConfig({
    DATABASE_URL: 'postgres://openapi@127.0.0.1:1/none',
    REDIS_URL: 'redis://127.0.0.1:1',
    AUTH_JWT_SECRET: 'openapi-document-only',
    BALLOT_KEK: Buffer.alloc(32, 1).toString('base64'),
    AUDIT_SIGNING_KEY: Buffer.alloc(32, 2).toString('base64'),
    LOG_LEVEL: 'silent',
  });
  const moduleRef = await Test.createTestingModule({ imports: [DocumentModule] })
    .overrideProvider(LaurelConfig).useValue(config)
    .overrideProvider(Pool).useValue(inert)
    .overrideProvider(EVENT_STORE).useValue(inert)
    .overrideProvider(REDIS).useValue(inert)
    .compile({ abortOnError: false } as never);
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(), { logger: false });
  await prepareHttpApp(app);
  try {
    return openApiDocument(app);
  } finally {
    await moduleRef.close().catch(() => undefined);
  }
}
