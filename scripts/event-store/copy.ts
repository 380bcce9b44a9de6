/**
 * event-store:copy — copies the event log from one store to another through the event store port,
 * then verifies it (event counts and a sha256 per stream on both sides).
 *
 *   npm run event-store:copy -- --from postgres --to kurrentdb
 *   npm run event-store:copy -- --from kurrentdb --to postgres
 *   npm run event-store:copy -- --from postgres --to memory          (a dry run: reads and hashes everything)
 *   options: --categories a,b   --progress-file <path>   --restart   --verify-only   --batch 1000
 *            --from-url <url> / --to-url <url> (default DATABASE_URL or the embedded PostgreSQL, KURRENTDB_URL)
 *
 * Resumable: rerun the same command after an interruption. The progress file keeps the source checkpoint;
 * without it, the target's stream versions still tell what is already copied (docs/event-store.md).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SingleBar } from 'cli-progress';
import { compareInventories, copyLog, InMemoryEventStore, inventory, PostgresEventStore, type CopyProgressStore, type EventStore, type Position } from '@laurel/event-store';
import { KurrentDbEventStore, redactConnectionString } from '@laurel/event-store/kurrentdb';
import { resolveInfrastructure } from '@laurel/infra';
import { parseCopyArgs, type StoreKind as Kind } from '@laurel/event-store/copy/copy-args';

function fileProgress(file: string, restart: boolean): CopyProgressStore {
  if (restart) fs.rmSync(file, { force: true });
  return {
    async load() {
      if (!fs.existsSync(file)) return undefined;
      return (JSON.parse(fs.readFileSync(file, 'utf8')) as { checkpoint: Position }).checkpoint;
    },
    async save(checkpoint) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const temp = `${file}.tmp`;
      fs.writeFileSync(temp, JSON.stringify({ checkpoint, savedAt: new Date().toISOString() }));
      fs.renameSync(temp, file);
    },
  };
}

async function main(): Promise<void> {
  const args = parseCopyArgs(process.argv.slice(2));
  const needsPostgres = (args.from === 'postgres' && !args.fromUrl) || (args.to === 'postgres' && !args.toUrl);
  const quiet = { log: { info: () => undefined, warn: (m: string) => console.error(m), error: (m: string) => console.error(m) } };
  const infrastructure = needsPostgres && !process.env.DATABASE_URL ? await resolveInfrastructure(quiet) : undefined;
  const open = async (kind: Kind, url: string | undefined): Promise<EventStore> => {
    switch (kind) {
      case 'memory':
        return new InMemoryEventStore();
      case 'postgres':
        return PostgresEventStore.connect({ connectionString: url ?? process.env.DATABASE_URL ?? (infrastructure as { databaseUrl: string }).databaseUrl, poolSize: 4 });
      case 'kurrentdb': {
        const connectionString = url ?? process.env.KURRENTDB_URL;
        if (!connectionString) throw new Error('KURRENTDB_URL (or --from-url / --to-url) is needed for kurrentdb');
        console.error(`kurrentdb: ${redactConnectionString(connectionString)}`);
        return KurrentDbEventStore.connect({ connectionString });
      }
    }
  };
  const source = await open(args.from, args.fromUrl);
  const target = await open(args.to, args.toUrl);
  try {
    console.error(`counting the source log (${args.from}${args.categories ? `, categories ${args.categories.join(', ')}` : ''})…`);
    const sourceInventory = await inventory(source, { categories: args.categories, batchSize: args.batch });
    if (!args.verifyOnly) {
      const bar = new SingleBar({ format: 'copy {bar} {percentage}% | {value}/{total} events | {copied} copied, {skipped} already there | ETA {eta_formatted}', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 10_000 });
      bar.start(sourceInventory.total, 0, { copied: 0, skipped: 0 });
      const result = await copyLog(source, target, {
        categories: args.categories,
        batchSize: args.batch,
        // A memory target starts empty in every run: a saved checkpoint would only point past its end.
        progress: args.to === 'memory' ? undefined : fileProgress(args.progressFile, args.restart),
        onProgress: (p) => bar.update(Math.min(p.read, sourceInventory.total), { copied: p.copied, skipped: p.skipped }),
      }).finally(() => bar.stop());
      console.error(`copied ${result.copied} events, ${result.skipped} were already in the target (progress: ${args.progressFile})`);
    }
    console.error('verifying: counts and a hash per stream on both sides…');
    const differences = compareInventories(sourceInventory, await inventory(target, { categories: args.categories, batchSize: args.batch }));
    if (differences.length > 0) {
      for (const d of differences.slice(0, 20)) console.error(`  ${d.stream}: source ${d.source ? `${d.source.count} events` : 'absent'}, target ${d.target ? `${d.target.count} events` : 'absent'}${d.source && d.target && d.source.count === d.target.count ? ' (contents differ)' : ''}`);
      throw new Error(`verify failed: ${differences.length} stream(s) differ`);
    }
    console.log(`verified: ${sourceInventory.total} events in ${sourceInventory.streams.size} streams, identical per-stream hashes on ${args.from} and ${args.to}`);
    // Checkpoints of the old store mean nothing to the new one (docs/event-store.md, "Moving the log").
    console.log(`target head position: ${await target.headPosition()}`);
  } finally {
    await target.close();
    await source.close();
    await infrastructure?.stop();
  }
}

if (require.main === module) {
  void main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
