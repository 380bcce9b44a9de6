import type { DefinitionDraft } from '../definition';
import { AUTHORITY, MEMBER, SECRETARY, UNIT, active, choice, final, on, revoke, withdraw } from './shorthand';

const reviewTimers = [
  { name: 'reviewReminder', at: 'reviewDeadline', offset: '-P2D' },
  { name: 'reviewDeadline', at: 'reviewDeadline' },
] as const;

/** The default track: discovery → cultivation → recognition → replication → next level. */
export const initiativeRecognition: DefinitionDraft = {
  id: 'initiative-recognition',
  title: 'Initiative recognition',
  description: 'Discovery, cultivation, council review, public consultation, award, replication and escalation.',
  start: on('register', 'registered', UNIT, { guards: ['movementLaunched'] }),
  stages: [
    active('registered', 'Registered (discovery)', [on('reportProgress', 'cultivating', UNIT), withdraw]),
    active('cultivating', 'Cultivating', [
      on('reportProgress', 'cultivating', UNIT),
      on('nominate', 'nominated', UNIT, { guards: ['progressReported', 'dossierComplete'] }),
      withdraw,
    ]),
    active('nominated', 'Nominated, awaiting screening', [
      on('screen', 'screening', SECRETARY, { outcome: 'accepted', guards: ['dossierComplete'] }),
      on('screen', 'returned', SECRETARY, { outcome: 'returned' }),
      withdraw,
    ]),
    active('returned', 'Returned to the unit', [on('resubmit', 'nominated', UNIT), withdraw]),
    active('screening', 'Screened, awaiting a review cycle', [
      on('openReview', 'in_review', SECRETARY, { timers: [...reviewTimers] }),
      withdraw,
    ]),
    active('in_review', 'In council review', [
      on('declareConflict', 'in_review', MEMBER),
      on('submitScores', 'in_review', MEMBER, { guards: ['reviewWindowOpen'] }),
      on('castBallot', 'in_review', MEMBER, { guards: ['reviewWindowOpen'] }),
      on('closeReview', 'review_closed', SECRETARY),
      withdraw,
    ]),
    choice('review_closed', 'Review closed', {
      recommended: 'recommended',
      not_recommended: 'not_recommended',
      no_quorum: 'screening',
    }),
    active('recommended', 'Recommended', [
      on('openConsultation', 'consultation', SECRETARY, { timers: [{ name: 'consultationClose', at: 'consultationClosesAt' }] }),
      withdraw,
    ]),
    active('consultation', 'Public consultation', [
      on('fileObjection', 'consultation', ['public'], { guards: ['consultationWindowOpen'] }),
      on('resolveObjection', 'consultation', SECRETARY, { outcome: 'dismissed' }),
      on('resolveObjection', 'screening', SECRETARY, { outcome: 'upheld' }),
      on('closeConsultation', 'decision', ['worker', 'secretary'], {
        guards: ['consultationWindowEnded'],
        timers: [{ name: 'decisionDeadline', after: 'P15D' }],
      }),
      withdraw,
    ]),
    active('decision', 'Awaiting the decision', [
      on('resolveObjection', 'decision', SECRETARY, { outcome: 'dismissed' }),
      on('resolveObjection', 'screening', SECRETARY, { outcome: 'upheld' }),
      on('recordDecision', 'awarded', AUTHORITY, { outcome: 'granted', guards: ['noOpenObjection', 'nomineeInGoodStanding'] }),
      on('recordDecision', 'declined', AUTHORITY, { outcome: 'declined', guards: ['noOpenObjection'] }),
      withdraw,
    ]),
    active('awarded', 'Awarded', [on('publish', 'published', SECRETARY), revoke]),
    active('published', 'Published', [on('reportReplication', 'replication_check', UNIT), revoke]),
    choice('replication_check', 'Enough distinct units?', {
      counted: 'replicating',
      threshold_reached: 'eligible_for_escalation',
    }),
    active('replicating', 'Replicating', [
      on('reportReplication', 'replication_check', UNIT),
      on('recordReplicationResult', 'replicating', UNIT),
      revoke,
    ]),
    active('eligible_for_escalation', 'Eligible for the next level', [
      on('reportReplication', 'eligible_for_escalation', UNIT),
      on('recordReplicationResult', 'eligible_for_escalation', UNIT),
      on('escalate', 'nominated', [...UNIT, ...SECRETARY], { guards: ['replicationThresholdMet', 'nextLevelCouncil'] }),
      revoke,
    ]),
    final('not_recommended', 'Not recommended'),
    final('declined', 'Declined'),
    final('revoked', 'Revoked'),
    final('withdrawn', 'Withdrawn'),
  ],
  parameters: {
    quorum: { fraction: '2/3', base: 'all_members' },
    approval: { fraction: '1/2', base: 'members_present', comparison: 'more_than' },
    secretBallot: false,
    rubric: [
      { criterion: 'novelty', label: 'Novelty and creativity', weight: 3, max: 10 },
      { criterion: 'effectiveness', label: 'Effectiveness', weight: 4, max: 10 },
      { criterion: 'scope', label: 'Scope of influence', weight: 3, max: 10 },
    ],
    reviewPeriod: 'P10D',
    consultationPeriod: 'P5D',
    consultationInWorkingDays: true,
    replicationsForEscalation: 3,
    requiredDocuments: ['request_letter', 'achievement_report'],
    countsTowardsHigherAwards: true,
  },
};
