import { Client } from 'pg';
import { ensureDatabase, startEmbeddedPostgres } from '@laurel/infra';

const BENCH_DATABASE = 'laurel_bench';

/**
 * DATABASE_URL when set; otherwise the embedded PostgreSQL the quick start uses (durable, as in
 * production), with a fresh `laurel_bench` database each run so that runs compare. `settings` are
 * the embedded server's extra settings (a server behind DATABASE_URL keeps its own).
 */
export async function benchDatabase(options: { settings?: Record<string, string | number | boolean> } = {}): Promise<{ url: string; embedded: boolean; stop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (url) return { url, embedded: false, stop: async () => undefined };
  const pg = await startEmbeddedPostgres({
    database: 'laurel',
    settings: options.settings,
    log: { info: () => undefined, warn: (m: string) => process.stderr.write(`${m}\n`), error: (m: string) => process.stderr.write(`${m}\n`) },
  });
  const admin = new Client({ connectionString: pg.adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DATABASE} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await ensureDatabase(pg.adminUrl, BENCH_DATABASE);
  const benchUrl = new URL(pg.url);
  benchUrl.pathname = `/${BENCH_DATABASE}`;
  return { url: benchUrl.toString(), embedded: true, stop: () => pg.stop() };
}
