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
import { initiativesProjection, referenceProjection, ReadModelSupervisor } from '@laurel/read-models';
import { ApiModule } from '../apps/api/src/api.module';

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
   * those the reference lists and movement summaries read (`[]`: none, e.g. to see a read model behind).
   */
  projections?: readonly Projection[];
}

/** What the reference lists (`reference`) and movement summaries (`initiatives`) read. */
export const HARNESS_PROJECTIONS: readonly Projection[] = [referenceProjection, initiativesProjection];

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
    return new ApiHarness(app, app.get(JwtService), supervisors, started);
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
    return {
      get: (p: string) => decorate(agent.get(path(p))),
      post: (p: string) => decorate(agent.post(path(p))),
      put: (p: string) => decorate(agent.put(path(p))),
      delete: (p: string) => decorate(agent.delete(path(p))),
    };
  }
}
