import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey, randomBytes } from 'node:crypto';
import { ApplicationModule } from '@laurel/application';
import { durationSeconds, LaurelConfig } from '@laurel/infra';
import { AuthGuard } from './auth/auth.guard';
import { AuthModule } from './auth/auth.module';
import { DemoSeeder } from './demo/demo-seeder';
import { DocumentsModule } from './documents/documents.module';
import { IdempotencyModule } from './http/idempotency.interceptor';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { validationPipe } from './http/validation.pipe';
import { InitiativesModule } from './initiatives/initiatives.module';
import { NotificationsApiModule } from './notifications/notifications-api.module';
import { RateLimitModule } from './http/rate-limit/rate-limit';
import { QueriesModule } from './queries/queries.module';
import { ReferenceModule } from './reference/reference.module';

/**
 * The HTTP API: controllers turn requests into commands and queries on the CommandBus and QueryBus.
 * Cross-cutting: JWT auth (global guard: OIDC issuer or service-account tokens), problem+json errors,
 * DTO validation; Idempotency-Key on the command routes (`@Idempotent()`). JwtService only signs
 * (dev tokens, tests); TokenVerifier verifies.
 */
@Module({
  imports: [
    CqrsModule.forRoot(),
    IdempotencyModule,
    ApplicationModule,
    AuthModule,
    ReferenceModule,
    InitiativesModule,
    QueriesModule,
    DocumentsModule,
    NotificationsApiModule,
    RateLimitModule,
    JwtModule.registerAsync({
      global: true,
      inject: [LaurelConfig],
      useFactory: (config: LaurelConfig) => ({
        // A KeyObject, not a string: given a string, jsonwebtoken first tries to parse it as a
        // public key on every verification, which cost a third of the API's CPU under load.
        // Without a configured secret (OIDC only) nothing this process signs is ever accepted.
        secret: createSecretKey(Buffer.from(config.AUTH_JWT_SECRET ?? randomBytes(32).toString('hex'))) as unknown as Buffer,
        // Every token signed here carries iat and exp (at most 12 h: validateConfig checks AUTH_TOKEN_TTL).
        signOptions: { expiresIn: durationSeconds(config.AUTH_TOKEN_TTL), algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: [
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    { provide: APP_PIPE, useFactory: validationPipe },
    // SEED_DEMO=true: the demo, once the bootstrap's definitions and administrator exist.
    DemoSeeder,
  ],
})
export class ApiModule {}
