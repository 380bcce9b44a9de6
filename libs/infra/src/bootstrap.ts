import { type INestApplication, RequestMethod, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { LaurelConfig } from './config/laurel.config';

export interface HttpAppOptions {
  /** Serve the OpenAPI document at /docs-json and Swagger UI at /docs. */
  openApi: boolean;
}

/**
 * Everything under /api/v1 but the operator's routes of api.md "Operations": /health, /metrics and
 * the queue dashboard at /admin/queues.
 */
export function applyApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
      { path: 'admin/queues', method: RequestMethod.ALL },
      { path: 'admin/queues/{*path}', method: RequestMethod.ALL },
    ],
  });
}

/** Creates and starts one Laurel HTTP application: logs, the /api/v1 prefix, OpenAPI, shutdown hooks. */
export async function startHttpApp(module: Type<unknown>, options: HttpAppOptions): Promise<INestApplication> {
  const app = await NestFactory.create(module, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  applyApiPrefix(app);
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
