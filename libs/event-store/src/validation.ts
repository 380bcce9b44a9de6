import type { AppendCondition, ExpectedVersion, NewEvent, EventFilter } from './event-store.port';
import { InvalidEvent } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function validateAppend(stream: string, events: readonly NewEvent[], expected: ExpectedVersion, conditions: readonly AppendCondition[] = []): void {
  if (!validStreamName(stream)) throw new InvalidEvent('stream name must be 1 to 200 characters');
  const conditioned = new Set<string>();
  for (const condition of conditions) {
    if (!validStreamName(condition.stream)) throw new InvalidEvent('a condition\'s stream name must be 1 to 200 characters');
    if (!Number.isSafeInteger(condition.version) || condition.version < 0) throw new InvalidEvent(`a condition's version must be a non-negative integer, got ${condition.version}`);
    if (condition.stream === stream) throw new InvalidEvent(`a condition names the appended stream ${stream}: its expected version says where it must be`);
    if (conditioned.has(condition.stream)) throw new InvalidEvent(`stream ${condition.stream} is named by two conditions`);
    conditioned.add(condition.stream);
  }
  if (typeof expected === 'number' && (!Number.isSafeInteger(expected) || expected < 0)) {
    throw new InvalidEvent(`expected version must be a non-negative integer, got ${expected}`);
  }
  if (events.length === 0) throw new InvalidEvent('an append needs at least one event');
  const ids = new Set<string>();
  for (const event of events) {
    if (!UUID.test(event.eventId)) throw new InvalidEvent(`event id must be a UUID, got ${JSON.stringify(event.eventId)}`);
    if (ids.has(event.eventId.toLowerCase())) throw new InvalidEvent(`event id ${event.eventId} appears twice in one append`);
    ids.add(event.eventId.toLowerCase());
    if (typeof event.type !== 'string' || event.type.length === 0 || event.type.length > 200) {
      throw new InvalidEvent('event type must be 1 to 200 characters');
    }
    if (event.data === null || typeof event.data !== 'object') throw new InvalidEvent(`event ${event.type}: data must be a JSON object`);
  }
}

function validStreamName(stream: unknown): boolean {
  return typeof stream === 'string' && stream.length > 0 && stream.length <= 200;
}

/** The category of a stream: its name up to the first `-` (`initiative-42` → `initiative`). */
export function categoryOf(stream: string): string {
  const dash = stream.indexOf('-');
  return dash === -1 ? stream : stream.slice(0, dash);
}

export function matchesFilter(filter: EventFilter | undefined, type: string, stream: string): boolean {
  if (!filter) return true;
  if (filter.types && !filter.types.includes(type)) return false;
  if (filter.categories && !filter.categories.includes(categoryOf(stream))) return false;
  return true;
}

export function versionMatches(expected: ExpectedVersion, current: number | undefined): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === undefined;
    case 'stream_exists':
      return current !== undefined;
    default:
      return (current ?? 0) === expected;
  }
}
