import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LoggedEvent, Problem } from './types';

interface Outcome {
  problems: Problem[];
  streams: number;
}

/**
 * The chain check on several threads: each stream always goes to the same thread (by a hash of
 * its name), in global order, so each thread's ChainChecker sees whole streams. At most two
 * batches wait per thread, so a slow thread holds the reader back instead of filling memory.
 */
export class ParallelChains {
  private readonly workers: Worker[];
  private readonly inFlight: number[];
  private readonly waiting: (() => void)[] = [];
  private readonly done: Promise<Outcome>[];

  constructor(count: number) {
    const script = path.join(__dirname, 'chain-worker.js');
    this.workers = Array.from({ length: count }, () => new Worker(script));
    this.inFlight = this.workers.map(() => 0);
    this.done = this.workers.map(
      (worker, i) =>
        new Promise<Outcome>((resolve, reject) => {
          worker.on('message', (message: { ack?: true; outcome?: Outcome }) => {
            if (message.ack) {
              this.inFlight[i]--;
              this.waiting.splice(0).forEach((wake) => wake());
            }
            if (message.outcome) resolve(message.outcome);
          });
          worker.once('error', reject);
        }),
    );
  }

  async send(batch: readonly LoggedEvent[], firstIndex: number): Promise<void> {
    while (this.inFlight.some((n) => n >= 2)) await new Promise<void>((wake) => this.waiting.push(wake));
    const parts: { events: LoggedEvent[]; indexes: number[] }[] = this.workers.map(() => ({ events: [], indexes: [] }));
    for (let i = 0; i < batch.length; i++) {
      const part = parts[shard(batch[i].stream, parts.length)];
      part.events.push(batch[i]);
      part.indexes.push(firstIndex + i);
    }
    parts.forEach((part, i) => {
      this.inFlight[i]++;
      this.workers[i].postMessage(part);
    });
  }

  async finish(): Promise<Outcome> {
    this.workers.forEach((w) => w.postMessage({ end: true }));
    const outcomes = await Promise.all(this.done);
    await Promise.all(this.workers.map((w) => w.terminate()));
    return { problems: outcomes.flatMap((o) => o.problems), streams: outcomes.reduce((n, o) => n + o.streams, 0) };
  }
}

/** FNV-1a over the name's code units. */
function shard(stream: string, count: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < stream.length; i++) h = Math.imul(h ^ stream.charCodeAt(i), 0x01000193);
  return (h >>> 0) % count;
}
