import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from './api';
import { compactTimeline, fromWallTime, instantOfVersion, ruleOf, stageAt, toWallTime, versionAt } from './timeline';

const entry = (version: number, type: string, recordedAt: string, data: Record<string, unknown> = {}): HistoryEntry => ({
  version,
  position: String(version).padStart(32, '0'),
  type,
  recordedAt,
  occurredAt: recordedAt,
  actor: { id: 'u', role: 'secretary', unitId: 'hanoi' },
  command: null,
  definition: { id: 'initiative-recognition', version: 1 },
  reason: null,
  data,
});

const events = [
  entry(1, 'InitiativeRegistered', '2026-03-01T08:00:00.000Z'),
  entry(2, 'StageChanged', '2026-03-01T08:00:00.000Z', { from: null, to: 'registered', via: 'register' }),
  entry(3, 'ProgressReported', '2026-03-05T08:00:00.000Z'),
  entry(4, 'ReviewClosed', '2026-04-01T10:00:00.000Z', { rule: { quorum: { fraction: '2/3', base: 'all_members' }, approval: { fraction: '1/2', base: 'members_present', comparison: 'more_than' }, secretBallot: true } }),
  entry(5, 'StageChanged', '2026-04-01T10:00:00.000Z', { from: 'registered', to: 'recommended', via: 'closeReview', outcome: 'recommended' }),
  entry(6, 'BallotCast', '2026-04-02T10:00:00.000Z'),
  entry(7, 'AwardGranted', '2026-05-20T09:30:00.000Z'),
  entry(8, 'StageChanged', '2026-05-20T09:30:00.000Z', { from: 'recommended', to: 'awarded', via: 'grantAward' }),
];

describe('the time picker folds "which version is current at time t"', () => {
  it('is 0 before the first event', () => {
    expect(versionAt(events, Date.parse('2026-02-28T23:59:59Z'))).toBe(0);
  });
  it('counts an event recorded exactly at t (as ?asOf= does), with every event of that instant', () => {
    expect(versionAt(events, Date.parse('2026-03-01T08:00:00.000Z'))).toBe(2);
    expect(versionAt(events, Date.parse('2026-05-20T09:30:00.000Z'))).toBe(8);
  });
  it('stays at the last event before t between events', () => {
    expect(versionAt(events, Date.parse('2026-04-01T09:59:59.999Z'))).toBe(3);
    expect(versionAt(events, Date.parse('2026-05-01T00:00:00Z'))).toBe(6);
  });
  it('is the current version after the last event, in whatever order the events come', () => {
    expect(versionAt([...events].reverse(), Date.parse('2030-01-01T00:00:00Z'))).toBe(8);
  });
  it('gives the instant a version became current, and the stage it stood in', () => {
    expect(instantOfVersion(events, 5)).toBe('2026-04-01T10:00:00.000Z');
    expect(instantOfVersion(events, 0)).toBeNull();
    expect(stageAt(events, 0)).toBeNull();
    expect(stageAt(events, versionAt(events, Date.parse('2026-05-20T09:29:59Z')))).toBe('recommended');
    expect(stageAt(events, versionAt(events, Date.parse('2026-05-20T09:30:00Z')))).toBe('awarded');
  });
});

describe('the compact view', () => {
  it('keeps decisions and stage changes only, in order', () => {
    expect(compactTimeline(events).map((e) => e.version)).toEqual([1, 2, 4, 5, 7, 8]);
  });
  it('drops scores, ballots, reports and recusals', () => {
    const noise = ['ProgressReported', 'ScoresSubmitted', 'BallotCast', 'SecretBallotCast', 'MemberRecused', 'ReviewOpened'].map((t, i) => entry(i + 1, t, '2026-01-01T00:00:00Z'));
    expect(compactTimeline(noise)).toEqual([]);
  });
});

describe('the rule an entry applied', () => {
  it("is a closed review's quorum and approval rule, or a stage change's transition", () => {
    expect(ruleOf(events[3])).toBe('quorum 2/3 all_members; approval more_than 1/2 members_present; secret ballot');
    expect(ruleOf(events[4])).toBe('closeReview → recommended');
    expect(ruleOf(events[2])).toBeNull();
  });
});

describe("wall-clock times in the viewer's time zone", () => {
  it('shows an instant in Hanoi and in New York, and reads it back', () => {
    const t = Date.parse('2026-05-20T09:30:00.000Z');
    expect(toWallTime(t, 'Asia/Ho_Chi_Minh')).toBe('2026-05-20T16:30:00');
    expect(toWallTime(t, 'America/New_York')).toBe('2026-05-20T05:30:00');
    expect(fromWallTime('2026-05-20T16:30', 'Asia/Ho_Chi_Minh')).toBe(t);
    expect(fromWallTime('2026-05-20T05:30:00', 'America/New_York')).toBe(t);
    expect(fromWallTime('2026-01-20T04:30', 'America/New_York')).toBe(Date.parse('2026-01-20T09:30:00Z'));
    expect(fromWallTime('2026-05-20T16:29:59.500', 'Asia/Ho_Chi_Minh')).toBe(Date.parse('2026-05-20T09:29:59.500Z'));
    expect(fromWallTime('yesterday', 'UTC')).toBeNaN();
  });
});
