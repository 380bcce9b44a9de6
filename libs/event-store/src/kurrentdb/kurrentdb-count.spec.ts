import { BACKWARDS, type AllStreamResolvedEvent, type KurrentDBClient, type Position as KurrentPosition, type ReadAllOptions } from '@kurrent/kurrentdb-client';
import { START } from '../position';
import { CLAIM_EVENT_TYPE, claimStream } from './event-id-claims';
import { KurrentDbEventStore } from './kurrentdb-event-store';
import { fromKurrentPosition } from './positions';

/**
 * `countAll` reads `$all` page by page through the client's `readAll`. The client's `readAll` is played
 * here by a function over a list of records that honours what the adapter asks of it (direction,
 * inclusive from-position, maxCount, the server-side filter's regex), so the adapter's paging, filter
 * re-check and limit run without a server. It is not a server: the contract suite runs against a real
 * one (`npm run test:kurrentdb`).
 */
function clientOver(records: AllStreamResolvedEvent[], reads: ReadAllOptions[]): KurrentDBClient {
  const after = (a: KurrentPosition, b: KurrentPosition) => a.commit > b.commit || (a.commit === b.commit && a.prepare >= b.prepare);
  const readAll = (options: ReadAllOptions = {}) => {
    reads.push(options);
    const filter = options.filter as { filterOn: 'streamName' | 'eventType'; regex: string } | undefined;
    const regex = filter ? new RegExp(filter.regex) : undefined;
    const matches = (r: AllStreamResolvedEvent) => !regex || regex.test(filter?.filterOn === 'streamName' ? (r.event?.streamId ?? '') : (r.event?.type ?? ''));
    const from = options.fromPosition;
    let list = options.direction === BACKWARDS ? [...records].reverse() : records;
    if (typeof from === 'object') list = list.filter((r) => r.event?.position && after(r.event.position, from));
    const out = list.filter(matches).slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER));
    return (async function* () {
      yield* out;
    })();
  };
  return { readAll } as unknown as KurrentDBClient;
}

let commit = 100n;
function record(type: string, streamId: string): AllStreamResolvedEvent {
  commit += 10n;
  const position = { commit, prepare: commit };
  const id = `00000000-0000-4000-8000-${commit.toString().padStart(12, '0')}`;
  return { event: { streamId, id, revision: 0n, type, created: new Date(), data: {}, metadata: {}, isJson: true, position } };
}

describe('KurrentDB countAll: the filtered feed read and counted', () => {
  const records = [
    record('$metadata', '$$initiative-1'),
    record('Registered', 'initiative-1'),
    record(CLAIM_EVENT_TYPE, claimStream('0b6f7f5c-7f22-4a0d-9f3b-5a1d2c3e4f50')),
    record('Noted', 'unit-1'),
    record('Nominated', 'initiative-1'),
    record('Registered', 'initiative-2'),
    record('Registered', 'initiatives-3'),
  ];
  const reads: ReadAllOptions[] = [];
  let store: KurrentDbEventStore;
  beforeAll(async () => (store = await KurrentDbEventStore.connect({ client: clientOver(records, reads) })));
  afterAll(() => store.close());
  beforeEach(() => (reads.length = 0));

  it('counts what readAll would hand over, leaving out KurrentDB events and the id claims', async () => {
    expect(await store.countAll()).toBe(5);
    expect((await store.readAll({ batchSize: 100 })).events).toHaveLength(5);
  });

  it('filters categories on the server and types in the client, as readAll does', async () => {
    expect(await store.countAll({ filter: { categories: ['initiative'] } })).toBe(3);
    expect(await store.countAll({ filter: { categories: ['initiative'], types: ['Registered'] } })).toBe(2);
    expect(await store.countAll({ filter: { types: ['Registered'] } })).toBe(3);
    expect(reads.filter((r) => r.direction !== BACKWARDS).every((r) => r.filter !== undefined)).toBe(true);
  });

  it('counts after a checkpoint (exclusive), and nothing after the head', async () => {
    const second = fromKurrentPosition(records[1].event!.position!);
    expect(await store.countAll({ after: second, filter: { categories: ['initiative'] } })).toBe(2);
    expect(await store.countAll({ after: await store.headPosition() })).toBe(0);
    expect(await store.countAll({ after: START, filter: { types: [] } })).toBe(0);
  });

  it('stops at the limit, reading no further than it needs', async () => {
    expect(await store.countAll({ limit: 2 })).toBe(2);
    const forwards = reads.filter((r) => r.direction !== BACKWARDS);
    expect(forwards).toHaveLength(1);
    expect(Number(forwards[0].maxCount)).toBe(3);
    expect(await store.countAll({ limit: 0 })).toBe(0);
  });
});
