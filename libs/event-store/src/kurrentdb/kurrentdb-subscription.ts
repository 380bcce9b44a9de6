import type { AllStreamResolvedEvent, AllStreamSubscription, CaughtUp, Position as KurrentPosition, SubscribeToAllOptions } from '@kurrent/kurrentdb-client';
import type { RecordedEvent, SubscribeOptions, Subscription } from '../event-store.port';
import { comparePositions, maxPosition, START, type Position } from '../position';
import { WakeSignal } from '../polling-subscription';
import type { FilterPlan } from './filters';
import { toRecordedEvent } from './mapping';
import { fromKurrentPosition, toKurrentPosition } from './positions';

export interface SubscriptionSource {
  subscribeToAll(options: SubscribeToAllOptions, readable: { highWaterMark: number }): AllStreamSubscription;
  /**
   * A filtered read after `after`: the checkpoint it reached when it found no event to hand over up to
   * the head of `$all`, else undefined.
   */
  probe(after: Position): Promise<Position | undefined>;
}

export interface SubscriptionSettings {
  /** Pause before retrying a failed batch or resubscribing after an error. */
  retryMs: number;
  /** An idle subscription checks this often whether it is at the head (see `probe`). */
  idleProbeMs: number;
}

/** A checkpoint or caught-up signal, due once `at` events of the subscription have been read. */
interface Marker {
  at: number;
  kind: 'checkpoint' | 'caughtUp';
  position?: KurrentPosition;
}

/**
 * The port's subscription on KurrentDB's `subscribeToAll`: the server pushes the filtered feed, and the
 * server's checkpoints (every `checkpointInterval` search windows of filtered-out events), its
 * caught-up signal and an idle probe move the checkpoint of a quiet filtered feed. Events are handed over in batches of
 * what has arrived; the stream is not read while the handler runs (backpressure), a failed batch is
 * retried as it was, and after a connection error the subscription resubscribes from its checkpoint.
 */
export function kurrentSubscription(source: SubscriptionSource, plan: FilterPlan, options: SubscribeOptions, settings: SubscriptionSettings): Subscription {
  let checkpoint: Position = options.after ?? START;
  let stopped = false;
  let current: AllStreamSubscription | undefined;
  const wake = new WakeSignal();
  let markCaughtUp: () => void = () => undefined;
  const caughtUp = new Promise<void>((resolve) => (markCaughtUp = resolve));
  const batchSize = options.batchSize ?? 500;

  const follow = async (): Promise<void> => {
    const markers: Marker[] = [];
    let lastProbe = 0;
    let read = 0;
    let failure: unknown;
    let ended = false;
    const subscription = source.subscribeToAll(
      {
        fromPosition: toKurrentPosition(checkpoint) ?? 'start',
        filter: {
          ...plan.server,
          // Awaited by the client in stream order: everything before it is in the readable buffer.
          checkpointReached: (sub, position) => {
            markers.push({ at: read + sub.readableLength, kind: 'checkpoint', position });
            wake.notify();
          },
        },
      },
      { highWaterMark: batchSize },
    );
    current = subscription;
    subscription.on('caughtUp', (info: CaughtUp) => {
      markers.push({ at: read + subscription.readableLength, kind: 'caughtUp', position: info.position });
      wake.notify();
    });
    subscription.on('readable', () => wake.notify());
    subscription.on('end', () => ((ended = true), wake.notify()));
    subscription.on('error', (error: Error) => ((failure = error), wake.notify()));
    try {
      while (!stopped) {
        if (failure !== undefined) throw failure;
        const batch: RecordedEvent[] = [];
        let last: Position | undefined;
        let exhausted = false;
        while (batch.length < batchSize && !(markers.length > 0 && markers[0].at <= read)) {
          const item = subscription.read() as AllStreamResolvedEvent | null;
          if (item === null) {
            exhausted = true;
            break;
          }
          read++;
          const recorded = item.event?.position ? fromKurrentPosition(item.event.position) : undefined;
          // Resubscribing from a checkpoint must not repeat what was handled, whatever the server's bound.
          if (recorded === undefined || comparePositions(recorded, checkpoint) <= 0) continue;
          last = recorded;
          const event = item.event && plan.matches(item.event.type, item.event.streamId) ? toRecordedEvent(item) : undefined;
          if (event) batch.push(event);
        }
        if (batch.length > 0) await handleWithRetry(batch, last ?? checkpoint);
        if (last !== undefined) checkpoint = maxPosition(checkpoint, last);
        while (markers.length > 0 && markers[0].at <= read) {
          const marker = markers.shift() as Marker;
          if (marker.position) checkpoint = maxPosition(checkpoint, fromKurrentPosition(marker.position));
          if (marker.kind === 'caughtUp') markCaughtUp();
        }
        // Read on at once unless the buffer was empty and nothing was awaited since: a 'readable' or a
        // marker that came while the handler ran would be missed by the wait.
        if (!exhausted || batch.length > 0) continue;
        if (ended) throw new Error('the KurrentDB subscription ended');
        const idle = Date.now() - lastProbe;
        if (idle < settings.idleProbeMs) {
          await wake.wait(settings.idleProbeMs - idle);
          continue;
        }
        // Idle: if a filtered read finds nothing to hand over up to the head, everything up to it is
        // handled. That moves a quiet feed's checkpoint between server checkpoints, and is the
        // caught-up signal on servers that send none. Whatever the subscription buffered meanwhile up
        // to that head does not match, so skipping it loses nothing.
        lastProbe = Date.now();
        const reached = await source.probe(checkpoint).catch(() => undefined);
        if (reached !== undefined && !stopped) {
          checkpoint = maxPosition(checkpoint, reached);
          markCaughtUp();
        }
      }
    } finally {
      current = undefined;
      await subscription.unsubscribe().catch(() => undefined);
    }
  };

  const handleWithRetry = async (batch: RecordedEvent[], batchCheckpoint: Position): Promise<void> => {
    for (;;) {
      try {
        await options.handler(batch, batchCheckpoint);
        return;
      } catch (error) {
        if (stopped) throw error;
        options.onError?.(error);
        await wake.wait(settings.retryMs);
        if (stopped) throw error;
      }
    }
  };

  const loop = async () => {
    while (!stopped) {
      try {
        await follow();
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
      await current?.unsubscribe().catch(() => undefined);
      wake.notify();
      await running;
    },
  };
}
