import type { RecordedEvent } from '@laurel/event-store';
import { planNotices } from './plan';
import type { DirectorySnapshot } from './directory';

const snapshot: DirectorySnapshot = {
  initiatives: new Map([['i-1', { initiativeId: 'i-1', unitId: 'u-1', title: 'Clean water ledger', authorIds: ['author-1'], councilId: 'c-1' }]]),
  usersByUnitAndRole: new Map([['u-1\u0000unit_officer', ['officer-1']]]),
  councilSecretaries: new Map([['c-1', ['secretary-1']]]),
  councilUnits: new Map([['c-1', 'u-province']]),
};

const event = (type: string, data: Record<string, unknown>): RecordedEvent =>
  ({ eventId: `e-${type}`, type, data, metadata: {}, streamName: 'initiative-i-1', streamVersion: 7, position: '42', recordedAt: '2026-01-05T00:00:00Z' }) as unknown as RecordedEvent;

describe('notices of a secretary’s reminder', () => {
  it('reminders go to members who have not voted: one review_owing notice to each member the event names, no one else', () => {
    const notices = planNotices([event('ReviewersReminded', { initiativeId: 'i-1', reviewId: 'r-1', memberIds: ['m2', 'm3'], remindedAt: '2026-01-05T00:00:00Z' })], snapshot, new Map());
    expect(notices.map((n) => ({ kind: n.kind, recipient: n.recipient, title: n.title }))).toEqual([
      { kind: 'review_owing', recipient: 'm2', title: 'Clean water ledger' },
      { kind: 'review_owing', recipient: 'm3', title: 'Clean water ledger' },
    ]);
    // The notice carries no choice: nothing of a ballot is in the event to begin with.
    expect(JSON.stringify(notices)).not.toMatch(/approve|reject|abstain|choice/i);
  });

  it('a reminder naming no one notifies no one', () => {
    expect(planNotices([event('ReviewersReminded', { initiativeId: 'i-1', reviewId: 'r-1', memberIds: [], remindedAt: '2026-01-05T00:00:00Z' })], snapshot, new Map())).toEqual([]);
  });
});
