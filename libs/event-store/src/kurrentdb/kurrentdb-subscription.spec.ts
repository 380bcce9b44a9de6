import { PassThrough } from 'node:stream';
import type { AllStreamResolvedEvent, AllStreamSubscription, Position as KurrentPosition, SubscribeToAllOptions } from '@kurrent/kurrentdb-client';
import type { RecordedEvent } from '../event-store.port';
import type { Position } from '../position';
import { waitFor } from '../contract/event-store.contract';
import { translateFilter } from './filters';
import { kurrentSubscription, type SubscriptionSource } from './kurrentdb-subscription';
import { fromKurrentPosition } from './positions';

/**
 * The client's subscription object is a Node object-mode stream with `caughtUp` events and a
 * `checkpointReached` callback; here a PassThrough plays that object (not the server) so the batching,
 * checkpoint and retry logic runs without KurrentDB.
 */
class Feed {
  readonly opened: { options: SubscribeToAllOptions; stream: PassThrough & AllStreamSubscription }[] = [];
  /** What the adapter's filtered read would answer: the head when nothing is left to hand over, else undefined. */
  probeAnswer: Position | 'fail' | undefined = undefined;
  probes = 0;

  source: SubscriptionSource = {
    subscribeToAll: (options) => {
      const stream = new PassThrough({ objectMode: true, highWaterMark: 1000 }) as PassThrough & AllStreamSubscription;
      stream.unsubscribe = async () => void stream.destroy();
      this.opened.push({ options, stream });
      return stream;
    },
    probe: async () => {
      this.probes++;
      if (this.probeAnswer === 'fail') throw new Error('probe failed');
      return this.probeAnswer;
    },
  };

  get latest() {
    return this.opened[this.opened.length - 1];
  }
  push(...events: AllStreamResolvedEvent[]) {
    for (const e of events) this.latest.stream.write(e);
  }
  async checkpoint(position: KurrentPosition) {
    await this.latest.options.filter?.checkpointReached?.(this.latest.stream, position);
  }
  caughtUp(position?: KurrentPosition) {
    this.latest.stream.emit('caughtUp', { date: new Date(), position });
  }
}

let n = 0;
function resolved(type: string, stream: string, commit: bigint): AllStreamResolvedEvent {
  const position = { commit, prepare: commit };
  return { event: { streamId: stream, id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, revision: 0n, type, created: new Date(), data: {}, metadata: {}, isJson: true, position } };
}
const types = (events: RecordedEvent[]) => events.map((e) => e.type);
const settings = { retryMs: 10, idleProbeMs: 20 };
const plan = (categories?: string[]) => translateFilter(categories ? { categories } : undefined, { checkpointInterval: 1 });

describe('subscriptions on subscribeToAll', () => {
  it('hands over the past in batches, resolves caughtUp only after the past was handled, then follows live', async () => {
    const feed = new Feed();
    const batches: string[][] = [];
    const sub = kurrentSubscription(feed.source, plan(['a']), { batchSize: 2, handler: async (events) => void batches.push(types(events)) }, settings);
    await waitFor(() => feed.opened.length === 1);
    feed.push(resolved('A1', 'a-1', 10n), resolved('A2', 'a-1', 20n), resolved('A3', 'a-2', 30n));
    feed.caughtUp({ commit: 35n, prepare: 35n });
    await sub.caughtUp;
    expect(batches.flat()).toEqual(['A1', 'A2', 'A3']);
    expect(batches.every((b) => b.length <= 2)).toBe(true);
    expect(sub.checkpoint).toBe(fromKurrentPosition({ commit: 35n, prepare: 35n }));
    feed.push(resolved('Live', 'a-1', 40n));
    await waitFor(() => batches.flat().length === 4);
    expect(sub.checkpoint).toBe(fromKurrentPosition({ commit: 40n, prepare: 40n }));
    await sub.stop();
  });

  it('moves the checkpoint of a quiet filtered feed on server checkpoints, without calling the handler', async () => {
    const feed = new Feed();
    let calls = 0;
    const sub = kurrentSubscription(feed.source, plan(['quiet']), { handler: async () => void calls++ }, settings);
    await waitFor(() => feed.opened.length === 1);
    expect(feed.latest.options.filter).toMatchObject({ filterOn: 'streamName', checkpointInterval: 1 });
    await feed.checkpoint({ commit: 900n, prepare: 890n });
    await waitFor(() => sub.checkpoint === fromKurrentPosition({ commit: 900n, prepare: 890n }));
    expect(calls).toBe(0);
    await sub.stop();
  });

  it('retries a batch whose handler failed, as it was, so nothing is skipped', async () => {
    const feed = new Feed();
    const seen: string[] = [];
    let failures = 0;
    const errors: unknown[] = [];
    const sub = kurrentSubscription(
      feed.source,
      plan(),
      {
        handler: async (events) => {
          if (failures++ === 0) throw new Error('projection crashed');
          seen.push(...types(events));
        },
        onError: (e) => void errors.push(e),
      },
      settings,
    );
    await waitFor(() => feed.opened.length === 1);
    feed.push(resolved('A', 'x-1', 1n), resolved('B', 'x-1', 2n));
    await waitFor(() => seen.length === 2);
    expect(seen).toEqual(['A', 'B']);
    expect(errors).toHaveLength(1);
    await sub.stop();
  });

  it('resubscribes from its checkpoint after a connection error, without repeating handled events', async () => {
    const feed = new Feed();
    const seen: string[] = [];
    const sub = kurrentSubscription(feed.source, plan(), { handler: async (events) => void seen.push(...types(events)), onError: () => undefined }, settings);
    await waitFor(() => feed.opened.length === 1);
    const first = resolved('First', 'x-1', 100n);
    feed.push(first);
    await waitFor(() => seen.length === 1);
    feed.latest.stream.emit('error', new Error('connection reset'));
    await waitFor(() => feed.opened.length === 2);
    expect(feed.latest.options.fromPosition).toEqual({ commit: 100n, prepare: 100n });
    // Whatever the server's bound, the handled event is not handed over twice.
    feed.push(first, resolved('Second', 'x-1', 200n));
    await waitFor(() => seen.length === 2);
    expect(seen).toEqual(['First', 'Second']);
    await sub.stop();
  });

  it('counts as caught up when an idle probe finds nothing left up to the head (servers without a caught-up signal)', async () => {
    const feed = new Feed();
    const seen: string[] = [];
    const sub = kurrentSubscription(feed.source, plan(['a']), { handler: async (events) => void seen.push(...types(events)) }, settings);
    let caughtUp = false;
    void sub.caughtUp.then(() => (caughtUp = true));
    await waitFor(() => feed.opened.length === 1);
    feed.push(resolved('Past', 'a-1', 20n));
    await waitFor(() => seen.length === 1 && feed.probes >= 2);
    expect(caughtUp).toBe(false);
    feed.probeAnswer = fromKurrentPosition({ commit: 70n, prepare: 70n });
    await sub.caughtUp;
    // The quiet feed's checkpoint moved up to the head the probe reached.
    expect(sub.checkpoint).toBe(fromKurrentPosition({ commit: 70n, prepare: 70n }));
    await sub.stop();
  });

  it('keeps following when an idle probe fails', async () => {
    const feed = new Feed();
    feed.probeAnswer = 'fail';
    const seen: string[] = [];
    const errors: unknown[] = [];
    const sub = kurrentSubscription(feed.source, plan(), { handler: async (events) => void seen.push(...types(events)), onError: (e) => void errors.push(e) }, settings);
    await waitFor(() => feed.probes >= 2);
    feed.push(resolved('After', 'x-1', 9n));
    await waitFor(() => seen.length === 1);
    expect(feed.opened).toHaveLength(1);
    expect(errors).toEqual([]);
    await sub.stop();
  });

  it('leaves KurrentDB system events out of the handled batches but moves past them', async () => {
    const feed = new Feed();
    const seen: string[] = [];
    const sub = kurrentSubscription(feed.source, plan(), { handler: async (events) => void seen.push(...types(events)) }, settings);
    await waitFor(() => feed.opened.length === 1);
    feed.push(resolved('$metadata', '$$x-1', 5n), resolved('Real', 'x-1', 6n), resolved('$statsCollected', '$stats-1', 7n));
    await waitFor(() => sub.checkpoint === fromKurrentPosition({ commit: 7n, prepare: 7n }));
    expect(seen).toEqual(['Real']);
    await sub.stop();
  });
});
