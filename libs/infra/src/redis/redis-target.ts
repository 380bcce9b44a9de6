import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { Redis, type RedisOptions } from 'ioredis';

/** The port Sentinel listens on unless told otherwise. */
export const DEFAULT_SENTINEL_PORT = 26379;

export interface SentinelAddress {
  host: string;
  port: number;
}

/**
 * Where Laurel's Redis is (README, "Configuration"): one server at `url` (REDIS_URL), or the primary
 * that Sentinel monitors as `sentinel.name`, found by asking `sentinel.sentinels` and followed
 * across failovers (REDIS_SENTINELS, REDIS_SENTINEL_NAME). Plain data, so a test can hand it to a
 * child process as JSON.
 */
export interface RedisTarget {
  /** `redis://[user:password@]host:port[/db]`. With `sentinel`, only its credentials and database number count. */
  url?: string;
  sentinel?: {
    sentinels: SentinelAddress[];
    /** The name in `sentinel monitor <name> …`. */
    name: string;
    /** The sentinels' own password (their `requirepass`), if any. */
    password?: string;
  };
}

/** The environment variables a RedisTarget is read from (LaurelConfig has the same names). */
export interface RedisEnv {
  REDIS_URL?: string;
  REDIS_SENTINELS?: string;
  REDIS_SENTINEL_NAME?: string;
  REDIS_SENTINEL_PASSWORD?: string;
  REDIS_SENTINEL_PASSWORD_FILE?: string;
}

export interface RedisConfigProblem {
  property: keyof RedisEnv;
  message: string;
}

const given = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value.trim());

/**
 * `host:port,host:port` (`[v6 address]:port` for IPv6; the port may be left out, 26379). Throws a
 * message that says which entry is wrong and why.
 */
export function parseSentinelAddresses(text: string): SentinelAddress[] {
  const entries = text.split(',').map((entry) => entry.trim());
  if (entries.every((entry) => entry === '')) throw new Error('lists no sentinel: expected host:port,host:port');
  return entries.map((entry) => {
    if (entry === '') throw new Error(`has an empty entry in "${text}": expected host:port,host:port`);
    if (entry.includes('://') || entry.includes('@') || entry.includes('/')) throw new Error(`"${entry}" is not host:port (a list of sentinel addresses, not URLs)`);
    if (!entry.startsWith('[') && entry.split(':').length > 2) throw new Error(`"${entry}" is not host:port (an IPv6 address goes in brackets: [::1]:26379)`);
    const match = /^\[([^\]]+)\](?::(.*))?$/.exec(entry) ?? /^([^:[\]\s]+)(?::(.*))?$/.exec(entry);
    const host = match?.[1] ?? '';
    if (!match || (entry.startsWith('[') && isIP(host) !== 6)) throw new Error(`"${entry}" is not host:port`);
    const portText = match[2];
    const port = portText === undefined ? DEFAULT_SENTINEL_PORT : /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
    if (!(port >= 1 && port <= 65535)) throw new Error(`"${entry}" has no valid port (1 to 65535)`);
    return { host, port };
  });
}

/** The target the variables describe, or what is wrong with them (never a secret's value). */
export function readRedisTarget(env: RedisEnv): { target?: RedisTarget; problems: RedisConfigProblem[] } {
  const problems: RedisConfigProblem[] = [];
  const url = given(env.REDIS_URL);
  const list = given(env.REDIS_SENTINELS);
  const name = given(env.REDIS_SENTINEL_NAME);
  const passwordFile = given(env.REDIS_SENTINEL_PASSWORD_FILE);
  let password = env.REDIS_SENTINEL_PASSWORD || undefined;
  if (list === undefined) {
    if (url === undefined) problems.push({ property: 'REDIS_URL', message: 'is required (or REDIS_SENTINELS and REDIS_SENTINEL_NAME, for Redis with Sentinel)' });
    if (name !== undefined) problems.push({ property: 'REDIS_SENTINEL_NAME', message: 'is set but REDIS_SENTINELS is not: list the sentinels to ask for the primary' });
    if (password !== undefined || passwordFile !== undefined) {
      problems.push({ property: passwordFile ? 'REDIS_SENTINEL_PASSWORD_FILE' : 'REDIS_SENTINEL_PASSWORD', message: 'is set but REDIS_SENTINELS is not' });
    }
    return problems.length > 0 ? { problems } : { target: { url }, problems };
  }
  let sentinels: SentinelAddress[] = [];
  try {
    sentinels = parseSentinelAddresses(list);
  } catch (error) {
    problems.push({ property: 'REDIS_SENTINELS', message: (error as Error).message });
  }
  if (name === undefined) problems.push({ property: 'REDIS_SENTINEL_NAME', message: 'is required with REDIS_SENTINELS: the name the sentinels monitor the primary under (sentinel monitor <name> …)' });
  if (url !== undefined) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      problems.push({ property: 'REDIS_URL', message: 'must be a redis:// URL (with REDIS_SENTINELS it gives only the credentials and database number)' });
    }
    if (parsed && parsed.protocol !== 'redis:') {
      problems.push({ property: 'REDIS_URL', message: parsed.protocol === 'rediss:' ? 'rediss:// (TLS) is not supported with REDIS_SENTINELS' : 'must be a redis:// URL' });
    } else if (parsed && !/^\/?\d*$/.test(parsed.pathname)) {
      problems.push({ property: 'REDIS_URL', message: 'must end in a database number (redis://…/0), if it has a path' });
    }
  }
  if (passwordFile !== undefined) {
    if (password !== undefined) {
      problems.push({ property: 'REDIS_SENTINEL_PASSWORD_FILE', message: 'set REDIS_SENTINEL_PASSWORD or REDIS_SENTINEL_PASSWORD_FILE, not both' });
    } else {
      try {
        password = readFileSync(passwordFile, 'utf8').trim();
        if (password === '') problems.push({ property: 'REDIS_SENTINEL_PASSWORD_FILE', message: `${passwordFile} is empty` });
      } catch (error) {
        problems.push({ property: 'REDIS_SENTINEL_PASSWORD_FILE', message: `cannot read ${passwordFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      }
    }
  }
  if (problems.length > 0 || name === undefined) return { problems };
  return { target: { ...(url ? { url } : {}), sentinel: { sentinels, name, ...(password ? { password } : {}) } }, problems };
}

/** The target, or an `invalid configuration` error naming each variable that is wrong. */
export function redisTarget(env: RedisEnv): RedisTarget {
  const { target, problems } = readRedisTarget(env);
  if (!target) throw new Error(`invalid configuration:\n  ${problems.map((p) => `${p.property}: ${p.message}`).join('\n  ')}`);
  return target;
}

/** For logs: where Redis is, without credentials. */
export function describeRedisTarget(target: RedisTarget): string {
  if (target.sentinel) {
    const sentinels = target.sentinel.sentinels.map((s) => (s.host.includes(':') ? `[${s.host}]:${s.port}` : `${s.host}:${s.port}`)).join(',');
    return `the primary "${target.sentinel.name}" of the sentinels ${sentinels}`;
  }
  try {
    const url = new URL(target.url ?? '');
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return 'REDIS_URL';
  }
}

/**
 * The one way Laurel connects to Redis: `behaviour` says how this connection treats commands while
 * Redis is away (a producer fails at once, a BullMQ worker waits); the target says where Redis is.
 *
 * With Sentinel, every (re)connection asks the sentinels for the current primary and checks that it
 * is one (ioredis's ready check on ROLE), so a connection cut by the primary's death comes back on
 * the promoted replica. Reconnects are retried at least every second (each is a question to the
 * sentinels, cheap), so clients follow a promotion within about a second of it. A failover that
 * leaves the old primary running (a partition, `SENTINEL FAILOVER`) is caught two ways: the
 * sentinels' `+switch-master` announcement (failoverDetector) drops the connection, and a READONLY
 * answer (the old primary turned replica) reconnects.
 */
export function connectRedis(target: RedisTarget, behaviour: RedisOptions = {}): Redis {
  if (!target.sentinel) {
    if (!target.url) throw new Error('no Redis to connect to: REDIS_URL or REDIS_SENTINELS');
    return new Redis(target.url, behaviour);
  }
  return new SentinelClient({ ...sentinelOptions(target), ...behaviour });
}

/** How long an ended sentinel client waits before it connects again (about the reconnects' own pace). */
const REVIVE_MS = 1000;

/**
 * A client of the primary the sentinels name that does not give up after a failover.
 *
 * ioredis (6.0) ends a client for good (status `end`, every later command "Connection is closed.")
 * when its connector's connect fails, and the sentinel connector fails it when it is closed while
 * a reconnect asks a sentinel where the primary is: exactly what the sentinels' `+switch-master`
 * announcement does (failoverDetector), when it arrives while the client, cut off by the old
 * primary's death, is reconnecting. On a loaded machine that is a fair share of failovers
 * (test: redis-sentinel-client). So a client that ends without having been closed on purpose
 * (`disconnect()`, `quit`) connects again after REVIVE_MS, and again, until it is back; its
 * duplicates (BullMQ's blocking connections) are such clients too.
 */
class SentinelClient extends Redis {
  private closing = false;

  /** Laurel's clients keep ioredis's default (legacy) reply mapping. */
  constructor(options: Omit<RedisOptions, 'replyMapping'>) {
    super(options);
    this.on('end', () => {
      if (!this.closing) setTimeout(() => this.revive(), REVIVE_MS).unref();
    });
  }

  override disconnect(reconnect = false): void {
    if (!reconnect) this.closing = true;
    super.disconnect(reconnect);
  }

  override sendCommand(...args: Parameters<Redis['sendCommand']>): unknown {
    if (args[0].name === 'quit') this.closing = true;
    return super.sendCommand(...args);
  }

  override duplicate(override?: Partial<Omit<RedisOptions, 'replyMapping'>>): Redis {
    return new SentinelClient({ ...this.options, ...override });
  }

  private revive(): void {
    if (this.closing || this.status !== 'end') return;
    this.connect().catch(() => undefined);
  }
}

function sentinelOptions(target: RedisTarget): RedisOptions {
  const sentinel = target.sentinel as NonNullable<RedisTarget['sentinel']>;
  const url = target.url ? new URL(target.url) : undefined;
  const db = url && url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0;
  return {
    sentinels: sentinel.sentinels.map((s) => ({ host: s.host, port: s.port })),
    name: sentinel.name,
    role: 'master',
    ...(sentinel.password ? { sentinelPassword: sentinel.password } : {}),
    ...(url?.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url?.password ? { password: decodeURIComponent(url.password) } : {}),
    db,
    failoverDetector: true,
    retryStrategy: (times: number) => Math.min(times * 100, 1000),
    reconnectOnError: (error: Error) => error.message.startsWith('READONLY'),
  };
}
