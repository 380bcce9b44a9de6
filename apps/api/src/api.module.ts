import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey, randomBytes } from 'node:crypto';
import { ApplicationModule } from '@laurel/application';
import { LaurelConfig } from '@laurel/infra';
import { AuthGuard } from './auth/auth.guard';
import { DevTokenController } from './auth/dev-token.controller';
import { DemoSeeder } from './demo/demo-seeder';
import { IdempotencyInterceptor } from './http/idempotency.interceptor';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { RouteNotFound } from './http/route-not-found';
import { validationPipe } from './http/validation.pipe';
import { InitiativesModule } from './initiatives/initiatives.module';
import { NotificationsApiModule } from './notifications/notifications-api.module';
import { RateLimitModule } from './http/rate-limit/rate-limit';
import { QueriesModule } from './queries/queries.module';
import { ReferenceModule } from './reference/reference.module';

/**
 * The HTTP API: controllers turn requests into commands and queries on the CommandBus and QueryBus.
 * Cross-cutting: JWT auth (global guard), problem+json errors, DTO validation, Idempotency-Key.
 */
@Module({
  imports: [
    CqrsModule.forRoot(),
    ApplicationModule,
    ReferenceModule,
    InitiativesModule,
    QueriesModule,
    NotificationsApiModule,
    RateLimitModule,
    JwtModule.registerAsync({
      global: true,
      inject: [LaurelConfig],
      useFactory: (config: LaurelConfig) => ({
        // A KeyObject, not a string: given a string, jsonwebtoken first tries to parse it as a
        // public key on every verification, which cost a third of the API's CPU under load.
        // Without a configured secret (development tokens only) tokens die with the process.
        secret: createSecretKey(Buffer.from(config.AUTH_JWT_SECRET ?? randomBytes(32).toString('hex'))) as unknown as Buffer,
        signOptions: { expiresIn: config.AUTH_TOKEN_TTL as `${number}h`, algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [DevTokenController],
  providers: [
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    { provide: APP_PIPE, useFactory: validationPipe },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
    RouteNotFound,
    // SEED_DEMO=true: the demo, once the bootstrap's definitions and administrator exist.
    DemoSeeder,
  ],
})
export class ApiModule {}
