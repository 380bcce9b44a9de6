import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { redactUrl } from './redact';

function isInfoOrFiner(level: string | undefined): boolean {
  return ['info', 'debug', 'trace', undefined, ''].includes(level);
}

/** A secret ballot: its log line must not carry the request id (docs/secret-ballots.md). */
const BALLOT_ROUTE = /\/review\/ballots\/?(?:\?|$)/;

/**
 * Where the JSON lines go: stdout, written asynchronously (a synchronous write per request line
 * cost the API ~4 % of its CPU under load, bench:http; lines written while one write is in flight
 * go out together; pino flushes what is left when the process exits). A test points `target` at a
 * sink to read what an operator would.
 */
export const logDestination = {
  target: pino.destination({ dest: 1, sync: false }) as { write(line: string): unknown },
  write(line: string): unknown {
    return this.target.write(line);
  },
};

interface LoggedRequest {
  id?: unknown;
  method?: string;
  url?: string;
}

/**
 * Lean request lines: id, method, url, status and duration — no headers, so no body size
 * (content-length differs by a ballot's choice), no token, no Idempotency-Key, no correlation
 * header. A ballot's line has no id either, nothing that could join it to its event. Token-like
 * query parameters are redacted from the URL (redact.ts).
 */
export const requestSerializers = {
  req: (req: LoggedRequest) => {
    const url = typeof req.url === 'string' ? redactUrl(req.url) : req.url;
    return BALLOT_ROUTE.test(req.url ?? '') ? { method: req.method, url } : { id: req.id, method: req.method, url };
  },
  res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
};

/**
 * A request's id: the caller's X-Request-Id, else a UUID. The HTTP server calls this first and
 * leaves the id on the raw request, where the request logger finds it: one id for both.
 */
export function requestId(req: { headers: Record<string, string | string[] | undefined>; id?: unknown }): string {
  if (typeof req.id === 'string') return req.id;
  const header = req.headers['x-request-id'];
  const id = typeof header === 'string' && header.length > 0 ? header : crypto.randomUUID();
  req.id = id;
  return id;
}

/** Structured JSON logs (pino) with a request id per HTTP request; LOG_LEVEL sets the level. */
@Module({
  imports: [
    LoggerModule.forRoot({
      pinoHttp: [
        {
          level: process.env.LOG_LEVEL ?? 'info',
          // One line per request at info; below that level the request logger does nothing per request.
          autoLogging: isInfoOrFiner(process.env.LOG_LEVEL) ? { ignore: (req) => req.url === '/health' || req.url === '/metrics' } : false,
          serializers: requestSerializers,
          // No headers are logged at all; these stay redacted should a serializer ever add them.
          redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
          genReqId: (req) => requestId(req),
        },
        logDestination,
      ],
    }),
  ],
})
export class LoggingModule {}
