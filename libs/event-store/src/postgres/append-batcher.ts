import type { Pool } from 'pg';
import type { AppendCondition, ExpectedVersion, NewEvent } from '../event-store.port';
import { canonicalEventPrefix } from '../audit/canonical';

export interface AppendOutcome {
  status: 'ok' | 'duplicate' | 'wrong_version' | 'foreign_duplicate' | 'condition_failed';
  version: string | null;
  tx: string | null;
  pos: string | null;
  other_stream: string | null;
}

interface PendingAppend {
  stream: string;
  expected: ExpectedVersion;
  events: readonly NewEvent[];
  conditions: readonly AppendCondition[];
  resolve: (outcome: AppendOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: appends that arrive while earlier ones are in flight wait and then travel together,
 * as one transaction and one round trip (es_append_batch). Under load this turns many small commits
 * into a few larger ones; an idle store sends each append at once, alone.
 */
export class AppendBatcher {
  private queue: PendingAppend[] = [];
  private inFlight = 0;

  constructor(
    private readonly pool: Pool,
    /** Batches in flight at once (connections used for appends). */
    private readonly maxInFlight: number,
    /** Appends in one batch at most. */
    private readonly maxBatch: number,
    /** Send each event's canonical encoding for its chain hash; false only to measure what hashing costs (bench:append). */
    private readonly hashChains = true,
  ) {}

  append(stream: string, events: readonly NewEvent[], expected: ExpectedVersion, conditions: readonly AppendCondition[] = []): Promise<AppendOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ stream, expected, events, conditions, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.takeBatch();
      this.inFlight++;
      void this.send(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  /**
   * The next appends in arrival order. An append to a stream already in the batch, or sharing an
   * event id with one in it (a racing retry), waits for the next batch: within a batch, appends are
   * independent of each other. So does an append to a stream another append of the batch has as a
   * condition, and an append with a condition on a stream the batch appends to: the check could not
   * see a write of its own transaction.
   */
  private takeBatch(): PendingAppend[] {
    const batch: PendingAppend[] = [];
    const ids = new Set<string>();
    const streams = new Set<string>();
    const conditioned = new Set<string>();
    const rest: PendingAppend[] = [];
    for (const item of this.queue) {
      const clashes =
        streams.has(item.stream) ||
        conditioned.has(item.stream) ||
        item.conditions.some((c) => streams.has(c.stream)) ||
        item.events.some((e) => ids.has(e.eventId.toLowerCase()));
      if (batch.length >= this.maxBatch || clashes) {
        rest.push(item);
        continue;
      }
      for (const e of item.events) ids.add(e.eventId.toLowerCase());
      streams.add(item.stream);
      for (const c of item.conditions) conditioned.add(c.stream);
      batch.push(item);
    }
    this.queue = rest;
    return batch;
  }

  private async send(batch: PendingAppend[]): Promise<void> {
    let rows: (AppendOutcome & { idx: number })[];
    try {
      rows = await this.execute(batch);
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
      // One bad append must not fail its neighbours: retry each alone, so only the culprit fails.
      await Promise.all(batch.map((item) => this.send([item])));
      return;
    }
    for (const row of rows) batch[row.idx - 1].resolve(row);
  }

  private async execute(batch: PendingAppend[]): Promise<(AppendOutcome & { idx: number })[]> {
    // One JSON document for the whole batch: serialised once here, parsed once by PostgreSQL.
    const payload = JSON.stringify(
      batch.map((b) => ({
        stream: b.stream,
        expected: String(b.expected),
        ...(b.conditions.length > 0 ? { conditions: b.conditions.map((c) => ({ stream: c.stream, version: c.version })) } : {}),
        // c: the event's canonical encoding up to its version, which PostgreSQL assigns and hashes under
        // the lock; it holds the data and metadata, which are then not sent a second time.
        events: b.events.map((e) =>
          this.hashChains
            ? { eventId: e.eventId, type: e.type, c: canonicalEventPrefix({ stream: b.stream, type: e.type, eventId: e.eventId, data: e.data, metadata: e.metadata ?? {} }) }
            : { eventId: e.eventId, type: e.type, data: e.data, metadata: e.metadata ?? {} },
        ),
      })),
    );
    const { rows } = await this.pool.query<AppendOutcome & { idx: number }>({
      name: 'es-append-batch',
      text: 'SELECT * FROM es_append_batch($1::jsonb)',
      values: [payload],
    });
    return rows;
  }
}
