import { Worker } from 'node:worker_threads';
import { CHECK, HashStage, LEAF, type StageResult } from './hash-stage';
import { threadScript } from './thread-script';

/** Bytes per chunk handed over, and how many may be on their way before the reading pauses. */
const CHUNK = 4 << 20;
const IN_FLIGHT = 3;

/**
 * The first stage's side of the hand-over to the hash stage (hash-stage.ts): records written into
 * chunks of memory that are transferred (not copied) to the hash thread and come back for reuse.
 * When IN_FLIGHT chunks are waiting, `onPressure(true)` asks the reader to pause (the COPY's socket)
 * until the thread has caught up, so memory stays bounded whatever the log's size.
 *
 * 'inline' runs the same stage on this thread as each chunk fills (tests: the same records, no thread).
 */
export class HashHandOff {
  private chunk: Buffer;
  private used = 0;
  private readonly spare: ArrayBuffer[] = [];
  private inFlight = 0;
  private readonly worker: Worker | undefined;
  private readonly stage: HashStage | undefined;
  private result: Promise<StageResult> | undefined;
  private settle: { resolve(result: StageResult): void; reject(error: Error): void } | undefined;
  private failure: Error | undefined;
  private paused = false;

  constructor(
    start: number,
    sizes: readonly number[],
    mode: 'thread' | 'inline',
    private readonly onPressure: (pause: boolean) => void = () => undefined,
    /** Tests: whether to report the thread behind, in place of the count of chunks waiting. */
    private readonly reportBehind?: () => boolean,
  ) {
    this.chunk = Buffer.from(new ArrayBuffer(CHUNK));
    if (mode === 'inline') {
      this.stage = new HashStage(start, sizes);
      return;
    }
    const { script, options } = threadScript('hash-worker', { start, sizes: [...sizes] });
    this.worker = new Worker(script, options);
    this.worker.on('message', (message: { returned?: ArrayBuffer; result?: StageResult; error?: string }) => {
      if (message.returned) {
        this.inFlight--;
        this.spare.push(message.returned);
        this.pressure();
      } else if (message.result) this.settle?.resolve(message.result);
      else if (message.error) this.fail(new Error(`hash thread: ${message.error}`));
    });
    this.worker.once('error', (error) => this.fail(error));
    this.worker.once('exit', (code) => this.fail(new Error(`hash thread exited with code ${code}`)));
  }

  /**
   * Whether the thread is behind (more than one chunk waiting): the first stage then hashes the
   * chains itself and hands over leaves only, so the two threads share the SHA-256 work by what each
   * can do on a machine that is busy with other work too (PostgreSQL writing the rows, for one).
   */
  get behind(): boolean {
    return this.reportBehind ? this.reportBehind() : this.inFlight > 1;
  }

  /** A leaf without a chain hash to recompute: the stored hash at hash[at, at + 32). */
  leaf(hash: Uint8Array, at: number): void {
    this.room(33);
    const c = this.chunk;
    c[this.used] = LEAF;
    c.set(hash.subarray(at, at + 32), this.used + 1);
    this.used += 33;
  }

  /** A chain check: message[0, length) (previous hash ‖ canonical event) against the stored hash at stored[at, at + 32). */
  check(message: Buffer, length: number, stored: Uint8Array, at: number): void {
    this.room(37 + length);
    const c = this.chunk;
    let w = this.used;
    c[w] = CHECK;
    c.writeUInt32BE(length, w + 1);
    w += 5;
    w += message.copy(c, w, 0, length);
    c.set(stored.subarray(at, at + 32), w);
    this.used = w + 32;
  }

  /** The tree and the first mismatch, once every record is hashed; the thread is then stopped. */
  finish(): Promise<StageResult> {
    this.result ??= this.conclude();
    return this.result;
  }

  /** Stops the thread without a result (the caller gave up). */
  async abandon(): Promise<void> {
    this.settle = undefined;
    await this.worker?.terminate();
  }

  private async conclude(): Promise<StageResult> {
    this.flush();
    if (this.stage) return this.stage.finish();
    const worker = this.worker as Worker;
    try {
      if (this.failure) throw this.failure;
      const result = new Promise<StageResult>((resolve, reject) => (this.settle = { resolve, reject }));
      worker.postMessage({ finish: true });
      return await result;
    } finally {
      this.settle = undefined;
      await worker.terminate();
    }
  }

  private room(bytes: number): void {
    if (this.used + bytes <= this.chunk.length) return;
    this.flush();
    if (bytes > this.chunk.length) this.chunk = Buffer.from(new ArrayBuffer(bytes));
  }

  private flush(): void {
    if (this.used === 0) return;
    if (this.stage) {
      this.stage.take(this.chunk, this.used);
      this.used = 0;
      return;
    }
    const memory = this.chunk.buffer as ArrayBuffer;
    const length = this.used;
    if (!this.failure) {
      this.worker?.postMessage({ chunk: memory, length }, [memory]);
      this.inFlight++;
    }
    const reuse = this.spare.pop();
    this.chunk = Buffer.from(reuse && reuse.byteLength >= CHUNK ? reuse : new ArrayBuffer(CHUNK));
    this.used = 0;
    this.pressure();
  }

  private pressure(): void {
    const pause = this.inFlight >= IN_FLIGHT && !this.failure;
    if (pause === this.paused) return;
    this.paused = pause;
    this.onPressure(pause);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.pressure();
    this.settle?.reject(error);
  }
}
