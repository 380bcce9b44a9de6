/**
 * audit:export — writes the event log and its checkpoints to a JSON-lines file that
 * `npm run audit:verify -- --file <file>` verifies without database access.
 *
 *   npm run audit:export -- --out laurel-log.jsonl
 */
import * as fs from 'node:fs';
import { once } from 'node:events';
import { DatabaseLogSource, exportLine } from '@laurel/event-store/audit';
import { databasePool, options } from './settings';

async function main(): Promise<void> {
  const args = options(process.argv.slice(2), ['out']);
  if (!args.out) throw new Error('usage: --out <file>');
  const pool = databasePool();
  const source = await DatabaseLogSource.open(pool);
  const out = fs.createWriteStream(args.out);
  const write = async (line: string) => {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  let events = 0;
  try {
    for (const note of await source.checkpoints()) await write(JSON.stringify({ checkpoint: note }));
    for await (const batch of source.events()) {
      for (const e of batch) await write(exportLine(e));
      events += batch.length;
    }
  } finally {
    await source.close();
    await pool.end();
    out.end();
    await once(out, 'finish');
  }
  process.stdout.write(`${JSON.stringify({ file: args.out, events })}\n`);
}

void main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
