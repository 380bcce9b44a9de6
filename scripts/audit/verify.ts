/**
 * audit:verify — re-reads the whole event log (the database, or an export file), recomputes every
 * stream's hash chain and every checkpoint's Merkle root, checks the signatures and the witness
 * copies, and prints one JSON line: ok, events checked, events/s, and the first mismatch.
 * Exit code 0 when the log verifies, 1 when it does not, 2 on an error.
 *
 *   npm run audit:verify [-- --file export.jsonl] [--witness-dir dir] [--public-key <verifier key>] [--workers n]
 *
 * --workers: ranges of the global order read and checked at once, each on its own connection and
 *   thread (1: one connection, this thread). Default: the machine's cores, or half of them when
 *   PostgreSQL runs on this machine (it needs about a core per range too). Not used with --file.
 */
import { SingleBar, Presets } from 'cli-progress';
import { FileLogSource, readWitnessDir, trustAnchor, verifyDatabase, verifyLog, type VerifyReport } from '@laurel/event-store/audit';
import { auditEnv, databasePool, options } from './settings';

async function main(): Promise<number> {
  const args = options(process.argv.slice(2), ['file', 'witness-dir', 'public-key', 'origin', 'workers']);
  const env = auditEnv();
  const anchor = trustAnchor({ ...env, AUDIT_PUBLIC_KEY: args['public-key'] ?? env.AUDIT_PUBLIC_KEY, AUDIT_LOG_ORIGIN: args.origin ?? env.AUDIT_LOG_ORIGIN });
  const witnessDir = args['witness-dir'] ?? env.AUDIT_WITNESS_DIR;
  const workers = args.workers === undefined ? undefined : Number(args.workers);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1)) throw new Error('--workers needs a positive whole number');
  const bar = new SingleBar({ format: 'audit:verify [{bar}] {percentage}% {value}/{total} events · {speed} events/s · ETA {eta}s', stream: process.stderr }, Presets.shades_classic);
  const started = Date.now();
  let barStarted = false;
  let barTotal = 0;
  const onProgress = (done: number, total: number) => {
    if (!barStarted) {
      bar.start(total, 0, { speed: 0 });
      barStarted = true;
    } else if (total !== barTotal) bar.setTotal(total);
    barTotal = total;
    bar.update(done, { speed: Math.round(done / Math.max(0.001, (Date.now() - started) / 1000)) });
  };
  let report: VerifyReport;
  if (args.file) {
    const source = await FileLogSource.open(args.file);
    report = await verifyLog(source, { ...anchor, witnessNotes: readWitnessDir(witnessDir), onProgress });
  } else {
    const pool = databasePool();
    try {
      report = await verifyDatabase(pool, { ...anchor, witnessDir, onProgress, workers });
    } finally {
      await pool.end();
    }
  }
  if (barStarted) bar.stop();
  process.stdout.write(`${JSON.stringify({ ...report, seconds: Math.round(report.seconds * 1000) / 1000 })}\n`);
  return report.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
