/// <reference types="jest" />
// (The reference keeps `npm run build` compiling: tsconfig.build.json excludes *.spec.ts but not *.int-spec.ts.)
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres';
import { EmbeddedLogger } from './logger';
import { RedisServerNotFoundError, startPrivateRedis } from './private-redis';
import { findFreePort, isAlive, writeOwnerLock } from './process-utils';
import { resolveInfrastructure } from './runtime';

jest.setTimeout(60_000);

const messages: string[] = [];
const log: EmbeddedLogger = {
  info: (m) => messages.push(`info ${m}`),
  warn: (m) => messages.push(`warn ${m}`),
  error: (m) => messages.push(`error ${m}`),
  debug: () => undefined,
};

async function query<T extends Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

let tmp: string;
beforeAll(() => {
  // A 0700 temp dir: when root, the postgres user must still get through it.
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-embedded-'));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('startEmbeddedPostgres', () => {
  it('starts, answers, keeps data across a restart and survives a killed run', async () => {
    const dataDir = path.join(tmp, 'pg');
    const port = await findFreePort();

    const first = await startEmbeddedPostgres({ dataDir, port, database: 'laurel_it', log });
    try {
      expect(first.url).toBe(`postgres://postgres:postgres@127.0.0.1:${port}/laurel_it`);
      expect(await query(first.url, 'select 1 as one')).toEqual([{ one: 1 }]);
      await query(first.url, "create table kept (v text); insert into kept values ('still here')");
      if (process.getuid?.() === 0) {
        expect(first.osUser).toBe('postgres');
        expect(fs.statSync(dataDir).uid).not.toBe(0);
      }
    } finally {
      await first.stop();
    }
    expect(isAlive(first.pid)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);

    // Warm restart: no initdb, data still there.
    const second = await startEmbeddedPostgres({ dataDir, port, database: 'laurel_it', log });
    expect(await query(second.url, 'select v from kept')).toEqual([{ v: 'still here' }]);

    // A run that was killed (SIGKILL: no shutdown, postmaster.pid left behind, the lock names a
    // dead owner): the next start takes over.
    const deadOwner = 2 ** 22 + 12345; // above the default pid_max on most systems
    writeOwnerLock(path.join(tmp, '.pg.owner.json'), {
      ownerPid: deadOwner,
      serverPid: second.pid,
      port,
      startedAt: new Date().toISOString(),
    });
    process.kill(second.pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    expect(fs.existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(true);

    const third = await startEmbeddedPostgres({ dataDir, port, database: 'laurel_it', log });
    try {
      expect(await query(third.url, 'select v from kept')).toEqual([{ v: 'still here' }]);
    } finally {
      await third.stop();
      await second.stop(); // already dead: must resolve at once
    }
  });

  it('takes over an orphaned server whose owner is gone, refuses one whose owner lives', async () => {
    const dataDir = path.join(tmp, 'pg-orphan');
    const port = await findFreePort();
    const running = await startEmbeddedPostgres({ dataDir, port, database: 'postgres', log, durable: false });

    // Owner alive (this process): a second start must refuse, not kill it.
    await expect(startEmbeddedPostgres({ dataDir, port, database: 'postgres', log })).rejects.toThrow(/already running/);
    expect(isAlive(running.pid)).toBe(true);

    // Owner gone: the server is an orphan and gets stopped, then a new one starts.
    writeOwnerLock(path.join(tmp, '.pg-orphan.owner.json'), {
      ownerPid: 2 ** 22 + 54321,
      serverPid: running.pid,
      port,
      startedAt: new Date().toISOString(),
    });
    const next = await startEmbeddedPostgres({ dataDir, port, database: 'postgres', log, durable: false });
    try {
      expect(next.pid).not.toBe(running.pid);
      expect(isAlive(running.pid)).toBe(false);
      expect(messages.some((m) => m.includes('orphaned embedded PostgreSQL'))).toBe(true);
      expect(await query(next.url, 'select 1 as one')).toEqual([{ one: 1 }]);
    } finally {
      await next.stop();
      await running.stop();
    }
  });

  it('reaches data and binaries inside 0700 directories (e.g. a checkout under /root), granting the postgres user only what it needs when run as root', async () => {
    const root = process.getuid?.() === 0;
    const lockedBin = path.join(tmp, 'locked-bin');
    const lockedData = path.join(tmp, 'locked-data');
    fs.mkdirSync(lockedBin, { mode: 0o700 });
    fs.mkdirSync(lockedData, { mode: 0o700 });
    const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
    const nativeDir = path.join(lockedBin, 'native');
    fs.cpSync(path.resolve(path.dirname(entry), '..', 'native'), nativeDir, { recursive: true, verbatimSymlinks: true });
    fs.copyFileSync(path.resolve(path.dirname(entry), '..', 'package.json'), path.join(lockedBin, 'package.json'));
    process.env.EMBEDDED_PG_BIN_CACHE = path.join(tmp, 'bin-cache');
    try {
      const pg = await startEmbeddedPostgres({
        dataDir: path.join(lockedData, 'pg'),
        port: await findFreePort(),
        database: 'postgres',
        nativeDir,
        durable: false,
        log,
      });
      try {
        expect(await query(pg.url, 'select 1 as one')).toEqual([{ one: 1 }]);
      } finally {
        await pg.stop();
      }
    } finally {
      delete process.env.EMBEDDED_PG_BIN_CACHE;
    }
    expect(fs.statSync(lockedData).mode & 0o004).toBe(0); // never o+r
    expect(fs.statSync(lockedBin).mode & 0o777).toBe(0o700);
    // As root postgres runs as another user: o+x is granted on the data path and the binaries are
    // copied out of the locked directory. As anyone else the files are already the server's own.
    expect(fs.statSync(lockedData).mode & 0o001).toBe(root ? 0o001 : 0);
    expect(messages.some((m) => m.includes('copied the PostgreSQL binaries'))).toBe(root);
  });

  it('says which port is taken', async () => {
    const port = await findFreePort();
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', () => r()));
    try {
      await expect(
        startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg-busy'), port, database: 'postgres', log }),
      ).rejects.toThrow(new RegExp(`port ${port} .*EMBEDDED_PG_PORT`));
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });
});

describe('startPrivateRedis', () => {
  it('answers PING, keeps data with appendonly across a restart', async () => {
    const dataDir = path.join(tmp, 'redis');
    const port = await findFreePort();
    const first = await startPrivateRedis({ dataDir, port, log });
    const client = new Redis(first.url, { lazyConnect: true });
    try {
      await client.connect();
      expect(await client.ping()).toBe('PONG');
      expect(await client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
      await client.set('kept', 'yes');
    } finally {
      client.disconnect();
      await first.stop();
    }
    expect(isAlive(first.pid)).toBe(false);

    const second = await startPrivateRedis({ dataDir, port, log });
    const again = new Redis(second.url, { lazyConnect: true });
    try {
      await again.connect();
      expect(await again.get('kept')).toBe('yes');
    } finally {
      again.disconnect();
      await second.stop();
    }
  });

  it('takes over an orphaned redis-server whose owner is gone', async () => {
    const dataDir = path.join(tmp, 'redis-orphan');
    const port = await findFreePort();
    const orphan = await startPrivateRedis({ dataDir, port, log, persistent: false });
    await expect(startPrivateRedis({ dataDir, port, log })).rejects.toThrow(/already running or starting/);
    writeOwnerLock(path.join(tmp, '.redis-orphan.owner.json'), {
      ownerPid: 2 ** 22 + 4242,
      serverPid: orphan.pid,
      port,
      startedAt: new Date().toISOString(),
    });
    const next = await startPrivateRedis({ dataDir, port, log, persistent: false });
    try {
      expect(isAlive(orphan.pid)).toBe(false);
      const client = new Redis(next.url);
      expect(await client.ping()).toBe('PONG');
      await client.quit();
    } finally {
      await next.stop();
      await orphan.stop();
    }
    expect(fs.existsSync(path.join(tmp, '.redis-orphan.owner.json'))).toBe(false);
  });

  it('without persistence writes nothing to disk', async () => {
    const dataDir = path.join(tmp, 'redis-volatile');
    const redis = await startPrivateRedis({ dataDir, port: await findFreePort(), log, persistent: false });
    try {
      const client = new Redis(redis.url);
      await client.set('k', 'v');
      await client.quit();
    } finally {
      await redis.stop();
    }
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('tells how to install redis-server when the binary is missing', async () => {
    const attempt = startPrivateRedis({
      dataDir: path.join(tmp, 'redis-missing'),
      port: await findFreePort(),
      log,
      binary: path.join(tmp, 'no-such-dir', 'redis-server'),
    });
    await expect(attempt).rejects.toBeInstanceOf(RedisServerNotFoundError);
    await expect(attempt).rejects.toThrow(/sudo apt-get install -y redis-server/);
    await expect(attempt).rejects.toThrow(/brew install redis/);
    await expect(attempt).rejects.toThrow(/REDIS_URL/);
  });
});

describe('resolveInfrastructure', () => {
  it('uses DATABASE_URL / REDIS_URL as given and starts nothing', async () => {
    const infra = await resolveInfrastructure({
      env: { DATABASE_URL: 'postgres://u:p@db.example:5432/x', REDIS_URL: 'redis://cache.example:6379' },
      dataDir: path.join(tmp, 'unused'),
      log,
    });
    expect(infra).toMatchObject({
      databaseUrl: 'postgres://u:p@db.example:5432/x',
      redisUrl: 'redis://cache.example:6379',
      mode: { database: 'external', redis: 'external' },
      embedded: {},
    });
    await infra.stop();
    expect(fs.existsSync(path.join(tmp, 'unused'))).toBe(false);
  });

  it('starts both embedded services from env ports and stops them', async () => {
    const [pgPort, redisPort] = [await findFreePort(), await findFreePort()];
    const infra = await resolveInfrastructure({
      env: { EMBEDDED_PG_PORT: String(pgPort), EMBEDDED_REDIS_PORT: String(redisPort), EMBEDDED_PG_DATABASE: 'laurel_rt' },
      dataDir: path.join(tmp, 'runtime'),
      log,
      postgres: { durable: false },
    });
    try {
      expect(infra.mode).toEqual({ database: 'embedded', redis: 'embedded' });
      expect(infra.databaseUrl).toBe(`postgres://postgres:postgres@127.0.0.1:${pgPort}/laurel_rt`);
      expect(infra.redisUrl).toBe(`redis://127.0.0.1:${redisPort}`);
      expect(await query(infra.databaseUrl, 'select current_database() as db')).toEqual([{ db: 'laurel_rt' }]);
      expect(fs.existsSync(path.join(tmp, 'runtime', 'pg', 'PG_VERSION'))).toBe(true);
      expect(fs.existsSync(path.join(tmp, 'runtime', 'redis', 'appendonlydir'))).toBe(true);
    } finally {
      await infra.stop();
    }
    expect(isAlive(infra.embedded.postgres?.pid ?? 0)).toBe(false);
    expect(isAlive(infra.embedded.redis?.pid ?? 0)).toBe(false);
  });

  it('fails before starting anything when redis-server is missing', async () => {
    const attempt = resolveInfrastructure({
      env: { EMBEDDED_PG_PORT: String(await findFreePort()), EMBEDDED_REDIS_BIN: '/nonexistent/redis-server' },
      dataDir: path.join(tmp, 'no-redis'),
      log,
    });
    await expect(attempt).rejects.toBeInstanceOf(RedisServerNotFoundError);
    expect(fs.existsSync(path.join(tmp, 'no-redis'))).toBe(false);
  });

  it('stops the embedded PostgreSQL again when Redis cannot start', async () => {
    const redisPort = await findFreePort();
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(redisPort, '127.0.0.1', () => r()));
    try {
      const attempt = resolveInfrastructure({
        env: { EMBEDDED_PG_PORT: String(await findFreePort()), EMBEDDED_REDIS_PORT: String(redisPort) },
        dataDir: path.join(tmp, 'half'),
        log,
        postgres: { durable: false },
      });
      await expect(attempt).rejects.toThrow(new RegExp(`port ${redisPort} .*EMBEDDED_REDIS_PORT`));
    } finally {
      await new Promise((r) => blocker.close(r));
    }
    expect(fs.existsSync(path.join(tmp, 'half', 'pg', 'PG_VERSION'))).toBe(true);
    expect(fs.existsSync(path.join(tmp, 'half', 'pg', 'postmaster.pid'))).toBe(false);
  });
});

describe('global test environment', () => {
  it('exposes the run database and Redis to tests', async () => {
    const url = process.env.DATABASE_URL as string;
    expect(url).toMatch(/\/laurel_test_\d+_/);
    expect(await query(url, 'select 1 as one')).toEqual([{ one: 1 }]);
    if (!process.env.LAUREL_TEST_REDIS_UNAVAILABLE) {
      const client = new Redis(process.env.REDIS_URL as string);
      expect(await client.ping()).toBe('PONG');
      await client.quit();
    }
  });
});
