import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Module } from '@nestjs/common';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { Clock } from '@laurel/application';
import { CoreModule, createHttpAdapter, prepareHttpApp } from '@laurel/infra';
import { ApiModule } from '../apps/api/src/api.module';
import { sharedValidator, type OpenApiValidator } from './openapi-validator';

@Module({ imports: [CoreModule, ApiModule] })
class ApiTestModule {}

export interface ApiHarnessOptions {
  /** Replaces the application's Clock (e.g. a test clock moved past a consultation window); default: the real one. */
  clock?: Pick<Clock, 'now'>;
  /** Further overrides before the module compiles (e.g. the log destination). */
  configure?: (builder: TestingModuleBuilder) => void;
  /**
   * Check every answer against the OpenAPI document (default true): an undocumented status or media
   * type, or a JSON body that does not match the operation's schema, fails the request's test. The
   * document is the committed apps/console/src/api/openapi.json (console-types.spec.ts keeps it
   * current): after changing a route's decorators, run `npm run console:api-types`.
   */
  validateResponses?: boolean;
}

/**
 * The whole API in-process on the integration test database and Redis, as a client sees it:
 * `api.as('admin').post('/units').send(…)`. Paths are relative to /api/v1.
 */
export class ApiHarness {
  private constructor(
    readonly app: INestApplication,
    private readonly jwt: JwtService,
    /** Checks answers against the OpenAPI document (undefined: not checked). */
    readonly validator: OpenApiValidator | undefined,
  ) {}

  static async start(options: ApiHarnessOptions = {}): Promise<ApiHarness> {
    const builder = Test.createTestingModule({ imports: [ApiTestModule] });
    if (options.clock) builder.overrideProvider(Clock).useValue(options.clock);
    options.configure?.(builder);
    const moduleRef = await builder.compile();
    const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(), { logger: ['error'] });
    await prepareHttpApp(app);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const validator = options.validateResponses === false ? undefined : sharedValidator();
    return new ApiHarness(app, app.get(JwtService), validator);
  }

  /** Requests with a bearer token for `userId` (any registered user). */
  as(userId: string) {
    const token = this.jwt.sign({ sub: userId });
    return this.client((test) => test.set('Authorization', `Bearer ${token}`));
  }

  /** A bearer token for `userId`, for requests outside /api/v1. */
  token(userId: string): string {
    return this.jwt.sign({ sub: userId });
  }

  /** Requests without a token. */
  get anonymous() {
    return this.client((test) => test);
  }

  async close(): Promise<void> {
    await this.app.close();
  }

  private client(decorate: (test: request.Test) => request.Test) {
    const agent = request(this.app.getHttpServer());
    const path = (p: string) => `/api/v1${p}`;
    const checked = (method: string, p: string, test: request.Test) => {
      const { validator } = this;
      if (!validator) return test;
      // Runs before the test's own expectations: a wrong answer fails with what is wrong with it.
      return test.expect((res: request.Response) => {
        const problems = validator.check(method, path(p), res.status, res.headers['content-type'] as string | undefined, res.body);
        if (problems.length > 0) throw new Error(`The answer does not match the OpenAPI document:\n${problems.join('\n')}`);
      });
    };
    return {
      get: (p: string) => checked('GET', p, decorate(agent.get(path(p)))),
      post: (p: string) => checked('POST', p, decorate(agent.post(path(p)))),
      put: (p: string) => checked('PUT', p, decorate(agent.put(path(p)))),
      delete: (p: string) => checked('DELETE', p, decorate(agent.delete(path(p)))),
    };
  }
}
