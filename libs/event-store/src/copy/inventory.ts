import { createHash, type Hash } from 'node:crypto';
import type { EventStore, RecordedEvent } from '../event-store.port';
import { START, type Position } from '../position';

export interface StreamSummary {
  count: number;
  /** sha256 over the stream's events in order: id, type, data and metadata (canonical JSON). */
  hash: string;
}

export interface Inventory {
  total: number;
  streams: Map<string, StreamSummary>;
}

export interface InventoryOptions {
  /** Only streams of these categories (all streams when omitted). */
  categories?: readonly string[];
  batchSize?: number;
}

/**
 * Counts and hashes every stream of a log in one pass over the global feed (each stream's events come in
 * stream order there). What a copy must preserve is hashed; `recordedAt` and positions are the store's own.
 */
export async function inventory(store: EventStore, options: InventoryOptions = {}): Promise<Inventory> {
  const hashes = new Map<string, { count: number; hash: Hash }>();
  let total = 0;
  let after: Position = START;
  for (;;) {
    const page = await store.readAll({ after, batchSize: options.batchSize ?? 1000, filter: options.categories ? { categories: options.categories } : undefined });
    for (const event of page.events) {
      let entry = hashes.get(event.streamName);
      if (!entry) hashes.set(event.streamName, (entry = { count: 0, hash: createHash('sha256') }));
      entry.count++;
      entry.hash.update(eventLine(event));
      total++;
    }
    after = page.checkpoint;
    if (page.isEnd) break;
  }
  const streams = new Map([...hashes].map(([name, { count, hash }]) => [name, { count, hash: hash.digest('hex') }]));
  return { total, streams };
}

export interface InventoryDifference {
  stream: string;
  source?: StreamSummary;
  target?: StreamSummary;
}

/** The streams whose count or hash differ, or that only one side has. Empty when the copy is exact. */
export function compareInventories(source: Inventory, target: Inventory): InventoryDifference[] {
  const differences: InventoryDifference[] = [];
  for (const [stream, summary] of source.streams) {
    const other = target.streams.get(stream);
    if (!other || other.count !== summary.count || other.hash !== summary.hash) differences.push({ stream, source: summary, target: other });
  }
  for (const [stream, summary] of target.streams) {
    if (!source.streams.has(stream)) differences.push({ stream, target: summary });
  }
  return differences;
}

function eventLine(event: RecordedEvent): string {
  return `${event.eventId.toLowerCase()}\n${event.type}\n${canonicalJson(event.data)}\n${canonicalJson(event.metadata ?? {})}\n`;
}

/** JSON with object keys sorted at every level: PostgreSQL's jsonb does not keep key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
