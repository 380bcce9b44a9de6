import type { LogEvent } from '../src';

/** A hand-written initiative stream: registered, nominated, a secret review closed, granted. */
export function secretReviewStream(initiativeId = 'init-1'): LogEvent[] {
  let n = 0;
  const e = (type: string, data: Record<string, unknown>): LogEvent => {
    n++;
    return { type, data: { initiativeId, ...data }, eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, position: (1000 + n).toString(16).padStart(32, '0'), streamVersion: n, recordedAt: '2025-06-02T02:00:00.000Z' };
  };
  const panel = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'];
  const tally = { panel: 6, recused: 1, eligible: 5, voted: 4, approve: 3, reject: 1, abstain: 0, quorumMet: true, approvalBase: 5, approved: false };
  return [
    e('InitiativeRegistered', { movementId: 'mv', unitId: 'ward-1', title: 'Mô hình "Tổ dân phố văn minh"', summary: 's', field: 'economy', authors: [{ name: 'Nguyễn Văn An' }], definitionId: 'd', definitionVersion: 1, registeredAt: '2025-03-03T02:00:00.000Z' }),
    e('InitiativeNominated', { awardForm: 'certificate_of_merit', councilId: 'council-1', level: 'province', statement: 's', documents: [], definitionId: 'd', definitionVersion: 1, nominatedAt: '2025-05-05T02:00:00.000Z' }),
    e('ReviewOpened', { reviewId: 'rev-1', cycle: 1, councilId: 'council-1', level: 'province', panel, deadline: '2025-06-10T00:00:00.000Z', secretBallot: true, openedAt: '2025-06-02T02:00:00.000Z' }),
    e('MemberRecused', { reviewId: 'rev-1', memberId: 'm6', reason: 'automatic:nominating_unit' }),
    e('ScoresSubmitted', { reviewId: 'rev-1', memberId: 'm1', scores: { impact: 80, novelty: 70 }, submittedAt: '2025-06-02T02:10:00.000Z' }),
    e('ScoresSubmitted', { reviewId: 'rev-1', memberId: 'm2', scores: { impact: 90, novelty: 60 }, submittedAt: '2025-06-02T02:11:00.000Z' }),
    ...['m1', 'm2', 'm3', 'm4'].map((memberId) => e('SecretBallotCast', { reviewId: 'rev-1', memberId, sealedChoice: 'AAAA', castAt: '2025-06-02T02:20:00.000Z' })),
    e('ReviewClosed', {
      reviewId: 'rev-1',
      cycle: 1,
      outcome: 'not_recommended',
      tally,
      rule: { definitionId: 'd', definitionVersion: 1, quorum: { fraction: '2/3', base: 'all_members' }, approval: { fraction: '2/3', base: 'all_members', comparison: 'at_least' }, secretBallot: true },
      scoreSummary: { sheets: 2, average: 75 },
      closedAt: '2025-06-02T03:00:00.000Z',
    }),
    e('AwardGranted', { awardForm: 'certificate_of_merit', level: 'province', decisionNo: '12/QĐ-UBND', decidedOn: '2025-07-01', signedBy: 'Trần Văn Bình', councilId: 'council-1', definitionId: 'd', definitionVersion: 1, countsTowardsHigherAwards: true, grantedAt: '2025-07-01T02:00:00.000Z' }),
  ];
}
