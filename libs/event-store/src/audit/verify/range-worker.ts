import { parentPort, workerData } from 'node:worker_threads';
import { Client, type ClientConfig } from 'pg';
import { checkRange, UNBOUNDED } from './range-read';
import type { RangeSpec } from './range-check';

/**
 * A thread of the database verification (snapshot-verify.ts): its own connection, in the
 * verification's exported snapshot, reads and checks one range, and posts the outcome.
 */
interface Job {
  connection: ClientConfig;
  snapshot: string;
  range: RangeSpec;
}

const port = parentPort;
if (!port) throw new Error('range-worker runs as a worker thread');
const job = workerData as Job;

async function run(): Promise<void> {
  const client = new Client(job.connection);
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query(`SET TRANSACTION SNAPSHOT '${job.snapshot}'`);
    await client.query(UNBOUNDED);
    const outcome = await checkRange(client, job.range, (checked) => port?.postMessage({ progress: checked }));
    port?.postMessage({ outcome });
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

run().catch((error: unknown) => port.postMessage({ error: error instanceof Error ? error.message : String(error) }));
