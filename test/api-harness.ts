import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Module } from '@nestjs/common';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { Pool } from 'pg';
import { Clock } from '@laurel/application';
import { EVENT_STORE, type EventStore } from '@laurel/event-store';
import { CoreModule, createHttpAdapter, prepareHttpApp, serveConsole } from '@laurel/infra';
import type { Projection } from '@laurel/projections';
import { auditTimesProjection, documentIndexProjection, initiativesProjection, referenceProjection, ReadModelSupervisor } from '@laurel/read-models';
import { ApiModule } from '../apps/api/src/api.module';
import { sharedValidator, type OpenApiValidator } from './openapi-validator';

@Module({ imports: [CoreModule, ApiModule] })
class ApiTestModule {}

export interface ApiHarnessOptions {
  /** Replaces the application's Clock (e.g. a test clock moved past a consultation window); default: the real one. */
  clock?: Pick<Clock, 'now'>;
  /** Further overrides before the module compiles (e.g. the log destination). */
  configure?: (builder: TestingModuleBuilder) => void;
  /** Serve a built console from this directory at `/` (as startHttpApp does with dist/console). */
  consoleRoot?: string;
  /**
   * Read models projected beside the API while it runs, as the projector process would: by default
   * those the reference lists, movement summaries, documents and the audit log read (`[]`: none, e.g.
   * to see a read model behind).
   */
  projections?: readonly Projection[];
  /**
   * Check every answer against the OpenAPI document (default true): an undocumented status or media
   * type, or a JSON body that does not match the operation's schema, fails the request's test. The
   * document is the committed apps/console/src/api/openapi.json (console-types.spec.ts keeps it
   * current): after changing a route's decorators, run `npm run console:api-types`.
   */
  validateResponses?: boolean;
}

/**
 * What the reference lists (`reference`), movement summaries (`initiatives`), the documents found by
 * decision number or council (`document_index`) and the audit log (`audit_times`: the harness's log is on PostgreSQL) read.
 */
export const HARNESS_PROJECTIONS: readonly Projection[] = [referenceProjection, initiativesProjection, documentIndexProjection, auditTimesProjection];

/**
 * The whole API in-process on the integration test database and Redis, as a client sees it:
 * `api.as('admin').post('/units').send(…)`. Paths are relative to /api/v1.
 */
export class ApiHarness {
  private constructor(
    readonly app: INestApplication,
    private readonly jwt: JwtService,
    private readonly supervisors: readonly ReadModelSupervisor[],
    private readonly projecting: Promise<void>,
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
    if (options.consoleRoot && !(await serveConsole(app, { root: options.consoleRoot }))) throw new Error(`No console build in ${options.consoleRoot}`);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const pool = app.get(Pool);
    const store = app.get<EventStore>(EVENT_STORE);
    const supervisors = (options.projections ?? HARNESS_PROJECTIONS).map((p) => new ReadModelSupervisor(pool, store, p, { followMs: 200, leaseRetryMs: 100 }));
    // Not awaited: the API answers at once, as it does beside a projector process; reads that need
    // a write pass ?minPosition= (close() waits for the start before stopping).
    const started = Promise.all(supervisors.map((s) => s.start())).then(
      () => undefined,
      (error: unknown) => console.error('ApiHarness: a projection failed to start', error),
    );
    const validator = options.validateResponses === false ? undefined : sharedValidator();
    return new ApiHarness(app, app.get(JwtService), supervisors, started, validator);
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
    await this.projecting;
    await Promise.all(this.supervisors.map((s) => s.stop()));
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
