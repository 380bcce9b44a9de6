import { type INestApplication, RequestMethod, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyCookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Server } from 'node:http';
import { SwaggerModule } from '@nestjs/swagger';
import { LaurelConfig } from './config/laurel.config';
import { LaurelLogger, logRequests, requestId } from './logging/logging.module';
import { serveConsole } from './http/console-static';
import { serializeAnswer } from './http/shared-answers';
import { openApiDocument } from './openapi';

export interface HttpAppOptions {
  /** Serve the OpenAPI document at /docs-json and Swagger UI at /docs. */
  openApi: boolean;
}

/** Request bodies up to 100 kB (larger: 413 PAYLOAD_TOO_LARGE), the limit the API always had. */
export const BODY_LIMIT_BYTES = 100 * 1024;

/**
 * Laurel's HTTP server: Fastify (`@nestjs/platform-fastify`), which serves Nest about four times
 * the requests of Express on the same core (issue 14). Request ids are the caller's X-Request-Id
 * or a UUID, the same id on the Fastify request and in the request's log line, written from
 * Fastify's own hooks (`logRequests`). Laurel has no Nest middleware, so the adapter does not
 * register @fastify/middie, whose hook each request went through for nothing.
 */
export function createHttpAdapter(): FastifyAdapter {
  const adapter = new FastifyAdapter({
    skipMiddie: true,
    bodyLimit: BODY_LIMIT_BYTES,
    requestIdHeader: false,
    genReqId: requestId,
    // Ids longer than Fastify's default of 100 characters reach validation (a 400), not a 414.
    routerOptions: { maxParamLength: 1000 },
    // The router refuses a URL it cannot decode (`/initiatives/%FF`) before any Nest filter runs:
    // answered as problem+json like every other 4xx (api.md "Errors").
    frameworkErrors: (error: { statusCode?: number }, request: FastifyRequest, reply: FastifyReply) => {
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
      const code = status === 414 ? 'URI_TOO_LONG' : 'BAD_REQUEST';
      void reply
        .status(status)
        .type('application/problem+json')
        .send(JSON.stringify({ type: `https://laurel.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`, title: 'Bad Request', status, detail: 'The request URL is not valid (a malformed percent-encoding?)', code, instance: request.url }));
    },
  });
  logRequests(adapter.getInstance());
  // JSON as Fastify's default, but an answer shared by concurrent identical reads is serialized once
  // (its bytes: Fastify sends a Buffer from the serializer as it is, though its types say string).
  adapter.getInstance().setReplySerializer(serializeAnswer as (payload: unknown) => string);
  return adapter;
}

/**
 * Everything under /api/v1 but the operator's routes of api.md "Operations": /health, /metrics and
 * the queue dashboard at /admin/queues (a Fastify plugin, outside Nest's router).
 */
export function applyApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
      // Not Nest routes (a Fastify plugin, served at these paths without the prefix).
      { path: 'admin/queues', method: RequestMethod.ALL },
      { path: 'admin/queues/{*path}', method: RequestMethod.ALL },
    ],
  });
}

/** What every Laurel HTTP app needs before init, in production and in tests: prefix, JSON, cookies. */
export async function prepareHttpApp(app: NestFastifyApplication): Promise<void> {
  applyApiPrefix(app);
  // An empty JSON body is `{}`, as it always was (a DELETE with Content-Type: application/json and no
  // body reaches the guard and the route, not a 400 from the parser); anything else parses as usual.
  const json = app.getHttpAdapter().getInstance().getDefaultJsonParser('error', 'error');
  app.useBodyParser<Server>('application/json', { bodyLimit: BODY_LIMIT_BYTES }, (req, body, done) => {
    if (body.length === 0) done(null, {});
    else json(req, body.toString('utf8'), done);
  });
  await app.register(fastifyCookie);
}

/** Creates and starts one Laurel HTTP application: logs, the /api/v1 prefix, OpenAPI, shutdown hooks. */
export async function startHttpApp(module: Type<unknown>, options: HttpAppOptions): Promise<INestApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module, createHttpAdapter(), { bufferLogs: true });
  app.useLogger(app.get(LaurelLogger));
  await prepareHttpApp(app);
  // The web console at / (dist/console), same origin as /api/v1, in every run mode.
  if (!(await serveConsole(app))) app.get(LaurelLogger).warn('The web console is not built (npm run console:build): / answers 404');
  if (options.openApi) {
    SwaggerModule.setup('docs', app, openApiDocument(app), { jsonDocumentUrl: 'docs-json' });
  }
  const config = app.get(LaurelConfig);
  await app.listen(config.PORT, '0.0.0.0');
  return app;
}
