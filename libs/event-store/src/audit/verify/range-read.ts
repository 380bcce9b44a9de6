import type { ClientBase } from 'pg';
import { CopyOut } from './copy-out';
import { RangeChecker, type RangeOutcome, type RangeSpec } from './range-check';

const COLUMNS = 'stream_name, stream_version, event_type, event_id, data, metadata, hash';

/**
 * A range's COPY is one statement as long as the range, and the verification's own connection
 * waits in its transaction while the other ranges finish: neither is a request, so the sessions'
 * request timeouts do not apply to them (a stalled COPY fails on its own: copy-out.ts).
 */
export const UNBOUNDED = 'SET LOCAL statement_timeout = 0; SET LOCAL idle_in_transaction_session_timeout = 0';

/** The COPY of one range of es_events in global order (bounds are numbers: checked, then inlined, as COPY takes no parameters). */
export function rangeCopySql(range: Pick<RangeSpec, 'from' | 'to'>, columns = COLUMNS): string {
  const key = (b: { tx: string; gp: string }) => {
    if (!/^\d+$/.test(b.tx) || !/^\d+$/.test(b.gp)) throw new Error('range bound is not a position');
    return `('${b.tx}'::xid8, ${b.gp}::bigint)`;
  };
  const where = [range.from ? `(transaction_id, global_position) >= ${key(range.from)}` : '', range.to ? `(transaction_id, global_position) < ${key(range.to)}` : ''].filter(Boolean);
  return `COPY (SELECT ${columns} FROM es_events${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY transaction_id, global_position) TO STDOUT (FORMAT binary)`;
}

/** Reads one range through `client` (in the verification's snapshot) and checks it as it arrives. */
export async function checkRange(client: ClientBase, range: RangeSpec, onProgress?: (checked: number) => void): Promise<RangeOutcome> {
  const checker = new RangeChecker(range);
  let reported = 0;
  const copy = new CopyOut(rangeCopySql(range), 7, (row, fields) => {
    checker.row(row, fields);
    if (onProgress && checker.checked - reported >= 16_384) {
      reported = checker.checked;
      onProgress(reported);
    }
  });
  client.query(copy);
  await copy.done;
  onProgress?.(checker.checked);
  return checker.finish();
}

/** The bare read of the same rows, nothing checked: the benchmark's baseline. */
export async function readRange(client: ClientBase, range: Pick<RangeSpec, 'from' | 'to'>): Promise<{ rows: number; bytes: number }> {
  let bytes = 0;
  const copy = new CopyOut(rangeCopySql(range), 7, (_row, fields) => {
    for (let i = 1; i < fields.length; i += 2) if (fields[i] > 0) bytes += fields[i];
  });
  client.query(copy);
  return { rows: await copy.done, bytes };
}
