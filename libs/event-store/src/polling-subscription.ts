import type { ReadAllOptions, ReadAllResult, SubscribeOptions, Subscription } from './event-store.port';
import { START, type Position } from './position';

export interface PollingSettings {
  /** How long to sleep at the end of the feed before polling again, unless woken earlier. */
  idleMs: number;
  /** Pause before retrying a batch that failed. */
  retryMs: number;
}

/** Lets an adapter wake idle subscribers as soon as it has appended something itself. */
export class WakeSignal {
  private waiters = new Set<() => void>();

  notify(): void {
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }

  /** Resolves after `ms`, or earlier on `notify()`. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }
}

/**
 * Catch up, then follow live, by reading the global feed in batches: one loop serves every adapter,
 * so they differ only in how `readAll` is answered.
 */
export function pollingSubscription(
  readAll: (options: ReadAllOptions) => Promise<ReadAllResult>,
  options: SubscribeOptions,
  wake: WakeSignal,
  settings: PollingSettings,
): Subscription {
  let checkpoint: Position = options.after ?? START;
  let stopped = false;
  let markCaughtUp: () => void = () => undefined;
  const caughtUp = new Promise<void>((resolve) => (markCaughtUp = resolve));

  const loop = async () => {
    while (!stopped) {
      try {
        const batch = await readAll({ after: checkpoint, batchSize: options.batchSize ?? 500, filter: options.filter });
        if (stopped) break;
        if (batch.events.length > 0) await options.handler(batch.events, batch.checkpoint);
        checkpoint = batch.checkpoint;
        if (batch.isEnd) {
          markCaughtUp();
          await wake.wait(settings.idleMs);
        }
      } catch (error) {
        if (stopped) break;
        options.onError?.(error);
        await wake.wait(settings.retryMs);
      }
    }
  };
  const running = loop();

  return {
    caughtUp,
    get checkpoint() {
      return checkpoint;
    },
    async stop() {
      stopped = true;
      wake.notify();
      await running;
    },
  };
}
