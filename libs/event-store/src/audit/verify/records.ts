import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Pool } from 'pg';
import { migrateAuditStore } from '../audit-schema';
import type { VerifyReport } from './types';
import { verifySnapshot, type DatabaseVerifyOptions, type SnapshotReport } from './snapshot-verify';

/** Every `*.checkpoint` file of a witness directory (none if it does not exist). */
export function readWitnessDir(dir: string | undefined): { name: string; note: string }[] {
  if (!dir || !fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.checkpoint'))
    .sort()
    .map((f) => ({ name: path.join(dir, f), note: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

export interface VerificationRecord {
  finishedAt: string;
  ok: boolean;
  eventsChecked: number;
  eventsPerSecond: number;
  problem: string | null;
}

/** The outcome, for /health and /metrics (the verdict itself is the report, not this row). */
export async function recordVerification(pool: Pool, report: VerifyReport): Promise<void> {
  await migrateAuditStore(pool);
  await pool.query('INSERT INTO audit_verifications (ok, events_checked, events_per_second, problem) VALUES ($1, $2, $3, $4)', [
    report.ok,
    report.eventsChecked,
    report.eventsPerSecond,
    report.problem ? `${report.problem.kind}: ${report.problem.detail}` : null,
  ]);
}

export async function lastVerification(pool: Pool): Promise<VerificationRecord | null> {
  const { rows: table } = await pool.query<{ t: string | null }>(`SELECT to_regclass('audit_verifications')::text AS t`);
  if (table[0].t === null) return null;
  const { rows } = await pool.query<{ finished_at: Date; ok: boolean; events_checked: string; events_per_second: number; problem: string | null }>(
    'SELECT finished_at, ok, events_checked, events_per_second, problem FROM audit_verifications ORDER BY id DESC LIMIT 1',
  );
  const r = rows[0];
  return r ? { finishedAt: r.finished_at.toISOString(), ok: r.ok, eventsChecked: Number(r.events_checked), eventsPerSecond: r.events_per_second, problem: r.problem } : null;
}

/** Verifies the database's log (one snapshot) with the witness directory's copies, and records the outcome. */
export async function verifyDatabase(
  pool: Pool,
  options: Omit<DatabaseVerifyOptions, 'witnessNotes'> & { witnessDir?: string },
): Promise<SnapshotReport> {
  const { witnessDir, ...rest } = options;
  const db = await pool.connect();
  let report: SnapshotReport;
  try {
    await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    report = await verifySnapshot(db, { ...rest, witnessNotes: readWitnessDir(witnessDir) }, pool);
  } catch (error) {
    // The connection may still be busy with a COPY: closed, which ends the transaction.
    db.release(error as Error);
    throw error;
  }
  await db.query('ROLLBACK').catch(() => undefined);
  db.release();
  await recordVerification(pool, report);
  return report;
}
