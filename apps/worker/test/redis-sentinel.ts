import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Redis } from 'ioredis';
import { findFreePort, pingOnce, startPrivateRedis, type EmbeddedLogger, type PrivateRedis, type RedisTarget } from '@laurel/infra';

/**
 * A Redis primary, a replica and three sentinels (quorum 2) on this machine, private to one test:
 * Debian's redis-server binary only (`redis-server <conf> --sentinel`, no redis-sentinel needed).
 * The sentinels notice a dead primary within a second (down-after-milliseconds 1000) and promote
 * the replica; they start knowing each other and the replica, so no discovery round is waited for.
 *
 * The replica reaches the primary as its own ACL user, so the test can cut that link alone
 * (`cutReplicaLink`): the primary keeps taking writes that the replica never gets, as with a
 * replica partitioned from its primary, or simply behind, when the primary dies.
 */
export interface SentinelSet {
  name: string;
  /** Where the workers find Redis: the three sentinels. */
  target: RedisTarget;
  primary: PrivateRedis;
  replica: PrivateRedis;
  /** Plain clients on the primary and on the replica (not through the sentinels). */
  onPrimary: Redis;
  onReplica: Redis;
  /** From now on the replica receives none of the primary's writes (it still answers, and stays eligible for promotion). */
  cutReplicaLink(): Promise<void>;
  /** SIGKILL: no shutdown, no last writes, connections reset. */
  killPrimary(): void;
  /** SIGSTOP / SIGCONT sentinel `index` (0 to 2): a frozen sentinel accepts connections and answers nothing. */
  freezeSentinel(index: number): void;
  thawSentinel(index: number): void;
  /** `SENTINEL FAILOVER` on sentinel `index`: the replica promoted while the primary stays up (and turns replica). */
  forceFailover(index: number): Promise<void>;
  /** Waits until every sentinel names the replica as the primary and the replica says it is one. */
  promoted(timeoutMs: number): Promise<void>;
  /** What the sentinels and the servers say (roles, replication, the sentinels' last log lines). */
  diagnosis(): Promise<string>;
  stop(): Promise<void>;
}

const NAME = 'laurel-test';
const REPLICATION_USER = 'replication';

function capture(max = 80): { log: EmbeddedLogger; text(): string } {
  const lines: string[] = [];
  const push = (line: string) => {
    lines.push(line);
    if (lines.length > max) lines.shift();
  };
  return { log: { info: push, warn: push, error: push, debug: push }, text: () => lines.join('\n') };
}

async function until(what: string, condition: () => Promise<boolean>, timeoutMs: number, explain: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms\n${await explain().catch((error: unknown) => String(error))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const client = (port: number) => {
  const redis = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1, retryStrategy: () => 200, lazyConnect: true });
  redis.on('error', () => undefined);
  return redis;
};

export async function startSentinelSet(): Promise<SentinelSet> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-sentinel-'));
  const binary = process.env.EMBEDDED_REDIS_BIN || 'redis-server';
  const password = randomBytes(16).toString('hex');
  const [primaryPort, replicaPort, ...sentinelPorts] = await Promise.all([1, 2, 3, 4, 5].map(() => findFreePort()));
  const logs = { primary: capture(), replica: capture() };
  const sentinels: { port: number; child: ChildProcess; output: ReturnType<typeof capture> }[] = [];
  const clients: Redis[] = [];
  let primary: PrivateRedis | undefined;
  let replica: PrivateRedis | undefined;
  const killSentinels = () => sentinels.forEach((s) => s.child.exitCode === null && s.child.signalCode === null && s.child.kill('SIGKILL'));
  process.once('exit', killSentinels);

  const stop = async () => {
    for (const c of clients) c.disconnect();
    killSentinels();
    await Promise.all(sentinels.map((s) => (s.child.exitCode === null && s.child.signalCode === null ? new Promise((r) => s.child.once('exit', r)) : undefined)));
    await Promise.allSettled([primary?.stop(), replica?.stop()]);
    process.off('exit', killSentinels);
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const sentinelClients = () => sentinels.map((s) => client(s.port));
  const diagnosis = async () => {
    const parts: string[] = [];
    for (const [label, port] of [['primary', primaryPort], ['replica', replicaPort]] as const) {
      const c = client(port);
      const info = await c.info('replication').catch((error: Error) => `unreachable (${error.message})`);
      c.disconnect();
      parts.push(`${label} :${port}: ${info.replace(/\r?\n/g, ' ').trim()}`);
    }
    for (const s of sentinels) {
      const c = client(s.port);
      const master = await c.call('SENTINEL', 'MASTER', NAME).then(
        (reply) => JSON.stringify(reply),
        (error: Error) => `unreachable (${error.message})`,
      );
      c.disconnect();
      parts.push(`sentinel :${s.port}: ${master}\n  last lines:\n  ${s.output.text().split('\n').slice(-25).join('\n  ')}`);
    }
    parts.push(`primary's last lines:\n  ${logs.primary.text().split('\n').slice(-15).join('\n  ')}`);
    parts.push(`replica's last lines:\n  ${logs.replica.text().split('\n').slice(-15).join('\n  ')}`);
    return parts.join('\n');
  };

  try {
    // diskless sync without its 5 s delay: the replica is in sync a moment after it starts.
    primary = await startPrivateRedis({ dataDir: path.join(dir, 'primary'), port: primaryPort, log: logs.primary.log, persistent: false, extraArgs: ['--repl-diskless-sync-delay', '0'] });
    const onPrimary = client(primaryPort);
    clients.push(onPrimary);
    await onPrimary.call('ACL', 'SETUSER', REPLICATION_USER, 'on', `>${password}`, '+psync', '+replconf', '+ping');
    replica = await startPrivateRedis({
      dataDir: path.join(dir, 'replica'),
      port: replicaPort,
      log: logs.replica.log,
      persistent: false,
      extraArgs: ['--replicaof', '127.0.0.1', String(primaryPort), '--masteruser', REPLICATION_USER, '--masterauth', password],
    });
    const onReplica = client(replicaPort);
    clients.push(onReplica);
    await until('the replica in sync with the primary', async () => (await onReplica.info('replication')).includes('master_link_status:up'), 20_000, diagnosis);

    const ids = sentinelPorts.map(() => randomBytes(20).toString('hex'));
    for (const [i, port] of sentinelPorts.entries()) {
      // prettier-ignore
      const conf = [
        `port ${port}`, 'bind 127.0.0.1', 'daemonize no', 'logfile ""', `dir "${dir}"`,
        `sentinel myid ${ids[i]}`,
        `sentinel monitor ${NAME} 127.0.0.1 ${primaryPort} 2`,
        `sentinel down-after-milliseconds ${NAME} 1000`,
        `sentinel failover-timeout ${NAME} 3000`,
        `sentinel parallel-syncs ${NAME} 1`,
        `sentinel known-replica ${NAME} 127.0.0.1 ${replicaPort}`,
        ...sentinelPorts.flatMap((other, j) => (j === i ? [] : [`sentinel known-sentinel ${NAME} 127.0.0.1 ${other} ${ids[j]}`])),
      ].join('\n');
      const file = path.join(dir, `sentinel-${port}.conf`);
      fs.writeFileSync(file, `${conf}\n`);
      const output = capture(200);
      // A bare environment, as for the private redis-server.
      const child = spawn(binary, [file, '--sentinel'], { cwd: dir, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
      for (const stream of [child.stdout, child.stderr]) stream?.on('data', (chunk: Buffer) => chunk.toString().split('\n').filter(Boolean).forEach((line) => output.log.info(line)));
      child.on('error', (error) => output.log.error(`spawn ${binary}: ${error.message}`));
      sentinels.push({ port, child, output });
    }
    for (const s of sentinels) {
      await until(`the sentinel on port ${s.port} answering`, async () => (await pingOnce(s.port)).startsWith('+PONG'), 20_000, diagnosis);
    }
    // Each sentinel sees the primary up, the replica and the two others: ready to agree on a failover.
    const watching = sentinelClients();
    clients.push(...watching);
    await until(
      'the sentinels watching the primary, its replica and each other',
      async () =>
        (
          await Promise.all(
            watching.map(async (c) => {
              const fields = (await c.call('SENTINEL', 'MASTER', NAME)) as string[];
              const get = (key: string) => fields[fields.indexOf(key) + 1];
              return get('flags') === 'master' && get('num-slaves') === '1' && get('num-other-sentinels') === '2';
            }),
          )
        ).every(Boolean),
      20_000,
      diagnosis,
    );

    return {
      name: NAME,
      target: { sentinel: { name: NAME, sentinels: sentinelPorts.map((port) => ({ host: '127.0.0.1', port })) } },
      primary,
      replica,
      onPrimary,
      onReplica,
      async cutReplicaLink() {
        await onPrimary.call('ACL', 'SETUSER', REPLICATION_USER, 'off');
        await onPrimary.call('CLIENT', 'KILL', 'TYPE', 'replica');
        await until('the replica cut off from the primary', async () => (await onReplica.info('replication')).includes('master_link_status:down'), 10_000, diagnosis);
      },
      freezeSentinel(index) {
        sentinels[index].child.kill('SIGSTOP');
      },
      thawSentinel(index) {
        sentinels[index].child.kill('SIGCONT');
      },
      async forceFailover(index) {
        await watching[index].call('SENTINEL', 'FAILOVER', NAME);
      },
      killPrimary() {
        const pid = (primary as PrivateRedis).pid;
        if (pid <= 0) throw new Error('the primary redis-server has no pid to kill');
        process.kill(pid, 'SIGKILL');
      },
      async promoted(timeoutMs) {
        await until(
          `the sentinels promoting the replica (port ${replicaPort})`,
          async () => {
            const named = await Promise.all(watching.map(async (c) => ((await c.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', NAME)) as string[])[1]));
            const role = ((await onReplica.call('ROLE')) as unknown[])[0];
            return named.every((port) => port === String(replicaPort)) && role === 'master';
          },
          timeoutMs,
          diagnosis,
        );
      },
      diagnosis,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
