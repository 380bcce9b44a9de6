import type { Connection, Submittable } from 'pg';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * `COPY (…) TO STDOUT (FORMAT binary)` through a `pg` client, without another package: a query
 * object (pg's Submittable) that takes the CopyData messages and hands each row to `onRow` as it
 * arrives, with its fields' [offset, length] pairs (length -1: NULL), inside the message's own
 * buffer — no row objects, no strings. Rows are handled synchronously, so reading keeps pace with
 * checking. `done` settles when PostgreSQL has finished (or failed).
 */
export class CopyOut implements Submittable {
  readonly done: Promise<number>;
  /**
   * pg bounds every query by the pool's query_timeout (a request's); a COPY of the whole log takes
   * as long as the log is long, so it is bounded by its own progress instead (`stallMs`).
   */
  readonly query_timeout = 0x7fffffff;
  /** Set by pg (its query_timeout wrapper): called once the COPY is over. */
  callback: ((error: Error | null) => void) | undefined;
  private settle!: { resolve: (rows: number) => void; reject: (error: Error) => void };
  private settled = false;
  private watchdog: NodeJS.Timeout | undefined;
  private carry: Buffer | undefined;
  private header = false;
  private trailer = false;
  private rows = 0;
  private received = 0;
  private failure: Error | undefined;
  private readonly fields: Int32Array;

  constructor(
    private readonly text: string,
    columns: number,
    private readonly onRow: (row: Buffer, fields: Int32Array) => void,
    /** Fails when no data came for this long (a server that stopped answering). */
    private readonly stallMs = 60_000,
  ) {
    this.fields = new Int32Array(2 * columns);
    this.done = new Promise<number>((resolve, reject) => (this.settle = { resolve, reject }));
  }

  submit(connection: Connection): void {
    let seen = -1;
    let since = Date.now();
    this.watchdog = setInterval(() => {
      if (this.received !== seen) {
        seen = this.received;
        since = Date.now();
      } else if (Date.now() - since >= this.stallMs) this.finish(new Error(`COPY stalled: no data for ${Math.round(this.stallMs / 1000)} s`));
    }, Math.min(this.stallMs, 5000));
    this.watchdog.unref();
    (connection as unknown as { query(text: string): void }).query(this.text);
  }

  handleCopyData(message: { chunk: Buffer }): void {
    this.received += message.chunk.length;
    if (this.failure) return;
    try {
      this.feed(message.chunk);
    } catch (error) {
      this.failure = error as Error;
    }
  }

  handleCommandComplete(): void {}

  handleReadyForQuery(): void {
    this.finish(this.failure ?? (!this.trailer || this.carry ? new Error('COPY ended before its trailer') : undefined));
  }

  handleError(error: Error): void {
    this.finish(error);
  }

  private finish(error: Error | undefined): void {
    if (this.settled) return;
    this.settled = true;
    clearInterval(this.watchdog);
    this.callback?.(error ?? null);
    if (error) this.settle.reject(error);
    else this.settle.resolve(this.rows);
  }

  // Other messages do not come for a COPY TO; answered in case they do.
  handleRowDescription(): void {
    this.failure ??= new Error('COPY answered with rows');
  }

  handleDataRow(): void {}

  handleEmptyQuery(): void {}

  private feed(chunk: Buffer): void {
    let buffer = chunk;
    if (this.carry) {
      // pg-protocol reuses its buffer: what is kept across messages is copied.
      buffer = Buffer.concat([this.carry, chunk]);
      this.carry = undefined;
    }
    let at = 0;
    if (!this.header) {
      if (buffer.length < 19) return this.keep(buffer, 0);
      if (!buffer.subarray(0, 11).equals(SIGNATURE)) throw new Error('not a binary COPY stream');
      const extension = buffer.readUInt32BE(15);
      if (buffer.length < 19 + extension) return this.keep(buffer, 0);
      at = 19 + extension;
      this.header = true;
    }
    const fields = this.fields;
    const columns = fields.length / 2;
    const size = buffer.length;
    while (at < size) {
      if (this.trailer) throw new Error('data after the COPY trailer');
      if (at + 2 > size) return this.keep(buffer, at);
      const count = (buffer[at] << 8) | buffer[at + 1];
      if (count === 0xffff) {
        this.trailer = true;
        at += 2;
        continue;
      }
      if (count !== columns) throw new Error(`COPY row with ${count} fields, expected ${columns}`);
      let p = at + 2;
      let complete = true;
      for (let i = 0; i < columns; i++) {
        if (p + 4 > size) {
          complete = false;
          break;
        }
        // Big-endian int32; -1 for NULL.
        const length = (buffer[p] << 24) | (buffer[p + 1] << 16) | (buffer[p + 2] << 8) | buffer[p + 3];
        p += 4;
        fields[2 * i] = p;
        fields[2 * i + 1] = length;
        if (length > 0) p += length;
        if (p > size) {
          complete = false;
          break;
        }
      }
      if (!complete) return this.keep(buffer, at);
      this.rows++;
      this.onRow(buffer, fields);
      at = p;
    }
  }

  private keep(buffer: Buffer, from: number): void {
    this.carry = Buffer.from(buffer.subarray(from));
  }
}
