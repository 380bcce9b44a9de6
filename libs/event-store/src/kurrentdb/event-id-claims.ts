import { randomUUID } from 'node:crypto';
import { FORWARDS, jsonEvent, NO_STREAM, StreamNotFoundError, type KurrentDBClient } from '@kurrent/kurrentdb-client';
import { DuplicateEventId } from '../errors';
import { isWrongExpectedVersion } from './mapping';

/** Streams `<category>-<event id>`: the category is reserved, refused as a stream of the port. */
export const CLAIM_CATEGORY = 'laurel_event_id';
/** A `$` type: KurrentDB's excludeSystemEvents filter and every port read leave claims out. */
export const CLAIM_EVENT_TYPE = '$laurel-event-id-claimed';

/** At most this many claims are written at once for one append. */
const CLAIM_CONCURRENCY = 32;

export function claimStream(eventId: string): string {
  return `${CLAIM_CATEGORY}-${eventId.toLowerCase()}`;
}

/**
 * KurrentDB has no unique index on event ids: it deduplicates a retry only within one stream and only
 * while it remembers the write. The port promises more: an id is stored once, anywhere. So every event
 * id is first claimed for its stream by appending to the id's own claim stream with `NO_STREAM`, which
 * exactly one writer can win.
 *
 * Returns true when every id was claimed now (new ids: nothing to look up), false when some were
 * claimed before for this same stream (a retry: the caller checks the stream). An id claimed for
 * another stream is a `DuplicateEventId`; nothing is appended to the stream then.
 */
export async function claimEventIds(client: KurrentDBClient, stream: string, eventIds: readonly string[]): Promise<boolean> {
  let allNew = true;
  for (let i = 0; i < eventIds.length; i += CLAIM_CONCURRENCY) {
    const outcomes = await Promise.all(eventIds.slice(i, i + CLAIM_CONCURRENCY).map((id) => claimOne(client, stream, id)));
    if (outcomes.includes('claimed-before')) allNew = false;
  }
  return allNew;
}

async function claimOne(client: KurrentDBClient, stream: string, eventId: string): Promise<'claimed-now' | 'claimed-before'> {
  try {
    await client.appendToStream(claimStream(eventId), jsonEvent({ id: randomUUID(), type: CLAIM_EVENT_TYPE, data: { stream } }), { streamState: NO_STREAM });
    return 'claimed-now';
  } catch (error) {
    if (!isWrongExpectedVersion(error)) throw error;
  }
  const owner = await claimOwner(client, eventId);
  if (owner !== stream) throw new DuplicateEventId(eventId, owner ?? '?');
  return 'claimed-before';
}

/** The stream an event id was claimed for: the data of the claim stream's first event. */
export async function claimOwner(client: KurrentDBClient, eventId: string): Promise<string | undefined> {
  try {
    for await (const resolved of client.readStream(claimStream(eventId), { direction: FORWARDS, maxCount: 1 })) {
      const data = resolved.event?.data as { stream?: unknown } | undefined;
      return typeof data?.stream === 'string' ? data.stream : undefined;
    }
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return undefined;
}
