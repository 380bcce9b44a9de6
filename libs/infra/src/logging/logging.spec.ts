import Fastify, { type FastifyInstance } from 'fastify';
import { LaurelLogger, logDestination, logRequests, requestId, requestSerializers, rootLogger } from './logging.module';

describe('the request log line', () => {
  const headers = { 'content-length': '19', 'idempotency-key': 'k-1', 'x-correlation-id': 'c-1', authorization: 'Bearer x' };

  it('carries id, method and url, and no header: no body size, no Idempotency-Key, no correlation header', () => {
    const line = requestSerializers.req({ id: 'req-1', method: 'POST', url: '/api/v1/initiatives/i-1/review', headers } as never);
    expect(line).toEqual({ id: 'req-1', method: 'POST', url: '/api/v1/initiatives/i-1/review' });
    expect(requestSerializers.res({ statusCode: 200, headers: { 'content-length': '80' } } as never)).toEqual({ statusCode: 200 });
  });

  it("a ballot's line carries no request id that could join it to its event", () => {
    for (const url of ['/api/v1/initiatives/i-1/review/ballots', '/api/v1/initiatives/i-1/review/ballots?x=1', '/api/v1/initiatives/i-1/review/ballots/']) {
      expect(requestSerializers.req({ id: 'req-1', method: 'POST', url, headers } as never)).toEqual({ method: 'POST', url });
    }
  });
});

describe('the request logger (Fastify hooks)', () => {
  const lines: Record<string, unknown>[] = [];
  const { target } = logDestination;
  const { level } = rootLogger;
  let app: FastifyInstance;
  let base: string;
  const send = async (method: string, path: string, headers: Record<string, string> = {}) => {
    await (await fetch(`${base}${path}`, { method, headers: { ...headers, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) }, body: method === 'POST' ? '{}' : undefined })).text();
    // The line is written as the reply finishes, which may be after the client has read it.
    for (let waited = 0; waited < 2000 && !lines.some((l) => (l.req as { url?: string } | undefined)?.url?.startsWith(path.split('?')[0])); waited += 5) await new Promise((r) => setTimeout(r, 5));
  };

  beforeAll(async () => {
    logDestination.target = { write: (chunk: string) => void lines.push(...chunk.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>)) };
    app = Fastify({ genReqId: requestId });
    logRequests(app);
    app.get('/api/v1/me', async () => ({ ok: true }));
    app.get('/health', async () => ({ ok: true }));
    app.get('/api/v1/broken', async (_request, reply) => reply.code(503).send({}));
    app.post('/api/v1/initiatives/i-1/review/ballots', async () => ({ ok: true }));
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    logDestination.target = target;
    rootLogger.level = level;
  });
  beforeEach(() => {
    lines.length = 0;
    rootLogger.level = 'info';
  });

  it('writes one line per request at info: id, method, url (token-like values redacted), status and duration, no header', async () => {
    await send('GET', '/api/v1/me?access_token=s3cret&limit=2', { 'x-request-id': 'req-7', authorization: 'Bearer s3cret' });
    await send('GET', '/api/v1/nowhere');
    await send('GET', '/api/v1/broken');
    expect(lines.map(({ level, req, res, msg }) => ({ level, req, res, msg }))).toEqual([
      { level: 30, req: { id: 'req-7', method: 'GET', url: '/api/v1/me?access_token=[Redacted]&limit=2' }, res: { statusCode: 200 }, msg: 'request completed' },
      { level: 30, req: { id: expect.any(String), method: 'GET', url: '/api/v1/nowhere' }, res: { statusCode: 404 }, msg: 'request completed' },
      { level: 30, req: { id: expect.any(String), method: 'GET', url: '/api/v1/broken' }, res: { statusCode: 503 }, msg: 'request errored' },
    ]);
    expect(lines.every((l) => typeof l.responseTime === 'number' && typeof l.time === 'number')).toBe(true);
    expect(JSON.stringify(lines)).not.toContain('s3cret');
  });

  it("leaves out /health, and a ballot's request id", async () => {
    await fetch(`${base}/health`).then((r) => r.text());
    await send('POST', '/api/v1/initiatives/i-1/review/ballots', { 'x-request-id': 'req-8' });
    expect(lines.map((l) => l.req)).toEqual([{ method: 'POST', url: '/api/v1/initiatives/i-1/review/ballots' }]);
  });

  it('writes nothing per request below info', async () => {
    rootLogger.level = 'warn';
    await fetch(`${base}/api/v1/me`).then((r) => r.text());
    rootLogger.level = 'info';
    await send('GET', '/api/v1/broken'); // written after the one before, had that one been written
    expect(lines.map((l) => (l.req as { url: string }).url)).toEqual(['/api/v1/broken']);
  });
});

describe("Nest's logger as pino lines", () => {
  it('carries the context, merges an object message, and turns an exception handler\'s (message, stack) into err', () => {
    const lines: Record<string, unknown>[] = [];
    const { target } = logDestination;
    logDestination.target = { write: (chunk: string) => void lines.push(JSON.parse(chunk) as Record<string, unknown>) };
    try {
      const logger = new LaurelLogger();
      logger.log('started', 'Bootstrap');
      logger.warn({ url: '/x' }, 'database unavailable', 'HTTP');
      logger.error('boom', 'Error: boom\n    at somewhere (file.js:1:1)', 'ExceptionsHandler');
      logger.debug('not at info', 'Idempotency');
    } finally {
      logDestination.target = target;
    }
    expect(lines.map(({ level, context, msg, url }) => ({ level, context, msg, url }))).toEqual([
      { level: 30, context: 'Bootstrap', msg: 'started', url: undefined },
      { level: 40, context: 'HTTP', msg: 'database unavailable', url: '/x' },
      { level: 50, context: 'ExceptionsHandler', msg: 'boom', url: undefined },
    ]);
    expect((lines[2].err as { stack: string }).stack).toContain('at somewhere');
  });
});
