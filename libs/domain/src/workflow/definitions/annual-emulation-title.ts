import type { DefinitionDraft } from '../definition';
import { AUTHORITY, MEMBER, SECRETARY, UNIT, active, choice, final, on, revoke, withdraw } from './shorthand';

/** Registration at the start of the year, self-assessment, secret ballot at a high threshold, decision. */
export const annualEmulationTitle: DefinitionDraft = {
  id: 'annual-emulation-title',
  title: 'Annual emulation title',
  description: 'Emulation-fighter style titles: ≥ 90 % of all council members in a secret ballot.',
  start: on('register', 'registered', UNIT, { timers: [{ name: 'selfAssessmentDeadline', after: 'P30D' }] }),
  stages: [
    active('registered', 'Registered for the year', [on('submitSelfAssessment', 'self_assessed', UNIT), withdraw]),
    active('self_assessed', 'Self-assessed', [
      on('nominate', 'nominated', UNIT, { guards: ['selfAssessmentSubmitted', 'dossierComplete'] }),
      withdraw,
    ]),
    active('nominated', 'Nominated, awaiting the ballot', [
      on('openReview', 'in_review', SECRETARY, {
        timers: [
          { name: 'reviewReminder', at: 'reviewDeadline', offset: '-P1D' },
          { name: 'reviewDeadline', at: 'reviewDeadline' },
        ],
      }),
      withdraw,
    ]),
    active('in_review', 'Secret ballot', [
      on('declareConflict', 'in_review', MEMBER),
      on('castBallot', 'in_review', MEMBER, { guards: ['reviewWindowOpen'] }),
      on('closeReview', 'review_closed', SECRETARY),
      withdraw,
    ]),
    choice('review_closed', 'Ballot counted', {
      recommended: 'recommended',
      not_recommended: 'not_recommended',
      no_quorum: 'nominated',
    }),
    active('recommended', 'Recommended', [
      on('recordDecision', 'awarded', AUTHORITY, { outcome: 'granted', guards: ['nomineeInGoodStanding'] }),
      on('recordDecision', 'declined', AUTHORITY, { outcome: 'declined' }),
      withdraw,
    ]),
    active('awarded', 'Awarded', [on('publish', 'published', SECRETARY), revoke]),
    active('published', 'Published', [revoke]),
    final('not_recommended', 'Not recommended'),
    final('declined', 'Declined'),
    final('revoked', 'Revoked'),
    final('withdrawn', 'Withdrawn'),
  ],
  parameters: {
    quorum: { fraction: '2/3', base: 'all_members' },
    approval: { fraction: '90%', base: 'all_members', comparison: 'at_least' },
    secretBallot: true,
    reviewPeriod: 'P7D',
    requiredDocuments: ['request_letter', 'achievement_report'],
    countsTowardsHigherAwards: true,
  },
};
