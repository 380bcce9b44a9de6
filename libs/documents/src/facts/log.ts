/**
 * The slice of a recorded event the documents read: what the log holds, nothing the API adds.
 * `position` is the event store's global position (32 hex digits); `eventId` is random, and
 * being part of every document's facts it keeps their hash from being guessed offline.
 */
export interface LogEvent {
  type: string;
  data: Record<string, unknown>;
  eventId: string;
  position: string;
  streamVersion: number;
  recordedAt: string;
}

/** The event a document is generated at. */
export interface Anchor {
  eventId: string;
  position: string;
}

export const anchorOf = (e: LogEvent): Anchor => ({ eventId: e.eventId, position: e.position });

/** Events up to and including a position: the log as it was when that event was recorded. */
export const upTo = (events: readonly LogEvent[], position: string): LogEvent[] => events.filter((e) => e.position <= position);

export interface Author {
  name: string;
  [key: string]: unknown;
}

/** What every document says about the initiative: from its registration and latest nomination. */
export interface InitiativeFacts {
  initiativeId: string;
  movementId: string;
  unitId: string;
  title: string;
  field: string;
  authors: string[];
  awardForm?: string;
  level?: string;
  councilId?: string;
}

export const initiativeFacts = (initiativeId: string, events: readonly LogEvent[]): InitiativeFacts | undefined => {
  const registered = events.find((e) => e.type === 'InitiativeRegistered');
  if (!registered) return undefined;
  const d = registered.data as { movementId: string; unitId: string; title: string; field: string; authors: Author[] };
  const facts: InitiativeFacts = { initiativeId, movementId: d.movementId, unitId: d.unitId, title: d.title, field: d.field, authors: d.authors.map((a) => a.name) };
  for (const e of events) {
    if (e.type === 'InitiativeNominated') {
      const n = e.data as { awardForm: string; level: string; councilId?: string };
      Object.assign(facts, { awardForm: n.awardForm, level: n.level, ...(n.councilId ? { councilId: n.councilId } : {}) });
    } else if (e.type === 'InitiativeEscalated') {
      const x = e.data as { toLevel: string; councilId: string };
      Object.assign(facts, { level: x.toLevel, councilId: x.councilId });
    }
  }
  return facts;
};
