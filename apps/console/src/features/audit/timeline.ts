import type { HistoryEntry } from './api';

/*
 * Pure functions of the decision timeline: which version was current at an instant, the compact
 * view, the rule an entry applied, and wall-clock times in the viewer's time zone.
 */

/** Events that decide something (a person's decision on the dossier); with StageChanged they form the compact view. */
export const DECISION_TYPES: ReadonlySet<string> = new Set([
  'InitiativeRegistered',
  'InitiativeNominated',
  'DossierAccepted',
  'DossierReturned',
  'ReviewClosed',
  'ObjectionResolved',
  'ConsultationClosed',
  'AwardGranted',
  'AwardDeclined',
  'AwardRevoked',
  'InitiativePublished',
  'InitiativeEscalated',
  'InitiativeWithdrawn',
]);

export const isStageChange = (e: Pick<HistoryEntry, 'type'>): boolean => e.type === 'StageChanged';
export const isDecision = (e: Pick<HistoryEntry, 'type'>): boolean => DECISION_TYPES.has(e.type);

/** The compact view: decisions and stage changes only, in order. */
export function compactTimeline<E extends Pick<HistoryEntry, 'type'>>(events: readonly E[]): E[] {
  return events.filter((e) => isDecision(e) || isStageChange(e));
}

/**
 * The stream version current at instant `t` (epoch ms): the last event recorded at or before it
 * (the API's `?asOf=` counts events "recorded up to and including it"); 0 before the first event.
 * Events need not be sorted; versions are the stream's.
 */
export function versionAt(events: readonly Pick<HistoryEntry, 'version' | 'recordedAt'>[], t: number): number {
  let version = 0;
  for (const e of events) {
    const at = Date.parse(e.recordedAt);
    if (!Number.isNaN(at) && at <= t && e.version > version) version = e.version;
  }
  return version;
}

/** When a version became current (the instant its event was recorded), or null for version 0 / unknown. */
export function instantOfVersion(events: readonly Pick<HistoryEntry, 'version' | 'recordedAt'>[], version: number): string | null {
  return events.find((e) => e.version === version)?.recordedAt ?? null;
}

/** The stage an initiative stood in at `version`: the `to` of the last StageChanged up to it. */
export function stageAt(events: readonly Pick<HistoryEntry, 'version' | 'type' | 'data'>[], version: number): string | null {
  let stage: string | null = null;
  for (const e of [...events].sort((a, b) => a.version - b.version)) {
    if (e.version > version) break;
    if (isStageChange(e) && typeof e.data.to === 'string') stage = e.data.to;
  }
  return stage;
}

interface AppliedRuleLike {
  definitionId?: string;
  definitionVersion?: number;
  quorum?: { fraction?: string; base?: string };
  approval?: { fraction?: string; base?: string; comparison?: string };
  secretBallot?: boolean;
}

/**
 * The rule an entry applied, in short: a closed review's quorum and approval rule as recorded,
 * or the transition a stage change followed (command → outcome).
 */
export function ruleOf(e: Pick<HistoryEntry, 'type' | 'data' | 'command'>): string | null {
  const rule = e.data.rule as AppliedRuleLike | undefined;
  if (rule && typeof rule === 'object') {
    const parts: string[] = [];
    if (rule.quorum?.fraction) parts.push(`quorum ${rule.quorum.fraction} ${rule.quorum.base ?? ''}`.trim());
    if (rule.approval?.fraction) parts.push(`approval ${rule.approval.comparison ?? ''} ${rule.approval.fraction} ${rule.approval.base ?? ''}`.replace(/\s+/g, ' ').trim());
    if (rule.secretBallot) parts.push('secret ballot');
    return parts.join('; ') || null;
  }
  if (isStageChange(e)) {
    const via = typeof e.data.via === 'string' ? e.data.via : e.command;
    const outcome = typeof e.data.outcome === 'string' ? ` → ${e.data.outcome}` : '';
    return via ? `${via}${outcome}` : null;
  }
  return null;
}

/** The definition version an entry was decided under: its metadata's, else the data's. */
export function definitionOf(e: Pick<HistoryEntry, 'definition' | 'data'>): string | null {
  if (e.definition?.id) return `${e.definition.id}@${e.definition.version ?? '?'}`;
  const { definitionId, definitionVersion } = e.data;
  return typeof definitionId === 'string' ? `${definitionId}@${String(definitionVersion ?? '?')}` : null;
}

const WALL = new Map<string, Intl.DateTimeFormat>();
function wallFormat(timeZone: string): Intl.DateTimeFormat {
  let f = WALL.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    WALL.set(timeZone, f);
  }
  return f;
}

/** An instant as the wall clock of `timeZone` shows it: `YYYY-MM-DDTHH:mm:ss` (a datetime-local input's value). */
export function toWallTime(t: number | string, timeZone: string): string {
  const parts = Object.fromEntries(wallFormat(timeZone).formatToParts(new Date(t)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

/** A wall-clock time of `timeZone` (`YYYY-MM-DDTHH:mm[:ss[.sss]]`, as datetime-local inputs give it) as an instant (epoch ms); NaN if malformed. */
export function fromWallTime(wall: string, timeZone: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(wall);
  if (!m) return Number.NaN;
  const asUtc = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0), +(m[7] ?? '0').padEnd(3, '0'));
  // The zone's offset at the guess, applied twice so a change of offset (DST) between them settles.
  let t = asUtc;
  const ms = asUtc % 1000;
  for (let i = 0; i < 2; i++) t = asUtc - (Date.parse(`${toWallTime(t, timeZone)}Z`) + ms - t);
  return t;
}

const PRECISE = new Map<string, Intl.DateTimeFormat>();

/** An instant to the second in the viewer's language and time zone, the zone named (an audit trail needs seconds). */
export function formatPrecise(iso: string | null | undefined, language: string, timeZone: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const key = `${language}|${timeZone}`;
  let f = PRECISE.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'vi-VN', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone, timeZoneName: 'short' });
    PRECISE.set(key, f);
  }
  return f.format(date);
}
