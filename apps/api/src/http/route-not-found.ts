import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Request, Response } from 'express';
import { problem } from './problem-details';

/**
 * Nest answers unknown routes only under the /api/v1 prefix; anything else (`//api/v1//initiatives`,
 * `/`, `/nope`) fell through to Express's HTML page. This last handler of the stack answers those
 * with problem+json 404. It is mounted on bootstrap, after every route, the router's own 404 and
 * error handlers and Swagger's /docs, so it only ever sees requests nothing else served.
 */
@Injectable()
export class RouteNotFound implements OnApplicationBootstrap {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onApplicationBootstrap(): void {
    this.adapterHost.httpAdapter.use((request: Request, response: Response) => {
      if (response.headersSent) return;
      const body = problem(404, 'NOT_FOUND', `No route ${request.method} ${request.path}`, { instance: request.originalUrl });
      response.status(404).set('Content-Type', 'application/problem+json').send(JSON.stringify(body));
    });
  }
}
