import type { PlannedAppend } from '@laurel/application';
import type { EventStore, RecordedEvent } from '@laurel/event-store';

/**
 * Commands whose response names something the command created besides the aggregate: the field,
 * read back from the data of the events the command appended.
 */
const RESPONSE_FIELDS: Readonly<Record<string, string>> = {
  fileObjection: 'objectionId',
  openConsultation: 'consultationId',
  openReview: 'reviewId',
  closeReview: 'reviewId',
  reportProgress: 'reportId',
  reportReplication: 'replicationId',
};

/**
 * The response the first request of a key would have given, rebuilt from the events it appended
 * (looked up by their ids, which derive from the key): undefined when none was written.
 */
export async function responseFromStore(store: EventStore, planned: PlannedAppend): Promise<Record<string, unknown> | undefined> {
  const ids = new Set(planned.eventIds);
  const ours = (await store.readStream(planned.stream)).filter((e) => ids.has(e.eventId));
  if (ours.length === 0) return undefined;
  const last = ours[ours.length - 1];
  const field = RESPONSE_FIELDS[planned.command];
  const value = field === undefined ? undefined : fieldOf(ours, field);
  return { id: planned.id, version: last.streamVersion, position: last.position, ...(value !== undefined ? { [field]: value } : {}) };
}

function fieldOf(events: readonly RecordedEvent[], field: string): unknown {
  for (const event of events) {
    const data = event.data as Record<string, unknown> | null;
    if (data && typeof data === 'object' && data[field] !== undefined) return data[field];
  }
  return undefined;
}
