import { ANY, NO_STREAM, STREAM_EXISTS, WrongExpectedVersionError } from '@kurrent/kurrentdb-client';
// The client's own decoder of events read from the server, so the round trip goes through its parsing.
import { convertRustRecord } from '@kurrent/kurrentdb-client/dist/utils/convertRustEvent';
import { InvalidEvent, WrongExpectedVersion } from '../errors';
import type { EventMetadata, NewEvent } from '../event-store.port';
import { isWrongExpectedVersion, toEventData, toMetadata, toRecordedEvent, toStreamState, toStreamVersion, toWrongExpectedVersion, validateForKurrent } from './mapping';
import { fromKurrentPosition } from './positions';

describe('expected version as KurrentDB stream state', () => {
  it.each([
    ['any', ANY],
    ['no_stream', NO_STREAM],
    ['stream_exists', STREAM_EXISTS],
    [0, NO_STREAM],
    [1, 0n],
    [2, 1n],
    [1000, 999n],
  ] as const)('maps %p to %p (versions count events from 1, revisions from 0)', (expected, state) => {
    expect(toStreamState(expected)).toBe(state);
  });

  it('reads the current stream state back as the port version: its event count', () => {
    expect(toStreamVersion(NO_STREAM)).toBe(0);
    expect(toStreamVersion(0n)).toBe(1);
    expect(toStreamVersion(41n)).toBe(42);
  });
});

describe('KurrentDB errors as the port errors', () => {
  it('maps WrongExpectedVersionError to WrongExpectedVersion with the caller expectation and the actual version', () => {
    const error = new WrongExpectedVersionError(undefined, { streamName: 'initiative-1', expected: 1n, current: 4n });
    expect(isWrongExpectedVersion(error)).toBe(true);
    const mapped = toWrongExpectedVersion(error, 'initiative-1', 2);
    expect(mapped).toBeInstanceOf(WrongExpectedVersion);
    expect(mapped).toMatchObject({ code: 'WRONG_EXPECTED_VERSION', stream: 'initiative-1', expected: 2, actual: 5 });
  });

  it('maps a conflict on a missing stream to actual version 0', () => {
    const error = new WrongExpectedVersionError(undefined, { streamName: 's', expected: STREAM_EXISTS, current: NO_STREAM });
    expect(toWrongExpectedVersion(error, 's', 'stream_exists')).toMatchObject({ expected: 'stream_exists', actual: 0 });
  });

  it('does not take other errors for a version conflict', () => {
    expect(isWrongExpectedVersion(new Error('wrong expected version'))).toBe(false);
  });
});

describe('events and metadata', () => {
  const metadata: EventMetadata = {
    actor: { id: 'u1', role: 'secretary,reviewer', unitId: 'unit-7' },
    correlationId: 'c1',
    causationId: 'c0',
    occurredAt: '2026-12-01T09:00:00.000Z',
    workflowDefinitionId: 'wf',
    workflowDefinitionVersion: 3,
    schemaVersion: 1,
    idempotencyKey: 'k-1',
    command: 'RegisterInitiative',
  };
  const event: NewEvent = { eventId: '0B6F7F5C-7F22-4A0D-9F3B-5A1D2C3E4F50', type: 'InitiativeRegistered', data: { title: 'Ü', nested: { list: [1, 2] } }, metadata };

  it('writes JSON data, the lower-cased event id, and the port metadata as the event metadata', () => {
    expect(toEventData(event)).toEqual({
      id: '0b6f7f5c-7f22-4a0d-9f3b-5a1d2c3e4f50',
      contentType: 'application/json',
      type: 'InitiativeRegistered',
      data: event.data,
      metadata,
    });
  });

  it('round-trips data and metadata through the bytes the client sends and the client decoder', () => {
    const sent = toEventData(event) as { data: unknown; metadata: unknown; id: string; type: string };
    const received = convertRustRecord({
      type: sent.type,
      streamId: 'initiative-9',
      id: sent.id,
      created: Date.parse('2026-12-01T09:00:01.000Z'),
      revision: 2n,
      isJson: true,
      // What the client puts on the wire for JSON events: UTF-8 JSON of data and of metadata.
      data: Buffer.from(JSON.stringify(sent.data), 'utf8'),
      metadata: Buffer.from(JSON.stringify(sent.metadata), 'utf8'),
      position: { commit: 500n, prepare: 480n },
    } as unknown as Parameters<typeof convertRustRecord>[0]);
    const recorded = toRecordedEvent({ event: received });
    expect(recorded).toEqual({
      eventId: '0b6f7f5c-7f22-4a0d-9f3b-5a1d2c3e4f50',
      type: 'InitiativeRegistered',
      data: event.data,
      metadata,
      streamName: 'initiative-9',
      streamVersion: 3,
      position: fromKurrentPosition({ commit: 500n, prepare: 480n }),
      recordedAt: '2026-12-01T09:00:01.000Z',
    });
  });

  it('reads absent or non-object metadata as empty port metadata', () => {
    expect(toMetadata(undefined)).toEqual({});
    expect(toMetadata(new Uint8Array([1, 2]))).toEqual({});
    expect(toMetadata(['a'])).toEqual({});
    expect(toMetadata({ correlationId: 'x' })).toEqual({ correlationId: 'x' });
  });

  it('leaves out what the port never shows: unresolved links and binary events', () => {
    expect(toRecordedEvent({})).toBeUndefined();
    const binary = { streamId: 's', id: 'x', revision: 0n, type: 'B', created: new Date(), data: new Uint8Array(), metadata: undefined, isJson: false as const, position: { commit: 1n, prepare: 1n } };
    expect(toRecordedEvent({ event: binary })).toBeUndefined();
  });

  it('refuses an event without a log position (servers before 22.6) instead of inventing one', () => {
    const old = { streamId: 's', id: 'x', revision: 0n, type: 'A', created: new Date(), data: {}, metadata: undefined, isJson: true as const };
    expect(() => toRecordedEvent({ event: old })).toThrow(/log position/);
  });
});

describe('names KurrentDB keeps for itself', () => {
  const ok: NewEvent = { eventId: '0b6f7f5c-7f22-4a0d-9f3b-5a1d2c3e4f50', type: 'A', data: {} };
  it('refuses $ streams, $ event types and the adapter claim category with InvalidEvent', () => {
    expect(() => validateForKurrent('$stats-1', [ok], 'laurel_event_id')).toThrow(InvalidEvent);
    expect(() => validateForKurrent('initiative-1', [{ ...ok, type: '$metadata' }], 'laurel_event_id')).toThrow(InvalidEvent);
    expect(() => validateForKurrent('laurel_event_id-x', [ok], 'laurel_event_id')).toThrow(InvalidEvent);
    expect(() => validateForKurrent('initiative-1', [ok], 'laurel_event_id')).not.toThrow();
  });
});
