import { assertNever } from '../shared/decider';
import type { DossierDocument } from './initiative.commands';
import type { InitiativeEvent } from './initiative.events';
import type { Initiative, InitiativeState, Review } from './initiative.state';

const mergeDocuments = (current: DossierDocument[], added: DossierDocument[]): DossierDocument[] => [
  ...current.filter((d) => !added.some((a) => a.name === d.name)),
  ...added,
];

const updateReview = (s: Initiative, reviewId: string, change: (r: Review) => Review): Initiative => ({
  ...s,
  reviews: s.reviews.map((r) => (r.reviewId === reviewId ? change(r) : r)),
});

export const evolveInitiative = (state: InitiativeState, event: InitiativeEvent): InitiativeState => {
  if (event.type === 'InitiativeRegistered') {
    const { initiativeId, registeredAt, ...d } = event.data;
    return {
      kind: 'initiative',
      initiativeId,
      ...d,
      stage: '',
      registeredAt,
      progressReports: [],
      dossier: { documents: [] },
      reviews: [],
      consultations: [],
      objections: [],
      recognitions: [],
      replications: [],
      publications: [],
      timers: [],
    };
  }
  if (state.kind === 'none') return state;
  return evolveExisting(state, event);
};

const evolveExisting = (s: Initiative, event: Exclude<InitiativeEvent, { type: 'InitiativeRegistered' }>): Initiative => {
  switch (event.type) {
    case 'ProgressReported': {
      const { initiativeId: _id, ...report } = event.data;
      return { ...s, progressReports: [...s.progressReports, report] };
    }
    case 'SelfAssessmentSubmitted': {
      const { initiativeId: _id, ...assessment } = event.data;
      return { ...s, selfAssessment: assessment };
    }
    case 'InitiativeNominated': {
      const d = event.data;
      return {
        ...s,
        awardForm: d.awardForm,
        councilId: d.councilId,
        level: d.level,
        definitionId: d.definitionId,
        definitionVersion: d.definitionVersion,
        dossier: { statement: d.statement, documents: mergeDocuments(s.dossier.documents, d.documents) },
      };
    }
    case 'DossierAccepted':
    case 'DossierReturned':
      return s;
    case 'DossierResubmitted':
      return {
        ...s,
        dossier: {
          statement: event.data.statement ?? s.dossier.statement,
          documents: mergeDocuments(s.dossier.documents, event.data.documents),
        },
      };
    case 'ReviewOpened': {
      const { initiativeId: _id, ...d } = event.data;
      const review: Review = { status: 'open', ...d, recusals: [], scores: [], ballots: [], secretVoters: [], sealedChoices: [] };
      return { ...s, reviews: [...s.reviews, review] };
    }
    case 'MemberRecused':
      return updateReview(s, event.data.reviewId, (r) => ({
        ...r,
        recusals: [...r.recusals, { memberId: event.data.memberId, reason: event.data.reason }],
      }));
    case 'ConflictDeclared':
      return s;
    case 'ScoresSubmitted': {
      const { reviewId, memberId, scores, comment, comments, submittedAt } = event.data;
      const sheet = { memberId, scores, ...(comment === undefined ? {} : { comment }), ...(comments === undefined ? {} : { comments }), submittedAt };
      return updateReview(s, reviewId, (r) => ({ ...r, scores: [...r.scores, sheet] }));
    }
    case 'BallotCast':
      return updateReview(s, event.data.reviewId, (r) => ({
        ...r,
        ballots: [...r.ballots, { memberId: event.data.memberId, choice: event.data.choice }],
      }));
    case 'SecretBallotCast':
      return updateReview(s, event.data.reviewId, (r) => ({
        ...r,
        secretVoters: [...r.secretVoters, event.data.memberId],
        sealedChoices: [...r.sealedChoices, event.data.sealedChoice],
      }));
    case 'ReviewClosed': {
      const { outcome, tally, rule, scoreSummary, closedAt } = event.data;
      return updateReview(s, event.data.reviewId, (r) => ({ ...r, status: 'closed', outcome, tally, rule, scoreSummary, closedAt }));
    }
    case 'ConsultationOpened': {
      const { consultationId, opensAt, closesAt } = event.data;
      return { ...s, consultations: [...s.consultations, { consultationId, opensAt, closesAt, status: 'open' }] };
    }
    case 'ObjectionFiled': {
      const { initiativeId: _id, ...objection } = event.data;
      return { ...s, objections: [...s.objections, { status: 'open', ...objection }] };
    }
    case 'ObjectionResolved': {
      const { objectionId, outcome, reason, resolvedAt } = event.data;
      return {
        ...s,
        objections: s.objections.map((o) => (o.objectionId === objectionId ? { ...o, status: outcome, reason, resolvedAt } : o)),
      };
    }
    case 'ConsultationClosed':
      return {
        ...s,
        consultations: s.consultations.map((c) =>
          c.consultationId === event.data.consultationId ? { ...c, status: 'closed' } : c,
        ),
      };
    case 'AwardGranted': {
      const { initiativeId: _id, grantedAt: _at, ...award } = event.data;
      return { ...s, awardForm: award.awardForm, recognitions: [...s.recognitions, { ...award, revoked: false }] };
    }
    case 'AwardDeclined':
      return s;
    case 'InitiativePublished': {
      const { initiativeId: _id, ...publication } = event.data;
      return { ...s, publications: [...s.publications, publication] };
    }
    case 'ReplicationReported': {
      const { initiativeId: _id, reportedAt: _at, ...replication } = event.data;
      return { ...s, replications: [...s.replications, { ...replication, results: [] }] };
    }
    case 'ReplicationResultRecorded': {
      const { replicationId, outcome, indicators, recordedAt } = event.data;
      const result = indicators === undefined ? { outcome, recordedAt } : { outcome, indicators, recordedAt };
      return {
        ...s,
        replications: s.replications.map((r) => (r.replicationId === replicationId ? { ...r, results: [...r.results, result] } : r)),
      };
    }
    case 'InitiativeEscalated': {
      const d = event.data;
      return { ...s, level: d.toLevel, councilId: d.councilId, definitionId: d.definitionId, definitionVersion: d.definitionVersion };
    }
    case 'AwardRevoked': {
      const { decisionNo, level, reason, legalBasis, revokedAt } = event.data;
      const revocation = legalBasis === undefined ? { reason, revokedAt } : { reason, legalBasis, revokedAt };
      return {
        ...s,
        recognitions: s.recognitions.map((r) =>
          r.decisionNo === decisionNo && r.level === level ? { ...r, revoked: true, revocation } : r,
        ),
      };
    }
    case 'ReviewersReminded':
      // A reminder changes no decision: it is recorded for the history and the notifications.
      return s;
    case 'InitiativeWithdrawn':
      return { ...s, withdrawal: { reason: event.data.reason, withdrawnAt: event.data.withdrawnAt } };
    case 'StageChanged':
      return { ...s, stage: event.data.to, timers: event.data.timers };
    default:
      return assertNever(event);
  }
};
