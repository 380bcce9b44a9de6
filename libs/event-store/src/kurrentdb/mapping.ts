import {
  ANY,
  jsonEvent,
  NO_STREAM,
  STREAM_EXISTS,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendStreamState,
  type CurrentStreamState,
  type EventData,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import type { EventMetadata, ExpectedVersion, NewEvent, RecordedEvent } from '../event-store.port';
import { InvalidEvent, WrongExpectedVersion } from '../errors';
import { fromKurrentPosition } from './positions';

/**
 * The port's expected version as KurrentDB's stream state. The port counts events (version n = n events,
 * the first event is version 1); KurrentDB numbers revisions from 0. Version 0 means "no events yet",
 * which on KurrentDB is `NO_STREAM`.
 */
export function toStreamState(expected: ExpectedVersion): AppendStreamState {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return expected === 0 ? NO_STREAM : BigInt(expected - 1);
  }
}

/** The port's stream version for KurrentDB's current state: its event count. */
export function toStreamVersion(state: CurrentStreamState): number {
  return state === NO_STREAM ? 0 : Number(state) + 1;
}

/** KurrentDB's conflict as the port's `WrongExpectedVersion`, with the caller's expectation and the actual version. */
export function toWrongExpectedVersion(error: WrongExpectedVersionError, stream: string, expected: ExpectedVersion): WrongExpectedVersion {
  return new WrongExpectedVersion(stream, expected, toStreamVersion(error.actualState));
}

export function isWrongExpectedVersion(error: unknown): error is WrongExpectedVersionError {
  return error instanceof WrongExpectedVersionError;
}

/** The event as KurrentDB event data: JSON data, and the port's metadata as the event's JSON metadata. */
export function toEventData(event: NewEvent): EventData {
  return jsonEvent({
    id: event.eventId.toLowerCase(),
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: (event.metadata ?? {}) as Record<string, unknown>,
  });
}

/** A recorded KurrentDB event as the port's RecordedEvent; undefined for what the port never shows (unresolved links, non-JSON events). */
export function toRecordedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || !event.isJson) return undefined;
  if (!event.position) throw new Error('KurrentDB returned an event without its log position: the adapter needs KurrentDB (or EventStoreDB 22.6 or later)');
  return {
    eventId: event.id,
    type: event.type,
    data: event.data,
    metadata: toMetadata(event.metadata),
    streamName: event.streamId,
    streamVersion: Number(event.revision) + 1,
    position: fromKurrentPosition(event.position),
    recordedAt: event.created.toISOString(),
  };
}

/** Metadata comes back parsed when it is JSON; anything else (absent, binary, a JSON array) is no port metadata. */
export function toMetadata(metadata: unknown): EventMetadata {
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata) || metadata instanceof Uint8Array) return {};
  return metadata as EventMetadata;
}

/** Stream names and event types starting with `$` are KurrentDB's own (system streams, `$metadata`, links). */
export function validateForKurrent(stream: string, events: readonly NewEvent[], reservedCategory: string): void {
  if (stream.startsWith('$')) throw new InvalidEvent('stream names starting with $ are reserved by KurrentDB');
  if (stream === reservedCategory || stream.startsWith(`${reservedCategory}-`)) {
    throw new InvalidEvent(`the stream category ${reservedCategory} is reserved by the KurrentDB adapter`);
  }
  for (const event of events) {
    if (event.type.startsWith('$')) throw new InvalidEvent('event types starting with $ are reserved by KurrentDB');
  }
}
