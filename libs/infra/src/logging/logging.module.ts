import { Global, Injectable, Module, type LoggerService } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import pino, { type Level, type Logger as Pino } from 'pino';
import { redactUrl } from './redact';

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

/**
 * The process's logger: JSON lines (level, time, pid, hostname, …) into `logDestination`, at
 * LOG_LEVEL as it is when this module loads. Its `level` may be changed at run time (a test reading
 * every line sets `trace`).
 */
export const rootLogger: Pino = pino({ level: process.env.LOG_LEVEL ?? 'info' }, logDestination);

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

const logged = new WeakSet<FastifyRequest>();

/**
 * One line per request at info (finer levels too), from Fastify's own hooks as the reply is sent:
 * `{ req: { id, method, url }, res: { statusCode }, responseTime, msg }` as pino-http wrote it
 * (`request completed`, `request errored` from 500 on, `request aborted` when the client went away
 * first). /health and /metrics are not logged. Added to the Fastify instance before any route or
 * plugin, so every answer has its line: Nest's routes, the router's 404s and refusals, the queue
 * dashboard's plugin.
 */
export function logRequests(instance: FastifyInstance): void {
  const line = (request: FastifyRequest, reply: FastifyReply | undefined, msg: string) => {
    if (logged.has(request) || !rootLogger.isLevelEnabled('info') || request.url === '/health' || request.url === '/metrics') return;
    logged.add(request);
    const req = requestSerializers.req(request);
    rootLogger.info(reply ? { req, res: { statusCode: reply.statusCode }, responseTime: Math.round(reply.elapsedTime) } : { req }, msg);
  };
  instance.addHook('onResponse', (request, reply, done) => {
    line(request, reply, reply.statusCode >= 500 ? 'request errored' : 'request completed');
    done();
  });
  // The client closed the connection before the answer: nothing was sent, so no status.
  instance.addHook('onRequestAbort', (request, done) => {
    line(request, undefined, 'request aborted');
    done();
  });
}

/**
 * Nest's logger as pino lines: `context` (the Nest logger's name), then the message; an object
 * message is merged into the line (an Error as `err`). Nest's exception handlers' (message, stack)
 * becomes `err` with that stack.
 */
@Injectable()
export class LaurelLogger implements LoggerService {
  verbose(message: unknown, ...params: unknown[]): void {
    this.call('trace', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.call('debug', message, params);
  }

  log(message: unknown, ...params: unknown[]): void {
    this.call('info', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.call('warn', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.call('error', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.call('fatal', message, params);
  }

  private call(level: Level, message: unknown, params: unknown[]): void {
    if (!rootLogger.isLevelEnabled(level)) return;
    // Nest passes the logger's context last.
    const line: Record<string, unknown> = params.length > 0 ? { context: params[params.length - 1] } : {};
    const rest = params.slice(0, -1);
    if (typeof message === 'object' && message !== null) {
      if (message instanceof Error) line.err = message;
      else Object.assign(line, message);
      rootLogger[level](line, ...(rest as []));
    } else if (level === 'error' && typeof message === 'string' && rest.length === 1 && typeof rest[0] === 'string' && /\n\s*at /.test(rest[0])) {
      const err = new Error(message);
      err.stack = rest[0];
      rootLogger[level]({ ...line, err });
    } else {
      rootLogger[level](line, String(message), ...(rest as []));
    }
  }
}

/** Structured JSON logs (pino) for Nest (`LaurelLogger`); the request lines come from `logRequests`. */
@Global()
@Module({ providers: [LaurelLogger], exports: [LaurelLogger] })
export class LoggingModule {}
