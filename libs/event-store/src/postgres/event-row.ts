import type { RecordedEvent } from '../event-store.port';
import { encodePosition } from '../position';

/** A row of es_events as the adapter reads it (xid8 and bigint arrive as text). */
export interface EventRow {
  global_position: string;
  transaction_id: string;
  stream_name: string;
  stream_version: string;
  event_id: string;
  event_type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  recorded_at: Date;
  hash: Buffer | null;
}

export const EVENT_COLUMNS = `global_position, transaction_id, stream_name, stream_version, event_id, event_type, data, metadata, recorded_at, hash`;

export function toRecorded(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    type: row.event_type,
    data: row.data,
    metadata: row.metadata,
    streamName: row.stream_name,
    streamVersion: Number(row.stream_version),
    position: encodePosition(BigInt(row.transaction_id), BigInt(row.global_position)),
    recordedAt: row.recorded_at.toISOString(),
    ...(row.hash ? { hash: row.hash.toString('hex') } : {}),
  };
}
