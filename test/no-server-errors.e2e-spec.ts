import { ModulesContainer } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { CommandRunner, SYSTEM_ACTOR, streams } from '@laurel/application';
import { ROLES, userDecider } from '@laurel/domain';
import { EVENT_STORE, type EventStore } from '@laurel/event-store';
import { READ_MODELS, ReadModelSupervisor } from '@laurel/read-models';
import { testDatabaseUrl, testRunId } from '@laurel/testing';
import { ApiHarness } from './api-harness';
import { discoverRoutes, fieldsOf, UNPREFIXED, type Route } from './sweep/routes';

/*
 * api.md: "No request ever yields a 500 for bad input." Every route the Nest router serves (checked
 * against the OpenAPI document) is sent, on the seeded demo (SEED_DEMO=true, in a database of its
 * own), with: no token, a token of a user without the route's role, malformed JSON, a JSON array /
 * string / number / null instead of an object, other content types and encodings, an unknown field,
 * wrong types in every field (nested ones too, on top of a valid body), NUL bytes, lone surrogates
 * and huge strings, invalid path ids and invalid query parameters. No answer may be ≥ 500, and every
 * 4xx must be application/problem+json with a `code`.
 */

const sha = (c: string) => c.repeat(64);
const DOCUMENTS = [
  { name: 'request_letter', sha256: sha('a'), url: 'https://example.org/letter.pdf' },
  { name: 'achievement_report', sha256: sha('b') },
];
const DEFINITION = {
  id: 'nse-track',
  title: 'Probe track',
  start: { command: 'register', to: 'registered', roles: ['unit_officer'] },
  stages: [
    { id: 'registered', kind: 'active', label: 'Registered', transitions: [{ command: 'withdraw', to: 'withdrawn', roles: ['unit_officer'] }] },
    { id: 'withdrawn', kind: 'final', label: 'Withdrawn' },
  ],
  parameters: {},
};

/** A valid body per route, so a wrong value in one field is the only thing wrong. */
const VALID_BODIES: Record<string, unknown> = {
  'POST /api/v1/auth/dev-token': { userId: 'demo-officer' },
  'POST /api/v1/units': { name: 'Probe unit', level: 'grassroots', parentId: 'demo-ba-dinh' },
  'POST /api/v1/users': { name: 'Probe user', email: 'probe@example.org', roles: ['auditor'], unitId: 'demo-hanoi' },
  'POST /api/v1/councils': { name: 'Probe council', unitId: 'demo-hanoi', level: 'province', members: [{ userId: 'demo-member-1', role: 'chair' }], rules: { note: 'n', quorum: '2/3', approval: '1/2', secretBallot: false } },
  'POST /api/v1/councils/:id/members': { userId: 'demo-auditor', role: 'member' },
  'POST /api/v1/workflows': { definition: DEFINITION },
  'POST /api/v1/movements': { title: 'Probe movement', organizerUnitId: 'demo-ba-dinh', kind: 'thematic', fields: ['health'], startsOn: '2030-01-01', endsOn: '2030-12-31', workflowId: 'initiative-recognition' },
  'POST /api/v1/movements/:id/summaries': { kind: 'preliminary', note: 'Half-way' },
  'POST /api/v1/initiatives': { movementId: 'demo-movement', unitId: 'demo-phuc-xa', title: 'Probe', summary: 'Probe summary', field: 'health', authors: [{ name: 'A', userId: 'demo-officer' }] },
  'POST /api/v1/initiatives/:id/progress-reports': { summary: 'Progress', indicators: { a: 1, nested: { b: [1, 2] } } },
  'POST /api/v1/initiatives/:id/self-assessment': { summary: 'Self', selfScore: 7 },
  'POST /api/v1/initiatives/:id/withdrawal': { reason: 'Because' },
  'POST /api/v1/initiatives/:id/nomination': { awardForm: 'certificate_of_merit', councilId: 'demo-council', statement: 'S', documents: DOCUMENTS },
  'POST /api/v1/initiatives/:id/screening': { outcome: 'returned', reason: 'Missing pages' },
  'POST /api/v1/initiatives/:id/resubmission': { statement: 'Again', documents: DOCUMENTS },
  'POST /api/v1/initiatives/:id/review': { deadline: '2031-01-01T00:00:00Z', panel: ['demo-member-1', 'demo-member-2'] },
  'POST /api/v1/initiatives/:id/review/conflicts': { reason: 'My cousin' },
  'POST /api/v1/initiatives/:id/review/scores': { scores: { novelty: 5, effectiveness: 5, scope: 5 }, comment: 'Fine' },
  'POST /api/v1/initiatives/:id/review/ballots': { choice: 'abstain' },
  'POST /api/v1/initiatives/:id/consultation': { closesAt: '2031-01-01T00:00:00Z' },
  'POST /api/v1/initiatives/:id/consultation/objections': { text: 'I object', contact: 'me@example.org' },
  'POST /api/v1/initiatives/:id/consultation/objections/:objectionId/resolution': { outcome: 'dismissed', reason: 'Unfounded' },
  'POST /api/v1/initiatives/:id/decision': { outcome: 'granted', awardForm: 'certificate_of_merit', decisionNo: '1/QĐ', decidedOn: '2030-01-02', signedBy: 'Chair', reason: 'Good' },
  'POST /api/v1/initiatives/:id/publication': { channel: 'Portal', url: 'https://example.org/p' },
  'POST /api/v1/initiatives/:id/revocation': { reason: 'Plagiarism', legalBasis: 'Art. 1' },
  'POST /api/v1/initiatives/:id/replications': { adoptingUnitId: 'demo-kim-ma', startedOn: '2030-02-01', note: 'Adopted' },
  'POST /api/v1/initiatives/:id/replications/:replicationId/results': { outcome: 'Worked', indicators: { x: 1 } },
  'POST /api/v1/initiatives/:id/escalation': { councilId: 'demo-council' },
  'PUT /api/v1/me/notification-preferences': { locale: 'en', channels: { in_app: true, email: false, webhook: false }, webhookUrl: 'https://example.org/hook', webhookSecret: 'sixteen-chars-or-more' },
};

/** Which demo initiative a command is sent to (where its stage allows it, when the demo has one), and by whom. */
const INITIATIVE_TARGETS: Record<string, { id: string; actor: string }> = {
  'progress-reports': { id: 'demo-initiative-1', actor: 'demo-officer' },
  'self-assessment': { id: 'demo-initiative-1', actor: 'demo-officer' },
  nomination: { id: 'demo-initiative-2', actor: 'demo-officer-2' },
  screening: { id: 'demo-initiative-3', actor: 'demo-secretary' },
  resubmission: { id: 'demo-initiative-3', actor: 'demo-officer' },
  review: { id: 'demo-initiative-3', actor: 'demo-secretary' },
  'review/conflicts': { id: 'demo-initiative-4', actor: 'demo-member-3' },
  'review/scores': { id: 'demo-initiative-4', actor: 'demo-member-3' },
  'review/ballots': { id: 'demo-initiative-4', actor: 'demo-member-3' },
  'review/close': { id: 'demo-initiative-4', actor: 'demo-secretary' },
  consultation: { id: 'demo-initiative-5', actor: 'demo-secretary' },
  'consultation/objections': { id: 'demo-initiative-5', actor: 'demo-auditor' },
  'consultation/objections/:objectionId/resolution': { id: 'demo-initiative-5', actor: 'demo-secretary' },
  'consultation/close': { id: 'demo-initiative-5', actor: 'demo-secretary' },
  decision: { id: 'demo-initiative-6', actor: 'demo-authority' },
  publication: { id: 'demo-initiative-6', actor: 'demo-secretary' },
  revocation: { id: 'demo-initiative-7', actor: 'demo-authority' },
  replications: { id: 'demo-initiative-7', actor: 'demo-officer' },
  'replications/:replicationId/results': { id: 'demo-initiative-7', actor: 'demo-officer' },
  escalation: { id: 'demo-initiative-7', actor: 'demo-officer' },
  withdrawal: { id: 'demo-initiative-2', actor: 'demo-officer-2' },
};

// ── Probes ────────────────────────────────────────────────────────────────────────────────────

interface Probe {
  label: string;
  method: Route['method'];
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** What the answer must be besides "not 5xx, problem+json when 4xx". */
  expect?: { status?: number; code?: string };
}

const WRONG_VALUES: unknown[] = [null, true, 0, -1, 1.5, 1e308, 'x', '', {}, [], [null], [{}], ['x'], { a: { b: { c: [1] } } }];
const EDGE_STRINGS = ['a\u0000b', '\u0000', '\ud800', 'x'.repeat(10_001), ' ', '\n\t', '<script>alert(1)</script>', "'; DROP TABLE es_events; --", '../../etc/passwd', '%00', '😀'.repeat(300)];
const BAD_IDS = ['%00', '9999999999999999999', '-1', 'a'.repeat(300), '%E0%A4%A', '%FF', '..', '%2e%2e', '%2F', 'a%20b', '-leading', '%C3%A4', "x'%3B--", 'a%0Ab', 'nope'];
const BAD_QUERY_VALUES = ['', 'x', '-1', '0', '9999999999999999999', '1.5', '1e309', 'NaN', '99999999999999999999999', '%00', 'a'.repeat(5000), '2030-13-45T99:99:99Z', '%E0%A4%A', '0'.repeat(31), 'ä'];

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Every path to a value inside `value` (`documents.0.sha256`). */
function leafPaths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return prefix.length ? [prefix] : [];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  return [...(prefix.length ? [prefix] : []), ...entries.flatMap(([key, v]) => leafPaths(v, [...prefix, key]))];
}

function setAt(target: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const copy = clone(target);
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
  return copy;
}

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
    supervisors = READ_MODELS.map((p) => new ReadModelSupervisor(pool, store, p, { followMs: 100, leaseRetryMs: 100 }));
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
    for (const userId of ['admin', 'nse-nobody', 'nse-everything', 'demo-officer', 'demo-officer-2', 'demo-secretary', 'demo-member-3', 'demo-authority', 'demo-auditor']) {
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
  });

  const key = (route: Route) => `${route.method} ${route.path}`;
  const initiativeTarget = (route: Route) => INITIATIVE_TARGETS[route.path.replace(/^\/api\/v1\/initiatives\/:id\/?/, '')];

  /** The path with real ids of the demo. */
  const realPath = (route: Route, override: Record<string, string> = {}) =>
    route.path.replace(/:(\w+)/g, (_, name: string) => {
      if (override[name] !== undefined) return override[name];
      if (name === 'id') {
        if (route.path.startsWith('/api/v1/initiatives')) return initiativeTarget(route)?.id ?? 'demo-initiative-4';
        if (route.path.startsWith('/api/v1/councils')) return 'demo-council';
        if (route.path.startsWith('/api/v1/movements')) return 'demo-movement';
        if (route.path.startsWith('/api/v1/workflows')) return 'initiative-recognition';
        return '1';
      }
      if (name === 'version') return '1';
      if (name === 'userId') return 'demo-member-3';
      return ids[name] ?? 'nope';
    });

  /** Who sends the probes that should get past authentication and authorisation. */
  const actorFor = (route: Route): string => {
    if (route.path.startsWith('/api/v1/initiatives/:id')) return initiativeTarget(route)?.actor ?? 'nse-everything';
    if (route.path === '/api/v1/initiatives' && route.method === 'POST') return 'demo-officer';
    if (route.roles?.length) return route.roles.includes('administrator') ? 'admin' : 'nse-everything';
    return 'nse-everything';
  };

  function probesFor(route: Route): Probe[] {
    const probes: Probe[] = [];
    const auth = (userId: string) => ({ Authorization: `Bearer ${tokens.get(userId)}` });
    const json = { 'Content-Type': 'application/json' };
    const hasBody = route.method === 'POST' || route.method === 'PUT';
    const url = baseUrl + realPath(route);
    const actor = actorFor(route);
    const send = (label: string, body: unknown, extra: Partial<Probe> = {}): Probe => ({
      label,
      method: route.method,
      url,
      headers: { ...json, ...auth(actor) },
      ...(hasBody ? { body: JSON.stringify(body) } : {}),
      ...extra,
    });
    const valid = clone((VALID_BODIES[key(route)] ?? {}) as Record<string, unknown>);

    // Authentication and roles.
    probes.push({ ...send('no token', valid), headers: json, ...(route.isPublic || UNPREFIXED.has(route.path) ? {} : { expect: { status: 401, code: 'UNAUTHENTICATED' } }) });
    probes.push({ ...send('malformed bearer', valid), headers: { ...json, Authorization: 'Bearer not.a.jwt' } });
    probes.push({ ...send('not a bearer', valid), headers: { ...json, Authorization: 'Basic YWRtaW46YWRtaW4=' } });
    probes.push({ ...send('a user without the role', valid), headers: { ...json, ...auth('nse-nobody') }, ...(route.roles?.length ? { expect: { status: 403, code: 'FORBIDDEN' } } : {}) });

    // Path ids.
    for (const param of route.params) {
      for (const bad of BAD_IDS) probes.push({ ...send(`path ${param}=${bad.slice(0, 20)}`, valid), url: baseUrl + realPath(route, { [param]: bad }) });
    }

    // Query parameters (every route: unknown ones too).
    const queryFields = [...new Set([...(route.query ? fieldsOf(route.query) : []), 'limit', 'cursor', 'minPosition', 'zzz'])];
    for (const field of queryFields) {
      for (const bad of BAD_QUERY_VALUES) probes.push({ ...send(`?${field}=${bad.slice(0, 20)}`, valid), url: `${url}?${field}=${bad}` });
      probes.push({ ...send(`?${field} twice`, valid), url: `${url}?${field}=1&${field}=2` });
      probes.push({ ...send(`?${field}[a]=1`, valid), url: `${url}?${field}[a]=1&${field}[b][c]=2` });
    }

    // Headers commands read.
    if (hasBody) {
      for (const [header, value] of [
        ['If-Match', 'abc'],
        ['If-Match', '"-1"'],
        ['If-Match', '99999999999999999999'],
        ['Idempotency-Key', 'x'.repeat(300)],
        ['Idempotency-Key', 'ä'],
        ['X-Correlation-Id', 'x'.repeat(5000)],
      ]) {
        probes.push({ ...send(`${header}: ${value.slice(0, 20)}`, {}), headers: { ...json, ...auth(actor), [header]: value } });
      }
    }
    if (!hasBody) return probes;

    // Bodies that are not a JSON object, or not JSON.
    const raw = (label: string, body: string | Buffer, headers: Record<string, string> = json, expected?: Probe['expect']) =>
      probes.push({ label, method: route.method, url, headers: { ...headers, ...auth(actor) }, body, ...(expected ? { expect: expected } : {}) });
    const malformed = route.body ? { status: 400, code: 'MALFORMED_JSON' } : undefined;
    raw('malformed JSON', '{"a":', json, malformed);
    raw('trailing garbage', '{"a":1} x', json, malformed);
    raw('a JSON array', '[]');
    raw('an array of the valid body', JSON.stringify([valid]));
    raw('a JSON string', '"text"');
    raw('a JSON number', '42');
    raw('JSON null', 'null');
    raw('an empty body', '');
    raw('deep nesting', '['.repeat(5000) + ']'.repeat(5000));
    raw('deep nesting in a field', `{"a":${'{"b":'.repeat(2000)}1${'}'.repeat(2000)}}`);
    raw('deepest nesting the size limit allows', '['.repeat(50_000) + ']'.repeat(50_000));
    raw('__proto__', '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}');
    raw('NUL byte in JSON', '{"a":"\u0000"}');
    raw('invalid UTF-8', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
    raw('too large', JSON.stringify({ ...valid, padding: 'x'.repeat(200_000) }), json, { status: 413 });
    raw('text/plain', JSON.stringify(valid), { 'Content-Type': 'text/plain' });
    raw('form-encoded', 'a=1&b[c]=2', { 'Content-Type': 'application/x-www-form-urlencoded' });
    raw('multipart garbage', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--', { 'Content-Type': 'multipart/form-data; boundary=x' });
    raw('unsupported charset', JSON.stringify(valid), { 'Content-Type': 'application/json; charset=latin1' });
    raw('gzip that is not', 'not gzip', { ...json, 'Content-Encoding': 'gzip' });
    raw('unknown encoding', JSON.stringify(valid), { ...json, 'Content-Encoding': 'xyz' });

    // An unknown field, next to an otherwise valid body.
    probes.push(send('unknown field', { ...valid, unknownField: 1 }, route.body ? { expect: { status: 400, code: 'VALIDATION_FAILED' } } : {}));

    // Every field (and every nested one) with a wrong type, and strings at their edges.
    const dto = route.body === 'empty' ? undefined : route.body;
    const paths = [...leafPaths(valid), ...(dto ? fieldsOf(dto).map((f) => [f]) : [])];
    const seen = new Set<string>();
    for (const path of paths) {
      const name = path.join('.');
      if (seen.has(name)) continue;
      seen.add(name);
      for (const wrong of WRONG_VALUES) probes.push(send(`${name}=${JSON.stringify(wrong)}`, setAt(valid, path, wrong)));
      for (const edge of EDGE_STRINGS) probes.push(send(`${name}=edge string ${edge.length}`, setAt(valid, path, edge)));
    }
    probes.push(send('valid body', valid));
    return probes;
  }

  async function run(probe: Probe): Promise<string | undefined> {
    let response: Response;
    try {
      response = await fetch(probe.url, { method: probe.method, headers: probe.headers, body: probe.body, redirect: 'manual' });
    } catch (error) {
      return `${probe.label}: no answer (${(error as Error).message})`;
    }
    const text = await response.text();
    const where = `${probe.method} ${probe.url.slice(baseUrl.length, baseUrl.length + 120)} [${probe.label}]`;
    // api.md: `?minPosition=` waits (bounded, then 503 with Retry-After) until the read model has
    // caught up — a position the log has not reached yet is answered so, by contract.
    const notCaughtUp = response.status === 503 && probe.url.includes('minPosition=f') && response.headers.get('retry-after') !== null;
    if (response.status >= 500 && !notCaughtUp) return `${where}: ${response.status} ${text.slice(0, 300)}`;
    if (probe.expect?.status !== undefined && response.status !== probe.expect.status) return `${where}: expected ${probe.expect.status}, got ${response.status} ${text.slice(0, 200)}`;
    if (response.status >= 400) {
      // (a 503 NOT_CAUGHT_UP is checked like any 4xx: problem+json with a code)
      const type = response.headers.get('content-type') ?? '';
      if (!type.startsWith('application/problem+json')) return `${where}: ${response.status} as ${type || 'no content type'}: ${text.slice(0, 200)}`;
      let code: unknown;
      try {
        code = (JSON.parse(text) as { code?: unknown }).code;
      } catch {
        return `${where}: ${response.status} problem+json that is not JSON: ${text.slice(0, 200)}`;
      }
      if (typeof code !== 'string' || code.length === 0) return `${where}: ${response.status} without a code: ${text.slice(0, 200)}`;
      if (probe.expect?.code !== undefined && code !== probe.expect.code) return `${where}: expected code ${probe.expect.code}, got ${code}`;
    }
    return undefined;
  }

  it('finds every route the OpenAPI document lists, and only those', () => {
    const document = SwaggerModule.createDocument(api.app, new DocumentBuilder().build());
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((m) => ['get', 'post', 'put', 'delete', 'patch'].includes(m))
        .map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    // GET /metrics (Prometheus text) is left out of the document on purpose.
    expect(routes.map(key).filter((k) => k !== 'GET /metrics').sort()).toEqual(documented.sort());
    expect(routes.length).toBeGreaterThan(50);
  });

  it('answers bad input on every route with a 4xx problem+json that has a code, never a 5xx', async () => {
    const probes = [
      ...routes.flatMap(probesFor),
      // The queue dashboard is middleware, not a route.
      { label: 'dashboard, no token', method: 'GET', url: `${baseUrl}/admin/queues`, headers: {}, expect: { status: 401, code: 'UNAUTHENTICATED' } },
      { label: 'dashboard, not an administrator', method: 'GET', url: `${baseUrl}/admin/queues`, headers: { Authorization: `Bearer ${tokens.get('nse-nobody')}` }, expect: { status: 403, code: 'FORBIDDEN' } },
      { label: 'dashboard, a bad ?token=', method: 'GET', url: `${baseUrl}/admin/queues?token=%00`, headers: {}, expect: { status: 401 } },
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
        const results = await Promise.all(group.slice(i, i + 32).map(run));
        failures.push(...results.filter((r): r is string => r !== undefined));
      }
    }
    expect({ probes: probes.length, failures }).toEqual({ probes: probes.length, failures: [] });
  }, 120_000);
});
