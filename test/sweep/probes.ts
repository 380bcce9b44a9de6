import { fieldsOf, UNPREFIXED, type Route } from './routes';

/*
 * The no-500 sweep's probes (test/no-server-errors.e2e-spec.ts): for each route, requests that differ
 * from a valid one in one thing (authentication, a path id, a query parameter, a header, the body's
 * encoding, one field's value), and the check every answer must pass: never ≥ 500, every 4xx an
 * application/problem+json with a `code`, and the status or code a probe expects.
 */

/** How the sweep reaches the application, and what a valid request to a route is. */
export interface ProbeContext {
  baseUrl: string;
  tokens: ReadonlyMap<string, string>;
  /** The route's path with real ids, some replaced by `override`. */
  path(route: Route, override?: Record<string, string>): string;
  /** Who sends the probes that should get past authentication and authorisation. */
  actor(route: Route): string;
  validBody(route: Route): Record<string, unknown>;
}

export interface Probe {
  label: string;
  method: Route['method'];
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** What the answer must be besides "not 5xx, problem+json when 4xx". */
  expect?: { status?: number; code?: string; /** a field `errors[]` must name */ field?: string };
}

const WRONG_VALUES: unknown[] = [null, true, 0, -1, 1.5, 1e308, 'x', '', {}, [], [null], [{}], ['x'], { a: { b: { c: [1] } } }];
const EDGE_STRINGS = ['a\u0000b', '\u0000', '\ud800', 'x'.repeat(10_001), ' ', '\n\t', '<script>alert(1)</script>', "'; DROP TABLE es_events; --", '../../etc/passwd', '%00', '😀'.repeat(300)];
const BAD_IDS = ['%00', '9999999999999999999', '-1', 'a'.repeat(300), '%E0%A4%A', '%FF', '..', '%2e%2e', '%2F', 'a%20b', '-leading', '%C3%A4', "x'%3B--", 'a%0Ab', 'nope'];
const BAD_QUERY_VALUES = ['', 'x', '-1', '0', '9999999999999999999', '1.5', '1e309', 'NaN', '99999999999999999999999', '%00', 'a'.repeat(5000), '2030-13-45T99:99:99Z', '%E0%A4%A', '0'.repeat(31), 'ä'];

/**
 * Cursors no page issued (issue 9: each gave a 500 once): NUL bytes, a non-date where a date
 * belongs, 32 hex digits, huge numbers, wrong arity and types, in the codec's own layout
 * (`[version, ...key]`) and in the layouts before it, and text that is not base64url at all.
 * REFUSED_CURSORS fit no list's key shape: every paginated route answers 400 VALIDATION_FAILED
 * naming `cursor`. ODD_CURSORS are well-formed for some shapes (32 hex digits is a position, any
 * text an id): a route may page from them (200) or refuse them (400), never fail.
 */
const cursorOf = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
const DATE = '2030-01-01T00:00:00.000Z';
const FITS_NO_PART: unknown[] = ['\u0000', 'a\u0000b', '\ud800', 'x'.repeat(300), '', 1e308, -1, 0.5, 12, null, true, {}, []];
const FITS_SOME_PART: unknown[] = ['not-a-date', '0123456789abcdef0123456789abcdef', 'ffffffffffffffffffffffffffffffff', '99999999999999999999999', '9223372036854775808'];
const arities = [1, 2, 3];
export const REFUSED_CURSORS: string[] = [
  ...[...FITS_NO_PART, ...FITS_SOME_PART].map((bad) => cursorOf([bad])), // no version tag: `["\u0000"]`, as in the issue
  ...arities.flatMap((n) => FITS_NO_PART.map((bad) => cursorOf([1, ...Array(n).fill(bad)]))),
  ...['\u0000', '\ud800', 'x'.repeat(300), 42, null].flatMap((bad) => [cursorOf([1, DATE, bad]), cursorOf([1, DATE, bad, 'x']), cursorOf([1, DATE, 'x', bad])]),
  cursorOf([1, '2030-02-30T00:00:00.000Z', 'x', 'y']),
  cursorOf([1, '+275760-09-13T00:00:00.000Z', 'x', 'y']),
  cursorOf([1]),
  cursorOf([1, '1', '2', '3', '4']),
  cursorOf([2, '1']),
  cursorOf({ 0: 1, 1: '1' }),
  cursorOf('1'),
  cursorOf(1),
  Buffer.from('\u0000').toString('base64url'),
  Buffer.from('not json').toString('base64url'),
  Buffer.from([0xff, 0xfe, 0x00]).toString('base64url'),
  '!!!not-base64',
  'a'.repeat(2000),
];
export const ODD_CURSORS: string[] = [
  ...arities.flatMap((n) => FITS_SOME_PART.map((bad) => cursorOf([1, ...Array(n).fill(bad)]))),
  ...FITS_SOME_PART.flatMap((bad) => [cursorOf([1, DATE, bad]), cursorOf([1, DATE, bad, 'x']), cursorOf([1, DATE, 'x', bad])]),
  cursorOf([1, DATE]),
  cursorOf([1, DATE, 'x', 'y']),
  '0123456789abcdef0123456789abcdef',
];

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

/** The probes of one route: each differs from a valid request in one thing. */
export function probesFor(route: Route, ctx: ProbeContext): Probe[] {
  const { baseUrl } = ctx;
  const probes: Probe[] = [];
  const auth = (userId: string) => ({ Authorization: `Bearer ${ctx.tokens.get(userId)}` });
  const json = { 'Content-Type': 'application/json' };
  const hasBody = route.method === 'POST' || route.method === 'PUT';
  const url = baseUrl + ctx.path(route);
  const actor = ctx.actor(route);
  const send = (label: string, body: unknown, extra: Partial<Probe> = {}): Probe => ({
    label,
    method: route.method,
    url,
    headers: { ...json, ...auth(actor) },
    ...(hasBody ? { body: JSON.stringify(body) } : {}),
    ...extra,
  });
  const valid = clone(ctx.validBody(route));

  // Authentication and roles.
  probes.push({ ...send('no token', valid), headers: json, ...(route.isPublic || UNPREFIXED.has(route.path) ? {} : { expect: { status: 401, code: 'UNAUTHENTICATED' } }) });
  probes.push({ ...send('malformed bearer', valid), headers: { ...json, Authorization: 'Bearer not.a.jwt' } });
  probes.push({ ...send('not a bearer', valid), headers: { ...json, Authorization: 'Basic YWRtaW46YWRtaW4=' } });
  probes.push({ ...send('a user without the role', valid), headers: { ...json, ...auth('nse-nobody') }, ...(route.roles?.length ? { expect: { status: 403, code: 'FORBIDDEN' } } : {}) });

  // Path ids.
  for (const param of route.params) {
    for (const bad of BAD_IDS) probes.push({ ...send(`path ${param}=${bad.slice(0, 20)}`, valid), url: baseUrl + ctx.path(route, { [param]: bad }) });
  }

  // Query parameters (every route: unknown ones too).
  const queryFields = [...new Set([...(route.query ? fieldsOf(route.query) : []), 'limit', 'cursor', 'minPosition', 'zzz'])];
  for (const field of queryFields) {
    for (const bad of BAD_QUERY_VALUES) probes.push({ ...send(`?${field}=${bad.slice(0, 20)}`, valid), url: `${url}?${field}=${bad}` });
    probes.push({ ...send(`?${field} twice`, valid), url: `${url}?${field}=1&${field}=2` });
    probes.push({ ...send(`?${field}[a]=1`, valid), url: `${url}?${field}[a]=1&${field}[b][c]=2` });
  }

  // Crafted cursors on every paginated route: 400 VALIDATION_FAILED naming `cursor`, anonymous too where the route is public.
  if (route.query && fieldsOf(route.query).includes('cursor')) {
    const refused = { status: 400, code: 'VALIDATION_FAILED', field: 'cursor' };
    const cursors = [...REFUSED_CURSORS.map((cursor, i) => ({ cursor, label: `crafted cursor #${i}`, expect: refused })), ...ODD_CURSORS.map((cursor, i) => ({ cursor, label: `odd cursor #${i}`, expect: { code: 'VALIDATION_FAILED', field: 'cursor' } }))];
    for (const { cursor, label, expect } of cursors) {
      const crafted = `${url}?cursor=${encodeURIComponent(cursor)}`;
      probes.push({ ...send(label, valid), url: crafted, expect });
      if (route.isPublic) probes.push({ ...send(`${label}, no token`, valid), url: crafted, headers: json, expect });
    }
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

/** What is wrong with the answer to `probe`, if anything. */
export async function checkAnswer(probe: Probe, baseUrl: string): Promise<string | undefined> {
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
    let errors: unknown;
    try {
      ({ code, errors } = JSON.parse(text) as { code?: unknown; errors?: unknown });
    } catch {
      return `${where}: ${response.status} problem+json that is not JSON: ${text.slice(0, 200)}`;
    }
    if (typeof code !== 'string' || code.length === 0) return `${where}: ${response.status} without a code: ${text.slice(0, 200)}`;
    if (probe.expect?.code !== undefined && code !== probe.expect.code) return `${where}: expected code ${probe.expect.code}, got ${code}`;
    const field = probe.expect?.field;
    if (field !== undefined && !(Array.isArray(errors) && errors.some((e: { field?: unknown }) => e?.field === field))) return `${where}: expected errors[] to name ${field}: ${text.slice(0, 200)}`;
  }
  return undefined;
}
