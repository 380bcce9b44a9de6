/**
 * Query parameters that may carry a credential, redacted from every logged URL even though Laurel
 * accepts no token in a URL: a client may still send one, and an OAuth redirect to the console
 * brings `code` and `state`. Any name containing "token", "secret", "password" or "session", and
 * these exact names (case-insensitive).
 */
export const SENSITIVE_NAMES: ReadonlySet<string> = new Set(['code', 'code_verifier', 'state', 'key', 'api_key', 'apikey', 'sig', 'signature', 'jwt', 'assertion', 'client_assertion', 'ticket', 'auth', 'authorization']);
const SENSITIVE_PART = /token|secret|passw|session|credential/i;
export const REDACTED = '[Redacted]';

export function isSensitiveParameter(name: string): boolean {
  return SENSITIVE_NAMES.has(name.toLowerCase()) || SENSITIVE_PART.test(name);
}

/**
 * Every sensitive name contains one of these (SENSITIVE_NAMES, SENSITIVE_PART); an encoded name has
 * `%` or `+`. A query without any of them has nothing to redact: the common case, told in one test.
 */
const MAY_BE_SENSITIVE = /token|secret|passw|session|credential|code|state|key|sig|jwt|assertion|ticket|auth|%|\+/i;

/** The URL (path and query) with the value of every sensitive query parameter replaced. */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0 || !MAY_BE_SENSITIVE.test(url.slice(at + 1))) return url;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // A malformed escape: judge the raw name.
      }
      return eq >= 0 && isSensitiveParameter(name) ? `${rawName}=${REDACTED}` : pair;
    });
  return `${url.slice(0, at)}?${query.join('&')}`;
}

/** A copy of a parsed query object with sensitive values replaced (the request's own object is left alone). */
export function redactQuery(query: unknown): unknown {
  if (!query || typeof query !== 'object') return query;
  return Object.fromEntries(Object.entries(query as Record<string, unknown>).map(([name, value]) => [name, isSensitiveParameter(name) ? REDACTED : value]));
}

/** pino-http's `req` serializer on top of the standard one: URL and query without credentials. */
export function redactRequest<R extends { url?: unknown; query?: unknown }>(req: R): R {
  if (typeof req.url === 'string') req.url = redactUrl(req.url);
  if (req.query !== undefined) req.query = redactQuery(req.query);
  return req;
}
