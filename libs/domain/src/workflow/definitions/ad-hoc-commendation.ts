import type { DefinitionDraft } from '../definition';
import { AUTHORITY, SECRETARY, UNIT, active, final, on, revoke, withdraw } from './shorthand';

/** Đột xuất: the authority decides within days, no council and no consultation. */
export const adHocCommendation: DefinitionDraft = {
  id: 'ad-hoc-commendation',
  title: 'Ad hoc commendation',
  description: 'Nomination straight to the competent authority; decided within a few days.',
  start: on('register', 'registered', UNIT),
  stages: [
    active('registered', 'Registered', [
      on('nominate', 'nominated', UNIT, { guards: ['dossierComplete'], timers: [{ name: 'decisionDeadline', after: 'P5D' }] }),
      withdraw,
    ]),
    active('nominated', 'Awaiting the decision', [
      on('recordDecision', 'awarded', AUTHORITY, { outcome: 'granted', guards: ['dossierComplete', 'nomineeInGoodStanding'] }),
      on('recordDecision', 'declined', AUTHORITY, { outcome: 'declined' }),
      withdraw,
    ]),
    active('awarded', 'Awarded', [on('publish', 'published', SECRETARY), revoke]),
    active('published', 'Published', [revoke]),
    final('declined', 'Declined'),
    final('revoked', 'Revoked'),
    final('withdrawn', 'Withdrawn'),
  ],
  parameters: {
    requiredDocuments: ['request_letter', 'achievement_report'],
    awardForms: ['certificate_of_merit', 'merit_certificate'],
    countsTowardsHigherAwards: false,
  },
};
