import { type INestApplication, RequestMethod, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyCookie from '@fastify/cookie';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { LaurelConfig } from './config/laurel.config';
import { requestId } from './logging/logging.module';

export interface HttpAppOptions {
  /** Serve the OpenAPI document at /docs-json and Swagger UI at /docs. */
  openApi: boolean;
}

/** Request bodies up to 100 kB (larger: 413 PAYLOAD_TOO_LARGE), the limit the API always had. */
export const BODY_LIMIT_BYTES = 100 * 1024;

/**
 * Laurel's HTTP server: Fastify (`@nestjs/platform-fastify`), which serves Nest about four times
 * the requests of Express on the same core (issue 14). Request ids are the caller's X-Request-Id
 * or a UUID, the same id on the Fastify request and in the request's log line.
 */
export function createHttpAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    requestIdHeader: false,
    genReqId: requestId,
    // Ids longer than Fastify's default of 100 characters reach validation (a 400), not a 404.
    routerOptions: { maxParamLength: 1000 },
  });
}

/**
 * Everything under /api/v1 but the operator's routes of api.md "Operations": /health, /metrics and
 * the queue dashboard at /admin/queues (a Fastify plugin, outside Nest's router).
 */
export function applyApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
}

/** What every Laurel HTTP app needs before init, in production and in tests: prefix and cookies. */
export async function prepareHttpApp(app: NestFastifyApplication): Promise<void> {
  applyApiPrefix(app);
  await app.register(fastifyCookie);
}

/** Creates and starts one Laurel HTTP application: logs, the /api/v1 prefix, OpenAPI, shutdown hooks. */
export async function startHttpApp(module: Type<unknown>, options: HttpAppOptions): Promise<INestApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module, createHttpAdapter(), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  await prepareHttpApp(app);
  if (options.openApi) {
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Laurel')
        .setDescription('Event-sourced workflow engine for emulation and commendation work')
        .setVersion('1')
        .addBearerAuth()
        .build(),
    );
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  }
  const config = app.get(LaurelConfig);
  await app.listen(config.PORT, '0.0.0.0');
  return app;
}
