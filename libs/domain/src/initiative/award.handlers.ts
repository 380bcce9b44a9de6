import { DomainErrorCode, fail } from '../shared/errors';
import { optionalText, requireIsoDate, requireOneOf, requireText } from '../shared/validation';
import { Handler, compact } from './handler';
import { currentReview, distinctAdopters } from './initiative.state';
import { evolveInitiative } from './initiative.evolve';
import type { ReplicationReported } from './initiative.events';

export const recordDecision: Handler<'recordDecision'> = ({ command, state, context }) => {
  const d = command.data;
  const outcome = requireOneOf(d.outcome, ['granted', 'declined'] as const, 'outcome');
  const decidedOn = d.decidedOn === undefined ? context.now.slice(0, 10) : requireIsoDate(d.decidedOn, 'decidedOn');
  const initiativeId = state.initiativeId;
  if (outcome === 'declined') {
    const reason = optionalText(d.reason, 'reason');
    return { outcome, events: [{ type: 'AwardDeclined', data: compact({ initiativeId, reason, decidedOn, declinedAt: context.now }) }] };
  }
  const awardForm = optionalText(d.awardForm, 'awardForm') ?? state.awardForm ?? fail(DomainErrorCode.VALIDATION_FAILED, 'awardForm is required');
  const forms = context.definition.parameters.awardForms;
  if (forms && !forms.includes(awardForm)) fail(DomainErrorCode.VALIDATION_FAILED, `awardForm must be one of ${forms.join(', ')}`);
  const review = currentReview(state);
  return {
    outcome,
    events: [
      {
        type: 'AwardGranted',
        data: compact({
          initiativeId,
          awardForm,
          level: state.level ?? fail(DomainErrorCode.VALIDATION_FAILED, 'The initiative has no level'),
          decisionNo: requireText(d.decisionNo, 'decisionNo'),
          decidedOn,
          signedBy: requireText(d.signedBy, 'signedBy'),
          councilId: state.councilId,
          reviewId: review?.reviewId,
          definitionId: context.definition.id,
          definitionVersion: context.definition.version,
          countsTowardsHigherAwards: context.definition.parameters.countsTowardsHigherAwards ?? true,
          grantedAt: context.now,
        }),
      },
    ],
  };
};

export const publish: Handler<'publish'> = ({ command, state, context }) => ({
  events: [
    {
      type: 'InitiativePublished',
      data: compact({
        initiativeId: state.initiativeId,
        channel: requireText(command.data.channel, 'channel'),
        url: optionalText(command.data.url, 'url'),
        publishedAt: context.now,
      }),
    },
  ],
});

export const reportReplication: Handler<'reportReplication'> = ({ command, state, context }) => {
  const d = command.data;
  const adoptingUnitId = requireText(d.adoptingUnitId, 'adoptingUnitId');
  if (adoptingUnitId === state.unitId) fail(DomainErrorCode.VALIDATION_FAILED, "The adopting unit cannot be the initiative's own unit");
  const replicationId = requireText(d.replicationId, 'replicationId');
  if (state.replications.some((r) => r.replicationId === replicationId)) fail(DomainErrorCode.ALREADY_EXISTS, `Replication ${replicationId} exists`);
  const event: ReplicationReported = {
    type: 'ReplicationReported',
    data: compact({
      initiativeId: state.initiativeId,
      replicationId,
      adoptingUnitId,
      startedOn: requireIsoDate(d.startedOn, 'startedOn'),
      note: optionalText(d.note, 'note'),
      level: state.level ?? '',
      reportedAt: context.now,
    }),
  };
  const needed = context.definition.parameters.replicationsForEscalation ?? Infinity;
  const reached = distinctAdopters(evolveInitiative(state, event)) >= needed;
  return { outcome: reached ? 'threshold_reached' : 'counted', events: [event] };
};

export const recordReplicationResult: Handler<'recordReplicationResult'> = ({ command, state, context }) => {
  const d = command.data;
  const replication =
    state.replications.find((r) => r.replicationId === d.replicationId) ??
    fail(DomainErrorCode.NOT_FOUND, `Replication ${d.replicationId} not found`);
  return {
    events: [
      {
        type: 'ReplicationResultRecorded',
        data: compact({
          initiativeId: state.initiativeId,
          replicationId: replication.replicationId,
          outcome: requireText(d.outcome, 'outcome'),
          indicators: d.indicators,
          recordedAt: context.now,
        }),
      },
    ],
  };
};

export const revoke: Handler<'revoke'> = ({ command, state, context }) => {
  const reason = requireText(command.data.reason, 'reason');
  const award =
    [...state.recognitions].reverse().find((r) => !r.revoked) ?? fail(DomainErrorCode.TRANSITION_NOT_ALLOWED, 'No award to revoke');
  return {
    events: [
      {
        type: 'AwardRevoked',
        data: compact({
          initiativeId: state.initiativeId,
          decisionNo: award.decisionNo,
          level: award.level,
          reason,
          legalBasis: optionalText(command.data.legalBasis, 'legalBasis'),
          revokedAt: context.now,
        }),
      },
    ],
  };
};
