import * as fs from 'node:fs';
import * as path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The web console (apps/console, built by Vite to dist/console) served by the API process at `/`,
 * on the same origin as /api/v1 (docs/console.md "Serving"):
 *
 * - hashed assets (`/assets/*`) cached for a year, immutable; index.html and other files `no-cache`;
 * - SPA fallback: a GET/HEAD of an unknown path that accepts text/html answers index.html, except
 *   the API's own paths (/api/v1, /health, /metrics, /docs, /admin/queues), which keep their 404s;
 * - a security header set for the console's pages (CSP self-only, no framing, no sniffing).
 */
export interface ConsoleStaticOptions {
  /** The built console; default: CONSOLE_DIR, else dist/console beside the compiled code or under the working directory. */
  root?: string;
  /** Origins the console's scripts may fetch from besides its own (the OpenID Connect issuer). */
  connectSources?: string[];
}

/** Paths the console never answers for: the API's and the operator's. */
const API_PATHS = /^\/(api(\/|$)|health(\/|$)|metrics(\/|$)|docs([/-]|$)|admin\/queues(\/|$))/;
const ASSET = /\/assets\//;

/** Where the built console is, or undefined when it was never built. */
export function consoleRoot(explicit?: string): string | undefined {
  const candidates = [
    explicit,
    process.env.CONSOLE_DIR,
    // Compiled: dist/libs/infra/src/http → dist/console. From source: libs/infra/src/http → <repo>/dist/console.
    path.resolve(__dirname, '../../../../console'),
    path.resolve(__dirname, '../../../../dist/console'),
    path.resolve(process.cwd(), 'dist/console'),
  ];
  return candidates.find((dir): dir is string => !!dir && fs.existsSync(path.join(dir, 'index.html')));
}

/** The headers of every console response (files and the SPA fallback). */
export function consoleSecurityHeaders(connectSources: string[] = []): Record<string, string> {
  const connect = ["'self'", ...connectSources].join(' ');
  return {
    'Content-Security-Policy': [
      "default-src 'self'",
      "script-src 'self'",
      // Mantine sets CSS variables in a <style> element and style attributes.
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self' data:",
      `connect-src ${connect}`,
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  };
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * Registers the console on the Fastify instance (before `init`). Returns false, serving nothing, when
 * the console was never built (`npm run console:build`).
 */
export async function serveConsole(app: NestFastifyApplication, options: ConsoleStaticOptions = {}): Promise<boolean> {
  const root = consoleRoot(options.root);
  if (!root) return false;
  const issuer = originOf(process.env.OIDC_ISSUER_URL);
  const headers = consoleSecurityHeaders([...(options.connectSources ?? []), ...(issuer ? [issuer] : [])]);
  const instance = app.getHttpAdapter().getInstance();
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    // One route per built file (read at start): unknown paths reach Nest's problem+json 404 or the fallback below.
    wildcard: false,
    index: ['index.html'],
    cacheControl: false,
    dotfiles: 'ignore',
    setHeaders: (reply, file) => {
      reply.headers(headers);
      reply.header('Cache-Control', ASSET.test(file.replace(/\\/g, '/')) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  instance.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.is404 || (request.method !== 'GET' && request.method !== 'HEAD')) return;
    const pathname = request.url.split('?')[0] ?? '/';
    if (API_PATHS.test(pathname) || !acceptsHtml(request)) return;
    return reply.status(200).sendFile('index.html', root, { cacheControl: false });
  });
  return true;
}

function acceptsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  return typeof accept === 'string' && /(^|,)\s*text\/html/i.test(accept);
}
