import { Module, RequestMethod } from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { JwtService } from '@nestjs/jwt';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { CoreModule, createHttpAdapter, prepareHttpApp } from '@laurel/infra';
import { ApiModule } from '../api.module';
import { IdempotencyInterceptor } from './idempotency.interceptor';

@Module({ imports: [CoreModule, ApiModule] })
class RoutingTestModule {}

/** Whatever the path, method or body, an answer is problem+json: never the HTTP server's own page. */
describe('unknown routes and unreadable bodies (api.md "Errors")', () => {
  let app: NestFastifyApplication;
  let token = '';
  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [RoutingTestModule] }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(), { logger: ['error'] });
    // As startHttpApp does: the prefix and cookies, then Swagger, then init.
    await prepareHttpApp(app);
    SwaggerModule.setup('docs', app, SwaggerModule.createDocument(app, new DocumentBuilder().build()), { jsonDocumentUrl: 'docs-json' });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    token = app.get(JwtService).sign({ sub: 'admin' });
  });
  afterAll(() => app.close());

  it.each([
    ['GET', '//api/v1//initiatives'],
    ['GET', '/api/v1//initiatives'],
    ['GET', '/api/v1/nope'],
    ['POST', '/api/v1/initiatives/x/nope'],
    ['GET', '/nope'],
    ['DELETE', '/health'],
    ['GET', '/'],
  ])('%s %s is a problem+json 404 NOT_FOUND', async (method, path) => {
    const response = await request(app.getHttpServer())[method.toLowerCase() as 'get'](path).set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(response.text)).toMatchObject({ status: 404, code: 'NOT_FOUND', instance: path });
  });

  it('keeps serving /docs and /docs-json', async () => {
    await request(app.getHttpServer()).get('/docs/').expect(200).expect('Content-Type', /text\/html/);
    const document = await request(app.getHttpServer()).get('/docs-json').expect(200);
    expect(document.body.paths).toHaveProperty(['/api/v1/initiatives']);
  });

  it('a malformed JSON body is a problem+json 400 MALFORMED_JSON', async () => {
    const response = await request(app.getHttpServer()).post('/api/v1/units').set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send('{"unitId":');
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(response.text)).toMatchObject({ code: 'MALFORMED_JSON' });
  });

  it('an oversized body is a problem+json 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await request(app.getHttpServer())
      .post('/api/v1/units')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(3_000_000) }));
    expect(response.status).toBe(413);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(response.text)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('the body limit is 100 kB: a body of 110 kB is a 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await request(app.getHttpServer())
      .post('/api/v1/units')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(110 * 1024) }));
    expect(response.status).toBe(413);
    expect(JSON.parse(response.text)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('an empty JSON body is read as no body, not refused by the parser: a DELETE without a token is a 401', async () => {
    const response = await request(app.getHttpServer()).delete('/api/v1/councils/c-1/members/u-1').set('Content-Type', 'application/json');
    expect(response.status).toBe(401);
    expect(JSON.parse(response.text)).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it.each(['/api/v1/initiatives/%FF', '/api/v1/initiatives/%E0%A4%A/history'])('a URL that cannot be decoded (%s) is a problem+json 400', async (path) => {
    const response = await request(app.getHttpServer()).get(path).set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(response.text)).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
  });

  it.each([
    ['/api/v1/initiatives?stage=nominated', 'query', 'stage', 'Query parameter stage is not valid.'],
    ['/api/v1/initiatives?limit=0', 'query', 'limit', 'Query parameter limit is not valid.'],
    ['/api/v1/initiatives/bad%20id', 'path', 'id', 'Path parameter id is not valid.'],
  ])('GET %s names the refused %s parameter', async (path, where, field, detail) => {
    const response = await request(app.getHttpServer()).get(path).set('Authorization', `Bearer ${token}`).expect(400);
    expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', detail, errors: [{ field, in: where }] });
  });

  it('a refused body field is reported as a body field', async () => {
    const response = await request(app.getHttpServer()).post('/api/v1/units').set('Authorization', `Bearer ${token}`).send({ unitId: 'u-1', nope: 1 }).expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.detail).toMatch(/^Body fields? .*nope/);
    expect(response.body.errors).toContainEqual(expect.objectContaining({ field: 'nope', in: 'body' }));
  });
});

describe('Idempotency-Key (api.md "Conventions")', () => {
  it('is honoured on every POST and DELETE route: each has the idempotency interceptor, on its method or its controller', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [RoutingTestModule] }).compile();
    const commands: string[] = [];
    const missing: string[] = [];
    for (const module of moduleRef.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
        if (!controller) continue;
        const onClass = (Reflect.getMetadata(INTERCEPTORS_METADATA, controller) ?? []) as unknown[];
        for (const name of Object.getOwnPropertyNames(controller.prototype)) {
          const handler = (controller.prototype as Record<string, unknown>)[name];
          if (typeof handler !== 'function' || name === 'constructor') continue;
          const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
          if (method !== RequestMethod.POST && method !== RequestMethod.DELETE) continue;
          const route = `${RequestMethod[method]} ${String(Reflect.getMetadata(PATH_METADATA, controller))}/${String(Reflect.getMetadata(PATH_METADATA, handler))}`;
          commands.push(route);
          const onMethod = (Reflect.getMetadata(INTERCEPTORS_METADATA, handler) ?? []) as unknown[];
          if (![...onClass, ...onMethod].includes(IdempotencyInterceptor)) missing.push(`${controller.name}.${name} (${route})`);
        }
      }
    }
    await moduleRef.close();
    expect(commands.length).toBeGreaterThan(30);
    expect(missing).toEqual([]);
  });
});
