import type { Author, InitiativeEvent } from '@laurel/domain';
import type { RecordedEvent } from '@laurel/event-store';

/** One row of the initiatives read model: what lists, statistics and the public pages need. */
export interface InitiativeSummary {
  initiative_id: string;
  /** The stream version last applied: an event at or below it has been applied already. */
  version: number;
  movement_id: string;
  unit_id: string;
  unit_name: string | null;
  /** The recognition level once nominated (or escalated); before that, the registering unit's. */
  level: string | null;
  field: string;
  /** The workflow stage, from StageChanged only. */
  status: string;
  year: number;
  title: string;
  summary: string;
  authors: Author[];
  definition_id: string;
  definition_version: number;
  council_id: string | null;
  award_form: string | null;
  registered_at: string;
  /** Global position of the registration: the list's order and cursor. */
  registered_position: string;
  nominated_at: string | null;
  recommended_at: string | null;
  awarded_at: string | null;
  published_at: string | null;
  replicated_at: string | null;
  revoked_at: string | null;
  withdrawn_at: string | null;
  adopting_unit_ids: string[];
  adopting_units: number;
  consultation_id: string | null;
  consultation_opens_at: string | null;
  consultation_closes_at: string | null;
  publication_channel: string | null;
  publication_url: string | null;
  updated_at: string;
}

export interface UnitInfo {
  name: string;
  level: string;
}

/** Stages whose first visit the funnel counts, and the column remembering it. */
const MILESTONES = {
  nominated: 'nominated_at',
  recommended: 'recommended_at',
  awarded: 'awarded_at',
  published: 'published_at',
  revoked: 'revoked_at',
  withdrawn: 'withdrawn_at',
} as const satisfies Record<string, keyof InitiativeSummary>;

/**
 * Folds one initiative event into its summary row. Pure; the projection skips events at or below
 * the row's version before calling it, which is what makes replaying harmless.
 */
export function evolveSummary(row: InitiativeSummary | undefined, recorded: RecordedEvent, unit: (unitId: string) => UnitInfo | undefined): InitiativeSummary | undefined {
  const event = { type: recorded.type, data: recorded.data } as InitiativeEvent;
  if (event.type === 'InitiativeRegistered') {
    if (row) return row;
    const d = event.data;
    const info = unit(d.unitId);
    return {
      initiative_id: d.initiativeId,
      version: recorded.streamVersion,
      movement_id: d.movementId,
      unit_id: d.unitId,
      unit_name: info?.name ?? null,
      level: info?.level ?? null,
      field: d.field,
      status: 'registered',
      year: new Date(d.registeredAt).getUTCFullYear(),
      title: d.title,
      summary: d.summary,
      authors: d.authors,
      definition_id: d.definitionId,
      definition_version: d.definitionVersion,
      council_id: null,
      award_form: null,
      registered_at: d.registeredAt,
      registered_position: recorded.position,
      nominated_at: null,
      recommended_at: null,
      awarded_at: null,
      published_at: null,
      replicated_at: null,
      revoked_at: null,
      withdrawn_at: null,
      adopting_unit_ids: [],
      adopting_units: 0,
      consultation_id: null,
      consultation_opens_at: null,
      consultation_closes_at: null,
      publication_channel: null,
      publication_url: null,
      updated_at: d.registeredAt,
    };
  }
  if (!row) return undefined;
  const next: InitiativeSummary = { ...row, version: recorded.streamVersion, updated_at: occurredAt(recorded) };
  switch (event.type) {
    case 'StageChanged': {
      next.status = event.data.to;
      next.updated_at = event.data.at;
      for (const stage of [...event.data.through, event.data.to]) {
        const column = MILESTONES[stage as keyof typeof MILESTONES];
        if (column && next[column] === null) next[column] = event.data.at;
      }
      return next;
    }
    case 'InitiativeNominated':
      return { ...next, level: event.data.level, council_id: event.data.councilId ?? null, award_form: event.data.awardForm, definition_id: event.data.definitionId, definition_version: event.data.definitionVersion };
    case 'InitiativeEscalated':
      return { ...next, level: event.data.toLevel, council_id: event.data.councilId, definition_id: event.data.definitionId, definition_version: event.data.definitionVersion };
    case 'AwardGranted':
      return { ...next, level: event.data.level, award_form: event.data.awardForm };
    case 'ConsultationOpened':
      return { ...next, consultation_id: event.data.consultationId, consultation_opens_at: event.data.opensAt, consultation_closes_at: event.data.closesAt };
    case 'InitiativePublished':
      return { ...next, publication_channel: event.data.channel, publication_url: event.data.url ?? null };
    case 'ReplicationReported': {
      const adopters = next.adopting_unit_ids.includes(event.data.adoptingUnitId) ? next.adopting_unit_ids : [...next.adopting_unit_ids, event.data.adoptingUnitId];
      return { ...next, adopting_unit_ids: adopters, adopting_units: adopters.length, replicated_at: next.replicated_at ?? event.data.reportedAt };
    }
    default:
      return next;
  }
}

/** When it happened in the domain (the command's clock), else when it was stored. */
export function occurredAt(recorded: RecordedEvent): string {
  const at = recorded.metadata?.occurredAt;
  return typeof at === 'string' ? at : recorded.recordedAt;
}
