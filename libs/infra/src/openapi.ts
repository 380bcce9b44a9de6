import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject, type OperationObject } from '@nestjs/swagger';
import { PUBLIC_ROUTE } from './http/public-route';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Every operation of the document, with its path and method. */
export function operationsOf(document: OpenAPIObject): { path: string; method: (typeof METHODS)[number]; operation: OperationObject }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => (item[method] ? [{ path, method, operation: item[method] }] : [])),
  );
}

/** operationIds (`Controller_method`, Swagger's default) of the routes marked @Public(). */
function publicOperations(app: INestApplication): Set<string> {
  const ids = new Set<string>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      const controllerPublic = Reflect.getMetadata(PUBLIC_ROUTE, controller) === true;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        if (method === 'constructor') continue;
        const handler = (controller.prototype as Record<string, unknown>)[method];
        if (typeof handler !== 'function') continue;
        if (controllerPublic || Reflect.getMetadata(PUBLIC_ROUTE, handler) === true) ids.add(`${controller.name}_${method}`);
      }
    }
  }
  return ids;
}

/**
 * Laurel's OpenAPI document (served at /docs-json, written for the console by
 * `npm run console:api-types`): every route but the @Public() ones needs a bearer token.
 */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Laurel')
      .setDescription('Event-sourced workflow engine for emulation and commendation work')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  const open = publicOperations(app);
  for (const { operation } of operationsOf(document)) {
    if (open.has(operation.operationId ?? '')) delete operation.security;
    else operation.security = [{ bearer: [] }];
  }
  // Stable output: paths and component schemas in name order.
  document.paths = Object.fromEntries(Object.entries(document.paths).sort(([a], [b]) => a.localeCompare(b)));
  if (document.components?.schemas) document.components.schemas = Object.fromEntries(Object.entries(document.components.schemas).sort(([a], [b]) => a.localeCompare(b)));
  return document;
}
