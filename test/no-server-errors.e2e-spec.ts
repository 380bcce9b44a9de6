import { ModulesContainer } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { CommandRunner, SYSTEM_ACTOR, streams } from '@laurel/application';
import { ROLES, userDecider } from '@laurel/domain';
import { EVENT_STORE, type EventStore } from '@laurel/event-store';
import { readModelsFor, ReadModelSupervisor } from '@laurel/read-models';
import { testDatabaseUrl, testRunId } from '@laurel/testing';
import { ApiHarness } from './api-harness';
import { demoActor, demoPath, PROBE_USERS, routeKey, VALID_BODIES } from './sweep/demo-requests';
import { durationProbes } from './sweep/duration-probes';
import { checkAnswer, probesFor, type Probe, type ProbeContext } from './sweep/probes';
import { discoverRoutes, type Route } from './sweep/routes';

/*
 * api.md: "No request ever yields a 500 for bad input." Every route the Nest router serves (checked
 * against the OpenAPI document) is sent, on the seeded demo (SEED_DEMO=true, in a database of its
 * own), with: no token, a token of a user without the route's role, malformed JSON, a JSON array /
 * string / number / null instead of an object, other content types and encodings, an unknown field,
 * wrong types in every field (nested ones too, on top of a valid body), NUL bytes, lone surrogates
 * and huge strings, invalid path ids and invalid query parameters. No answer may be ≥ 500, and every
 * 4xx must be application/problem+json with a `code`.
 */

/**
 * Drops a database of this test once the application's connections are gone (a closed pool's
 * sockets may still be closing: terminating them would surface as unhandled errors).
 */
async function dropDatabase(name: string): Promise<void> {
  const admin = new Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error; // object_in_use
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    await admin.end();
  }
}

describe('no request gets a 500 (api.md)', () => {
  const ENV_KEYS = ['SEED_DEMO', 'DATABASE_URL', 'READ_MODEL_WAIT_MS'] as const;
  const saved = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
  const database = `laurel_nse_${testRunId()}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  let api: ApiHarness;
  let supervisors: ReadModelSupervisor[] = [];
  let baseUrl = '';
  let routes: Route[] = [];
  const tokens = new Map<string, string>();
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    await dropDatabase(database);
    const admin = new Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.end();
    const url = new URL(testDatabaseUrl());
    url.pathname = `/${database}`;
    Object.assign(process.env, { SEED_DEMO: 'true', DATABASE_URL: url.toString(), READ_MODEL_WAIT_MS: '200' });

    api = await ApiHarness.start();
    const pool = api.app.get(Pool);
    const store = api.app.get<EventStore>(EVENT_STORE);
    supervisors = readModelsFor(store).map((p) => new ReadModelSupervisor(pool, store, p, { followMs: 100, leaseRetryMs: 100 }));
    await Promise.all(supervisors.map((s) => s.start()));
    await api.app.listen(0, '127.0.0.1');
    baseUrl = (await api.app.getUrl()).replace('[::1]', '127.0.0.1');
    routes = discoverRoutes(api.app.get(ModulesContainer));

    // Someone with no role any route asks for, and someone with every role.
    const runner = api.app.get(CommandRunner);
    for (const [userId, roles] of [
      ['nse-nobody', ['public']],
      ['nse-everything', [...ROLES]],
    ] as const) {
      await runner.run({
        stream: streams.user(userId),
        id: userId,
        decider: userDecider,
        command: { type: 'registerUser', data: { userId, name: userId, email: `${userId}@example.org`, roles: [...roles], unitId: 'demo-phuc-xa' } },
        meta: { actor: SYSTEM_ACTOR, correlationId: randomUUID() },
        context: (_s, now) => ({ now, actor: SYSTEM_ACTOR }),
      });
    }
    const jwt = api.app.get(JwtService);
    for (const userId of PROBE_USERS) {
      tokens.set(userId, jwt.sign({ sub: userId }));
    }
    // Ids only a command hands out.
    const objection = await fetch(`${baseUrl}/api/v1/initiatives/demo-initiative-5/consultation/objections`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'Probe objection' }),
    });
    ids.objectionId = ((await objection.json()) as { objectionId: string }).objectionId;
    const replication = await fetch(`${baseUrl}/api/v1/initiatives/demo-initiative-7/replications`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${tokens.get('demo-officer')}` },
      body: JSON.stringify({ adoptingUnitId: 'demo-phuc-xa', startedOn: '2030-02-01' }),
    });
    ids.replicationId = ((await replication.json()) as { replicationId: string }).replicationId;
  }, 60_000);

  afterAll(async () => {
    await Promise.all(supervisors.map((s) => s.stop()));
    await api?.close();
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    await dropDatabase(database);
  }, 60_000);

  const context = (): ProbeContext => ({
    baseUrl,
    tokens,
    path: (route, override) => demoPath(route, ids, override),
    actor: demoActor,
    validBody: (route) => (VALID_BODIES[routeKey(route)] ?? {}) as Record<string, unknown>,
  });

  it('finds every route the OpenAPI document lists, and only those', () => {
    const document = SwaggerModule.createDocument(api.app, new DocumentBuilder().build());
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((m) => ['get', 'post', 'put', 'delete', 'patch'].includes(m))
        .map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    // GET /metrics (Prometheus text) is left out of the document on purpose.
    expect(routes.map(routeKey).filter((k) => k !== 'GET /metrics').sort()).toEqual(documented.sort());
    expect(routes.length).toBeGreaterThan(50);
  });

  // Before the sweep: its probes change the demo (members removed from the council, initiatives moved on).
  it('refuses unbounded durations at publish, and a definition at the bounds runs a journey without a 5xx (issue 9)', async () => {
    const jwt = api.app.get(JwtService);
    const { probes, failures } = await durationProbes(baseUrl, (userId) => jwt.sign({ sub: userId }), testRunId().toLowerCase().replace(/[^a-z0-9]/g, ''));
    expect({ probes, failures }).toEqual({ probes, failures: [] });
  }, 60_000);

  it('answers bad input on every route with a 4xx problem+json that has a code, never a 5xx', async () => {
    const probes = [
      ...routes.flatMap((route) => probesFor(route, context())),
      // The queue dashboard is middleware, not a route.
      { label: 'dashboard, no token', method: 'GET', url: `${baseUrl}/admin/queues`, headers: {}, expect: { status: 401, code: 'UNAUTHENTICATED' } },
      { label: 'dashboard, not an administrator', method: 'GET', url: `${baseUrl}/admin/queues`, headers: { Authorization: `Bearer ${tokens.get('nse-nobody')}` }, expect: { status: 403, code: 'FORBIDDEN' } },
      { label: 'dashboard, a bad ?token=', method: 'GET', url: `${baseUrl}/admin/queues?token=%00`, headers: {}, expect: { status: 401, code: 'UNAUTHENTICATED' } },
      // A token in the URL is never accepted, not even an administrator's valid one.
      { label: "dashboard, an administrator's token in ?token=", method: 'GET', url: `${baseUrl}/admin/queues?token=${tokens.get('admin')}`, headers: {}, expect: { status: 401, code: 'UNAUTHENTICATED' } },
      { label: 'dashboard, a forged session cookie', method: 'GET', url: `${baseUrl}/admin/queues`, headers: { Cookie: 'laurel_queues_session=YWRtaW4.9999999999.forged' }, expect: { status: 401, code: 'UNAUTHENTICATED' } },
      { label: 'dashboard, a malformed cookie header', method: 'GET', url: `${baseUrl}/admin/queues`, headers: { Cookie: 'laurel_queues_session=%E0%A4%A; other' }, expect: { status: 401, code: 'UNAUTHENTICATED' } },
      { label: 'no such route', method: 'GET', url: `${baseUrl}/api/v1/nope/%00`, headers: {}, expect: { status: 404 } },
      { label: 'no such method', method: 'DELETE', url: `${baseUrl}/api/v1/initiatives`, headers: {}, expect: { status: 404 } },
    ] satisfies Probe[];
    const failures: string[] = [];
    // Routes one after another (commands change the demo as they succeed), a route's probes in parallel.
    const byRoute = new Map<string, Probe[]>();
    for (const probe of probes) {
      const group = `${probe.method} ${new URL(probe.url).pathname.split('/').slice(0, 5).join('/')}`;
      byRoute.set(group, [...(byRoute.get(group) ?? []), probe]);
    }
    for (const group of byRoute.values()) {
      for (let i = 0; i < group.length; i += 32) {
        const results = await Promise.all(group.slice(i, i + 32).map((probe) => checkAnswer(probe, baseUrl)));
        failures.push(...results.filter((r): r is string => r !== undefined));
      }
    }
    expect({ probes: probes.length, failures }).toEqual({ probes: probes.length, failures: [] });
    // About 12,000 probes: some 30 s alone, ten times that on a machine shared with other runs.
  }, 600_000);
});
