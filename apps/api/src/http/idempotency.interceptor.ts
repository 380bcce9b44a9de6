import { Global, HttpStatus, Inject, Injectable, Logger, Module, UseInterceptors, type CallHandler, type ExecutionContext, type NestInterceptor, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { Pool } from 'pg';
import type { AppendObserver, PlannedAppend } from '@laurel/application';
import { EVENT_STORE, type EventStore } from '@laurel/event-store';
import { LaurelConfig } from '@laurel/infra';
import { PUBLIC_ACTOR } from '../auth/auth.guard';
import { BodyFingerprints, SECRET_BODY } from './idempotency-fingerprint';
import { HEARTBEAT_MS, IdempotencyKeys, type KeyRef } from './idempotency-keys';
import { responseFromStore } from './idempotency-recovery';
import { ProblemException } from './problem-details';
import { checkIdempotencyKey, type IdempotentRequest } from './request-meta.decorator';

const WAIT_FOR_TWIN_MS = 10_000;
const PRUNE_EVERY_MS = 10 * 60_000;
/** Test-only (the crash test): exit right after the append of a request carrying CRASH_MARKER. */
const CRASH_AFTER_APPEND = process.env.LAUREL_TEST_CRASH_AFTER_APPEND === '1';
export const CRASH_MARKER = 'x-laurel-test-crash-after-append';

interface Keyed {
  ref: KeyRef;
  method: string;
  path: string;
  fingerprint: string;
  /** The status the route answers with on success (201 for a POST unless @HttpCode says otherwise). */
  status: number;
}

/**
 * `Idempotency-Key` on commands (api.md, "Conventions"): the first request's response is stored per
 * user and key (anonymous requests: per key and body fingerprint); a repeat gets it back and writes
 * nothing; the same key with another body or route is `422 IDEMPOTENCY_KEY_REUSED`. Two identical
 * requests racing each other: one runs, the other waits for its response. A key left in flight by a
 * dead process is taken over by the retry, which looks up the command's deterministic event ids:
 * written → the response is rebuilt from the events; not written → the command runs.
 */
@Injectable()
export class Idempotency implements OnModuleInit, OnModuleDestroy {
  private readonly keys: IdempotencyKeys;
  private readonly fingerprints: BodyFingerprints;
  private timers: NodeJS.Timeout[] = [];
  private readonly log = new Logger('Idempotency');

  constructor(
    pool: Pool,
    config: LaurelConfig,
    private readonly reflector: Reflector,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    this.keys = new IdempotencyKeys(pool);
    this.fingerprints = BodyFingerprints.fromConfig(config);
  }

  async onModuleInit(): Promise<void> {
    await this.keys.migrate();
    const quietly = (work: () => Promise<unknown>) => () => void work().catch((error: unknown) => this.log.warn(`idempotency upkeep failed: ${String(error)}`));
    this.timers = [setInterval(quietly(() => this.keys.heartbeat()), HEARTBEAT_MS), setInterval(quietly(() => this.keys.prune()), PRUNE_EVERY_MS)];
    for (const timer of this.timers) timer.unref();
  }

  onModuleDestroy(): void {
    for (const timer of this.timers) clearInterval(timer);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<IdempotentRequest>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' && request.method !== 'DELETE') return next.handle();
    if (typeof key !== 'string' || key.length === 0) return next.handle();
    const response = context.switchToHttp().getResponse<FastifyReply>();
    const path = request.url.split('?')[0];
    const secretBody = this.reflector.getAllAndOverride<boolean | undefined>(SECRET_BODY, [context.getHandler(), context.getClass()]) === true;
    const fingerprint = this.fingerprints.of(request.method, path, request.body, secretBody);
    const userId = request.actor && request.actor.userId !== PUBLIC_ACTOR.userId ? request.actor.userId : undefined;
    const keyed: Keyed = {
      // Anonymous requests share no user: the body tells two citizens using the same key apart.
      ref: { scope: userId ?? `public:${fingerprint}`, key },
      method: request.method,
      path,
      fingerprint,
      status: this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? (request.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK),
    };
    const run = (generation: string, observer: AppendObserver) => {
      request.idempotencyScope = `${userId ?? `public\u0000${fingerprint}`}\u0000${generation}`;
      request.appendObserver = observer;
      return lastValueFrom(next.handle(), { defaultValue: undefined });
    };
    const crashMarked = CRASH_AFTER_APPEND && request.headers[CRASH_MARKER] !== undefined;
    return from(this.once(keyed, response, run, crashMarked));
  }

  private async once(keyed: Keyed, response: FastifyReply, run: (generation: string, observer: AppendObserver) => Promise<unknown>, crashMarked: boolean): Promise<unknown> {
    checkIdempotencyKey(keyed.ref.key); // before anything is stored for it
    const deadline = Date.now() + WAIT_FOR_TWIN_MS;
    for (;;) {
      const generation = await this.keys.claim(keyed.ref, keyed.method, keyed.path, keyed.fingerprint);
      if (generation !== undefined) return this.execute(keyed, response, generation, run, crashMarked);
      const row = await this.keys.find(keyed.ref);
      if (!row) {
        // Released or expired in between: claim again.
        if (Date.now() > deadline) throw new ProblemException(409, 'IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still running');
        continue;
      }
      if (row.method !== keyed.method || row.path !== keyed.path || (row.fingerprint !== null && row.fingerprint !== keyed.fingerprint)) {
        throw new ProblemException(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for another request; use a new key for a new request');
      }
      if (row.status !== null) {
        response.status(row.status).header('Idempotent-Replayed', 'true');
        return row.body;
      }
      if (this.keys.ownerGone(row) && (await this.keys.takeOver(keyed.ref, row.owner))) {
        return this.recover(keyed, response, row.generation ?? '', row.planned, run, crashMarked);
      }
      if (Date.now() > deadline) throw new ProblemException(409, 'IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still running');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** The owner died mid-request: answer with what it wrote, or run the command after all. */
  private async recover(keyed: Keyed, response: FastifyReply, generation: string, planned: PlannedAppend | null, run: (generation: string, observer: AppendObserver) => Promise<unknown>, crashMarked: boolean): Promise<unknown> {
    const written = planned ? await responseFromStore(this.store, planned) : undefined;
    if (written === undefined) return this.execute(keyed, response, generation, run, crashMarked);
    this.log.log(`Idempotency-Key taken over from a dead process: its command had been written (${planned?.stream})`);
    await this.keys.complete(keyed.ref, keyed.status, written);
    response.status(keyed.status).header('Idempotent-Replayed', 'true');
    return written;
  }

  private async execute(keyed: Keyed, response: FastifyReply, generation: string, run: (generation: string, observer: AppendObserver) => Promise<unknown>, crashMarked: boolean): Promise<unknown> {
    const observer = {
      beforeAppend: (planned: PlannedAppend) => this.keys.plan(keyed.ref, planned),
      afterAppend: () => {
        // Test-only (LAUREL_TEST_CRASH_AFTER_APPEND=1 and the marker header): die like a killed process.
        if (crashMarked) process.kill(process.pid, 'SIGKILL');
      },
    };
    try {
      const body = await run(generation, observer);
      await this.keys.complete(keyed.ref, response.statusCode, body);
      return body;
    } catch (error) {
      // Nothing was written (a failed command appends nothing): release the key for a retry.
      await this.keys.release(keyed.ref);
      throw error;
    }
  }
}

/**
 * `Idempotency` on a controller's command routes. Applied to the routes that may carry an
 * Idempotency-Key (POST and DELETE: `@Idempotent()` on a controller of commands, or on each such
 * method of a controller that also answers queries), not globally: Nest runs every interceptor of a
 * route through RxJS on every request, which cost a read route a third of its CPU (GET /me).
 * `routing.int-spec.ts` checks that every POST and DELETE route has it.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly idempotency: Idempotency) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return this.idempotency.intercept(context, next);
  }
}

/** Idempotency-Key on this controller's routes, or on this route (see IdempotencyInterceptor). */
export const Idempotent = (): ClassDecorator & MethodDecorator => UseInterceptors(IdempotencyInterceptor);

/** One `Idempotency` per process (its owner id, heartbeat and upkeep), for every module's interceptor. */
@Global()
@Module({ providers: [Idempotency], exports: [Idempotency] })
export class IdempotencyModule {}
