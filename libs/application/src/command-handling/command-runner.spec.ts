import { movementDecider, type MovementCommand } from '@laurel/domain';
import { InMemoryEventStore } from '@laurel/event-store';
import { SYSTEM_ACTOR } from '../bootstrap/bootstrap.service';
import type { AppendObserver, PlannedAppend } from './append-observer';
import { Clock } from './clock';
import { CommandRunner } from './command-runner';

/** Two runners on one store stand for two processes, each with its own cache of folded streams. */
describe('CommandRunner with a cached fold another process has moved past', () => {
  const store = new InMemoryEventStore();
  const here = new CommandRunner(store, new Clock());
  const elsewhere = new CommandRunner(store, new Clock());
  const stream = 'movement-m1';
  const run = (runner: CommandRunner, command: MovementCommand, ifMatch?: number) =>
    runner.run({
      stream,
      id: 'm1',
      decider: movementDecider,
      command,
      meta: { actor: SYSTEM_ACTOR, correlationId: 'c', ...(ifMatch !== undefined ? { ifMatch } : {}) },
      context: (_s, now) => ({ now, actor: SYSTEM_ACTOR }),
    });
  const draft: MovementCommand = {
    type: 'draftMovement',
    data: { movementId: 'm1', title: 'T', organizerUnitId: 'u', kind: 'regular', fields: ['f'], startsOn: '2030-01-01', endsOn: '2030-12-31', workflowId: 'w' },
  };

  it('decides again on the stream read up to date instead of refusing on the stale fold', async () => {
    await run(here, draft); // `here` now caches the draft
    await run(elsewhere, { type: 'launchMovement', data: {} });
    // On the cached draft, closing is TRANSITION_NOT_ALLOWED; on the stream as it is, it is allowed.
    await expect(run(here, { type: 'closeMovement', data: {} })).resolves.toMatchObject({ version: 3 });
  });

  it('still refuses when the stream has not moved, and answers a stale If-Match with a version conflict', async () => {
    await expect(run(here, { type: 'closeMovement', data: {} })).rejects.toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
    await run(elsewhere, { type: 'recordSummary', data: { kind: 'final', statistics: {} } });
    await expect(run(here, { type: 'launchMovement', data: {} }, 3)).rejects.toMatchObject({ code: 'WRONG_EXPECTED_VERSION' });
  });
});

describe('CommandRunner with an Idempotency-Key twin decided in another process', () => {
  it('keeps what the store kept, not its own twin, once the store answers the append as a replay', async () => {
    const store = new InMemoryEventStore();
    const clockAt = (now: string) => Object.assign(new Clock(), { now: () => now });
    const first = new CommandRunner(store, clockAt('2030-03-01T00:00:00.000Z'));
    const twin = new CommandRunner(store, clockAt('2030-03-02T00:00:00.000Z'));
    const stream = 'movement-m2';
    const run = (runner: CommandRunner, command: MovementCommand, idempotencyKey?: string) =>
      runner.run({
        stream,
        id: 'm2',
        decider: movementDecider,
        command,
        meta: { actor: SYSTEM_ACTOR, correlationId: 'c', ...(idempotencyKey ? { idempotencyKey } : {}) },
        context: (_s, now) => ({ now, actor: SYSTEM_ACTOR }),
      });
    await run(first, {
      type: 'draftMovement',
      data: { movementId: 'm2', title: 'T', organizerUnitId: 'u', kind: 'regular', fields: ['f'], startsOn: '2030-01-01', endsOn: '2030-12-31', workflowId: 'w' },
    });
    await run(first, { type: 'launchMovement', data: {} });
    await twin.current(stream, movementDecider); // both now hold version 2
    const summary: MovementCommand = { type: 'recordSummary', data: { kind: 'preliminary', statistics: {} } };
    await run(first, summary, 'key-1');
    await run(twin, summary, 'key-1'); // same event ids on the same version: the store keeps the first
    expect((await store.readStream(stream)).length).toBe(3);
    const seen = await twin.current(stream, movementDecider);
    expect(seen.state).toMatchObject({ summaries: [{ kind: 'preliminary', recordedAt: '2030-03-01T00:00:00.000Z' }] });
  });
});

describe('CommandRunner appends of keyed requests', () => {
  const draft: MovementCommand = {
    type: 'draftMovement',
    data: { movementId: 'm3', title: 'T', organizerUnitId: 'u', kind: 'regular', fields: ['f'], startsOn: '2030-01-01', endsOn: '2030-12-31', workflowId: 'w' },
  };
  const summary: MovementCommand = { type: 'recordSummary', data: { kind: 'preliminary', statistics: {} } };

  it('the same key in two scopes (two anonymous bodies) derives different event ids, so both are recorded', async () => {
    const store = new InMemoryEventStore();
    const runner = new CommandRunner(store, new Clock());
    const run = (command: MovementCommand, idempotencyScope?: string) =>
      runner.run({
        stream: 'movement-m3',
        id: 'm3',
        decider: movementDecider,
        command,
        meta: { actor: SYSTEM_ACTOR, correlationId: 'c', idempotencyKey: 'shared-key', ...(idempotencyScope ? { idempotencyScope } : {}) },
        context: (_s, now) => ({ now, actor: SYSTEM_ACTOR }),
      });
    await run(draft, 'scope-0');
    await run({ type: 'launchMovement', data: {} }, 'scope-0b');
    await run(summary, 'public\u0000fingerprint-1');
    await run(summary, 'public\u0000fingerprint-2');
    expect((await store.readStream('movement-m3')).map((e) => e.type)).toEqual(['MovementDrafted', 'MovementLaunched', 'SummaryRecorded', 'SummaryRecorded']);
  });

  it('tells the append observer of a keyed request the stream and event ids before the append, and nothing for an unkeyed one', async () => {
    const store = new InMemoryEventStore();
    const runner = new CommandRunner(store, new Clock());
    const seen: { phase: string; planned: PlannedAppend; stored: number }[] = [];
    const observer = {
      beforeAppend: async (planned: PlannedAppend) => void seen.push({ phase: 'before', planned, stored: (await store.readStream(planned.stream)).length }),
      afterAppend: async (planned: PlannedAppend) => void seen.push({ phase: 'after', planned, stored: (await store.readStream(planned.stream)).length }),
    };
    const spec = (appendObserver: AppendObserver, idempotencyKey?: string) => ({
      stream: 'movement-m3',
      id: 'm3',
      decider: movementDecider,
      command: draft,
      meta: { actor: SYSTEM_ACTOR, correlationId: 'c', appendObserver, ...(idempotencyKey ? { idempotencyKey } : {}) },
      context: (_s: unknown, now: string) => ({ now, actor: SYSTEM_ACTOR }),
    });
    await runner.run(spec(observer, 'k'));
    const ids = (await store.readStream('movement-m3')).map((e) => e.eventId);
    expect(seen).toEqual([
      { phase: 'before', planned: { stream: 'movement-m3', id: 'm3', command: 'draftMovement', eventIds: ids }, stored: 0 },
      { phase: 'after', planned: { stream: 'movement-m3', id: 'm3', command: 'draftMovement', eventIds: ids }, stored: 1 },
    ]);
    seen.length = 0;
    await runner.run({ ...spec(observer), stream: 'movement-m4', id: 'm4', command: { ...draft, data: { ...draft.data, movementId: 'm4' } } as MovementCommand });
    expect(seen).toEqual([]);
  });
});

/** A council (a member list) and a vote decided on it: the smallest command with reference data. */
type CouncilEvent = { type: 'MemberAdded'; data: { userId: string } };
const council = {
  initialState: (): { members: string[] } => ({ members: [] }),
  evolve: (state: { members: string[] }, event: CouncilEvent) => ({ members: [...state.members, event.data.userId] }),
  decide: (command: { type: 'addMember'; data: { userId: string } }): CouncilEvent[] => [{ type: 'MemberAdded', data: command.data }],
};
type VoteEvent = { type: 'Voted'; data: { userId: string; councilSize: number } };
const ballot = {
  initialState: (): { votes: number } => ({ votes: 0 }),
  evolve: (state: { votes: number }) => ({ votes: state.votes + 1 }),
  decide: (command: { type: 'vote'; data: { userId: string } }, _state: { votes: number }, context: { members: string[] }): VoteEvent[] => {
    if (!context.members.includes(command.data.userId)) throw Object.assign(new Error('not a member'), { code: 'FORBIDDEN' });
    return [{ type: 'Voted', data: { userId: command.data.userId, councilSize: context.members.length } }];
  },
};

describe('CommandRunner with reference streams served from its cache', () => {
  /** The store as seen by one process, counting its reads. */
  const counted = (store: InMemoryEventStore) => {
    const reads: string[] = [];
    const view = Object.create(store) as InMemoryEventStore & { reads: string[] };
    view.readStream = (stream, options) => {
      reads.push(stream);
      return store.readStream(stream, options);
    };
    return Object.assign(view, { reads });
  };
  const addMember = (runner: CommandRunner, userId: string) =>
    runner.run({ stream: 'council-c1', id: 'c1', decider: council, command: { type: 'addMember', data: { userId } }, meta: { actor: SYSTEM_ACTOR, correlationId: 'c' }, context: () => ({}) });
  const vote = (runner: CommandRunner, initiative: string, userId: string) =>
    runner.run({
      stream: `initiative-${initiative}`,
      id: initiative,
      decider: ballot,
      command: { type: 'vote', data: { userId } },
      meta: { actor: SYSTEM_ACTOR, correlationId: 'c' },
      context: async (_state, _now, read) => ({ members: (await read('council-c1', council)).state.members }),
    });

  it('decides without reading a cached reference stream, and the append carries it as a condition', async () => {
    const store = counted(new InMemoryEventStore());
    const runner = new CommandRunner(store, new Clock());
    const append = jest.spyOn(store, 'appendToStream');
    await addMember(runner, 'u1');
    await vote(runner, 'i1', 'u1'); // reads only its own new stream
    store.reads.length = 0;
    await vote(runner, 'i1', 'u1');
    expect(store.reads).toEqual([]);
    expect(append.mock.calls.at(-1)?.[2]).toEqual({ expectedVersion: 1, conditions: [{ stream: 'council-c1', version: 1 }] });
  });

  it('decides again on the reference stream caught up when another process moved it: the condition failed, nothing was written', async () => {
    const store = new InMemoryEventStore();
    const here = new CommandRunner(store, new Clock());
    const elsewhere = new CommandRunner(store, new Clock());
    await addMember(here, 'u1');
    await vote(here, 'i2', 'u1'); // `here` caches the council with one member
    await elsewhere.current('council-c1', council);
    await addMember(elsewhere, 'u2');
    await expect(vote(here, 'i2', 'u1')).resolves.toMatchObject({ version: 2 });
    const votes = await store.readStream('initiative-i2');
    expect(votes.map((e) => (e.data as VoteEvent['data']).councilSize)).toEqual([1, 2]);
  });

  it('checks a refusal decided on a cached reference stream against the stream read up to date', async () => {
    const store = new InMemoryEventStore();
    const here = new CommandRunner(store, new Clock());
    const elsewhere = new CommandRunner(store, new Clock());
    await addMember(here, 'u1');
    await vote(here, 'i3', 'u1');
    await elsewhere.current('council-c1', council);
    await addMember(elsewhere, 'u3'); // `here` has not seen u3 join
    await expect(vote(here, 'i3', 'u3')).resolves.toMatchObject({ version: 2 });
  });

  it('still refuses, after one catch-up read, when the reference stream has not moved', async () => {
    const store = counted(new InMemoryEventStore());
    const runner = new CommandRunner(store, new Clock());
    await addMember(runner, 'u1');
    await vote(runner, 'i4', 'u1');
    store.reads.length = 0;
    await expect(vote(runner, 'i4', 'u9')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(store.reads.sort()).toEqual(['council-c1', 'initiative-i4']);
  });

  it('reads the reference stream again after its own keyed append to it, which it could not fold in', async () => {
    const store = counted(new InMemoryEventStore());
    const runner = new CommandRunner(store, new Clock());
    const append = jest.spyOn(store, 'appendToStream');
    await addMember(runner, 'u1');
    await vote(runner, 'i5', 'u1');
    await runner.run({
      stream: 'council-c1',
      id: 'c1',
      decider: council,
      command: { type: 'addMember', data: { userId: 'u5' } },
      meta: { actor: SYSTEM_ACTOR, correlationId: 'c', idempotencyKey: 'k-5' },
      context: () => ({}),
    });
    store.reads.length = 0;
    await vote(runner, 'i5', 'u5');
    expect(store.reads).toEqual(['council-c1']);
    expect(append.mock.calls.at(-1)?.[2]).toEqual({ expectedVersion: 1, conditions: [{ stream: 'council-c1', version: 2 }] });
  });
});
