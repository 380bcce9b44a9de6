import type { Pool } from 'pg';

/** A forward read of one stream: from a version (inclusive), at most `maxCount` events. */
export interface StreamRead {
  stream: string;
  from: number;
  maxCount: number | null;
}

interface PendingRead<Row> extends StreamRead {
  resolve: (rows: Row[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Reads of streams that arrive while `maxInFlight` reads are under way wait, and then travel
 * together: one statement (`unnest` of the reads, each an index range of the primary key) and one
 * round trip for all of them. A query's reads — its initiative, its council, the units above — and
 * the reads of concurrent requests so share a round trip under load; an idle store sends each read
 * at once, alone. Every read is answered by a statement that started after it was asked for, so a
 * read still sees every append acknowledged before it.
 */
export class ReadBatcher<Row extends object> {
  private queue: PendingRead<Row>[] = [];
  private inFlight = 0;

  constructor(
    private readonly pool: Pool,
    private readonly columns: string,
    /** Read statements in flight at once. */
    private readonly maxInFlight: number,
    /** Reads in one statement at most. */
    private readonly maxBatch: number,
  ) {}

  read(request: StreamRead): Promise<Row[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...request, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight++;
      void this.send(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async send(batch: PendingRead<Row>[]): Promise<void> {
    try {
      const rows = batch.length === 1 ? await this.one(batch[0]) : await this.many(batch);
      const byRead = batch.map((): Row[] => []);
      for (const row of rows) byRead[(row as Row & { read_index?: number }).read_index ?? 0].push(row);
      batch.forEach((read, i) => read.resolve(byRead[i]));
    } catch (error) {
      for (const read of batch) read.reject(error);
    }
  }

  private async one(read: StreamRead): Promise<Row[]> {
    const { rows } = await this.pool.query<Row>({
      name: 'es-read-stream',
      text: `SELECT ${this.columns} FROM es_events WHERE stream_name = $1 AND stream_version >= $2 ORDER BY stream_version ASC LIMIT $3`,
      values: [read.stream, read.from, read.maxCount],
    });
    return rows;
  }

  private async many(batch: readonly StreamRead[]): Promise<Row[]> {
    const { rows } = await this.pool.query<Row>({
      name: 'es-read-streams',
      text: `SELECT r.i::int - 1 AS read_index, e.* FROM unnest($1::text[], $2::bigint[], $3::bigint[]) WITH ORDINALITY AS r(stream, from_version, max_count, i)
             CROSS JOIN LATERAL (
               SELECT ${this.columns} FROM es_events
               WHERE stream_name = r.stream AND stream_version >= r.from_version
               ORDER BY stream_version ASC LIMIT r.max_count
             ) e
             ORDER BY r.i, e.stream_version`,
      values: [batch.map((r) => r.stream), batch.map((r) => r.from), batch.map((r) => r.maxCount)],
    });
    return rows;
  }
}
