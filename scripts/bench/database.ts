import { startEmbeddedPostgres } from '@laurel/infra';

/** DATABASE_URL when set, otherwise the embedded PostgreSQL the quick start uses (durable, as in production). */
export async function benchDatabase(): Promise<{ url: string; embedded: boolean; stop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (url) return { url, embedded: false, stop: async () => undefined };
  const pg = await startEmbeddedPostgres({
    database: 'laurel_bench',
    log: { info: () => undefined, warn: (m: string) => process.stderr.write(`${m}\n`), error: (m: string) => process.stderr.write(`${m}\n`) },
  });
  return { url: pg.url, embedded: true, stop: () => pg.stop() };
}
