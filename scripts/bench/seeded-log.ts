/** The seeded logs of bench:lists and bench:reference-lists: kept across runs, topped up, projected. */
import * as path from 'node:path';
import { Client, type Pool } from 'pg';
import type { PostgresEventStore } from '@laurel/event-store';
import type { Projection } from '@laurel/projections';
import { ensureDatabase, startEmbeddedPostgres } from '@laurel/infra';
import { readModelsFor, ReadModelSupervisor } from '@laurel/read-models';
import { ProgressBar } from '../projections/progress-bar';
import { writeSyntheticHistory } from '../seed/synthetic-history';

/**
 * A database kept across runs, so that a large log is seeded once: DATABASE_URL itself; else the
 * database `name` on an embedded PostgreSQL in .data/bench-lists-pg (port BENCH_LISTS_PG_PORT,
 * default 54418).
 */
export async function seededLogDatabase(name: string): Promise<{ url: string; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => undefined };
  const server = await seededLogServer();
  return { url: await server.database(name), stop: () => server.stop() };
}

/**
 * The server of several kept databases: DATABASE_URL's server, else the embedded PostgreSQL in
 * .data/bench-lists-pg. `database(name)` creates the database if missing and answers its URL;
 * `drop(name)` drops it.
 */
export async function seededLogServer(): Promise<{ database(name: string): Promise<string>; drop(name: string): Promise<void>; stop(): Promise<void> }> {
  let adminUrl: string;
  let stop = async () => undefined as void;
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    const pg = await startEmbeddedPostgres({
      database: 'laurel',
      dataDir: path.resolve('.data/bench-lists-pg'),
      port: Number(process.env.BENCH_LISTS_PG_PORT ?? 54418),
      log: { info: () => undefined, warn: (m: string) => process.stderr.write(`${m}\n`), error: (m: string) => process.stderr.write(`${m}\n`) },
    });
    adminUrl = pg.adminUrl;
    stop = () => pg.stop();
  }
  return {
    async database(name) {
      await ensureDatabase(adminUrl, name);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async drop(name) {
      const admin = new Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
    stop,
  };
}

/** Tops the log up to `wanted` initiatives (each run's additions under a tag of their own). */
export async function seedLog(store: PostgresEventStore, wanted: number): Promise<{ total: number; added: number }> {
  const count = () => store.countAll({ filter: { types: ['InitiativeRegistered'] } });
  const existing = await count();
  if (existing >= wanted) {
    process.stderr.write(`seed: ${existing.toLocaleString('en')} initiatives already in the log, reused\n`);
    return { total: existing, added: 0 };
  }
  const bar = new ProgressBar('seed', 'initiatives');
  const started = Date.now();
  await writeSyntheticHistory(store, {
    initiatives: wanted - existing,
    tag: `lists-${existing}-`,
    seed: 20250301 + existing,
    vietnamese: true,
    onProgress: (done, total) => bar.update(done, total, (Date.now() - started) / 1000),
  });
  bar.done();
  return { total: await count(), added: wanted - existing };
}

/**
 * Runs the read models (`projections`, default all) until they have folded the whole log (a new
 * projection version is built and swapped in). The progress bar counts initiatives when the
 * initiatives read model is among them, else seconds only.
 */
export async function catchUpReadModels(pool: Pool, store: PostgresEventStore, initiatives: number, projections: readonly Projection[] = readModelsFor(store)): Promise<void> {
  const supervisors = projections.map((p) => new ReadModelSupervisor(pool, store, p, { batchSize: 2000 }));
  const countsInitiatives = projections.some((p) => p.name === 'initiatives');
  const bar = new ProgressBar('read models', countsInitiatives ? 'initiatives' : 'read models');
  const started = Date.now();
  await Promise.all(supervisors.map((s) => s.start()));
  try {
    for (;;) {
      const active = await pool.query<{ projection: string; version: number }>('SELECT projection, version FROM projection_active');
      const current = projections.every((p) => active.rows.some((r) => r.projection === p.name && r.version === p.version));
      const caughtUp = current && supervisors.every((s) => s.status?.caughtUp);
      if (countsInitiatives) {
        const rows = await pool
          .query<{ n: string }>('SELECT count(*) AS n FROM rm_initiatives_initiatives')
          .then((r) => Number(r.rows[0].n), () => 0);
        bar.update(current ? rows : 0, initiatives, (Date.now() - started) / 1000);
      } else {
        bar.update(supervisors.filter((s) => s.status?.caughtUp).length, projections.length, (Date.now() - started) / 1000);
      }
      if (caughtUp) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    bar.done();
  } finally {
    await Promise.all(supervisors.map((s) => s.stop()));
  }
}
