import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { findFreePort, startPrivateRedis } from '@laurel/infra';

export interface ApiProcess {
  baseUrl: string;
  /** The API's process id (bench:http reads its CPU time). */
  pid: number;
  secret: string;
  stop(): Promise<void>;
}

/**
 * Starts the API as its own process (as in production: the load generator must not share its event
 * loop), against the given database and `options.redisUrl`, REDIS_URL or a private redis-server.
 * Started when `options.healthPath` (default /health: every check, projection lag included) answers 200.
 */
export async function startApiProcess(databaseUrl: string, options: { app?: 'api' | 'projector'; env?: Record<string, string>; redisUrl?: string; healthPath?: string } = {}): Promise<ApiProcess> {
  const redis = process.env.REDIS_URL || options.redisUrl ? undefined : await startBenchRedis();
  const port = await findFreePort();
  const secret = 'laurel-bench-secret';
  // BENCH_API_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the server.
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, path.resolve(`dist/apps/${options.app ?? 'api'}/src/main.js`)], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL: options.redisUrl ?? process.env.REDIS_URL ?? redis?.url,
      PORT: String(port),
      AUTH_JWT_SECRET: secret,
      // The API refuses to start without a ballot key-encryption key outside embedded mode.
      BALLOT_KEK: process.env.BALLOT_KEK ?? randomBytes(32).toString('base64'),
      LOG_LEVEL: 'warn',
      DATABASE_POOL_SIZE: '30',
      ...options.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the ${options.app ?? 'api'} exited with code ${child.exitCode}`);
      const ok = await fetch(`${baseUrl}${options.healthPath ?? '/health'}`).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error('the API did not become healthy within 60 s');
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (error) {
    child.kill('SIGKILL');
    await redis?.stop();
    throw error;
  }
  return {
    baseUrl,
    pid: child.pid ?? 0,
    secret,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      await redis?.stop();
    },
  };
}

/** A private redis-server without persistence (one per run; several API processes may share it). */
export async function startBenchRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  return startPrivateRedis({ port: await findFreePort(), persistent: false, dataDir: path.resolve('.data/bench-redis'), log: { info: () => undefined, warn: () => undefined, error: (m) => process.stderr.write(`${m}\n`) } });
}
