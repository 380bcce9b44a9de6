import { DomainErrorCode, fail } from '../shared/errors';
import { optionalText, requireText } from '../shared/validation';
import type { DossierDocument } from './initiative.commands';
import { Handler, compact } from './handler';

const SHA256 = /^[a-f0-9]{64}$/i;

export const validateDocuments = (documents: unknown): DossierDocument[] => {
  if (!Array.isArray(documents)) return fail(DomainErrorCode.VALIDATION_FAILED, 'documents must be a list');
  return documents.map((d: DossierDocument) => {
    const name = requireText(d?.name, 'documents[].name');
    if (typeof d.sha256 !== 'string' || !SHA256.test(d.sha256)) fail(DomainErrorCode.VALIDATION_FAILED, `document ${name} needs a sha256 digest`);
    if (d.size !== undefined && (typeof d.size !== 'number' || !Number.isSafeInteger(d.size) || d.size < 0)) {
      fail(DomainErrorCode.VALIDATION_FAILED, `document ${name}: size must be a whole number of bytes`);
    }
    return compact({
      name,
      sha256: d.sha256.toLowerCase(),
      url: optionalText(d.url, 'documents[].url'),
      fileName: optionalText(d.fileName, 'documents[].fileName'),
      size: d.size,
      mediaType: optionalText(d.mediaType, 'documents[].mediaType'),
    });
  });
};

export const reportProgress: Handler<'reportProgress'> = ({ command, state, context }) => {
  const { reportId, summary, indicators } = command.data;
  return {
    events: [
      {
        type: 'ProgressReported',
        data: compact({
          initiativeId: state.initiativeId,
          reportId: requireText(reportId, 'reportId'),
          summary: requireText(summary, 'summary'),
          indicators,
          reportedAt: context.now,
        }),
      },
    ],
  };
};

export const submitSelfAssessment: Handler<'submitSelfAssessment'> = ({ command, state, context }) => {
  const { summary, selfScore } = command.data;
  if (selfScore !== undefined && !(typeof selfScore === 'number' && Number.isFinite(selfScore))) {
    fail(DomainErrorCode.VALIDATION_FAILED, 'selfScore must be a number');
  }
  return {
    events: [
      {
        type: 'SelfAssessmentSubmitted',
        data: compact({ initiativeId: state.initiativeId, summary: requireText(summary, 'summary'), selfScore, submittedAt: context.now }),
      },
    ],
  };
};

const usesCouncil = (context: Parameters<Handler<'nominate'>>[0]['context']): boolean =>
  context.definition.stages.some((s) => s.kind === 'active' && s.transitions.some((t) => t.command === 'openReview'));

export const nominate: Handler<'nominate'> = ({ command, state, context }) => {
  const d = command.data;
  const awardForm = requireText(d.awardForm, 'awardForm');
  const forms = context.definition.parameters.awardForms;
  if (forms && !forms.includes(awardForm)) fail(DomainErrorCode.VALIDATION_FAILED, `awardForm must be one of ${forms.join(', ')}`);
  const councilId = optionalText(d.councilId, 'councilId');
  if (!councilId && usesCouncil(context)) fail(DomainErrorCode.VALIDATION_FAILED, 'councilId is required: this track has a council review');
  let level = optionalText(d.level, 'level');
  if (councilId) {
    const council = context.council;
    if (!council || council.status !== 'active' || council.councilId !== councilId) {
      fail(DomainErrorCode.NOT_FOUND, `Council ${councilId} not found`);
    } else {
      level = council.level;
    }
  }
  return {
    events: [
      {
        type: 'InitiativeNominated',
        data: compact({
          initiativeId: state.initiativeId,
          awardForm,
          councilId,
          level: level ?? fail(DomainErrorCode.VALIDATION_FAILED, 'level is required when no council is assigned'),
          statement: requireText(d.statement, 'statement'),
          documents: validateDocuments(d.documents),
          definitionId: context.definition.id,
          definitionVersion: context.definition.version,
          nominatedAt: context.now,
        }),
      },
    ],
  };
};

export const screen: Handler<'screen'> = ({ command, state, context }) => {
  const { outcome } = command.data;
  const initiativeId = state.initiativeId;
  switch (outcome) {
    case 'accepted':
      return { outcome, events: [{ type: 'DossierAccepted', data: { initiativeId, screenedAt: context.now } }] };
    case 'returned': {
      const reason = requireText(command.data.reason, 'reason');
      return { outcome, events: [{ type: 'DossierReturned', data: { initiativeId, reason, screenedAt: context.now } }] };
    }
    default:
      return fail(DomainErrorCode.VALIDATION_FAILED, 'outcome must be accepted or returned');
  }
};

export const resubmit: Handler<'resubmit'> = ({ command, state, context }) => {
  const documents = command.data.documents === undefined ? [] : validateDocuments(command.data.documents);
  return {
    events: [
      {
        type: 'DossierResubmitted',
        data: compact({
          initiativeId: state.initiativeId,
          statement: optionalText(command.data.statement, 'statement'),
          documents,
          resubmittedAt: context.now,
        }),
      },
    ],
  };
};

export const escalate: Handler<'escalate'> = ({ command, state, context }) => {
  const councilId = requireText(command.data.councilId, 'councilId');
  const council = context.council;
  if (!council || council.status !== 'active' || council.councilId !== councilId) {
    return fail(DomainErrorCode.NOT_FOUND, `Council ${councilId} not found`);
  }
  return {
    events: [
      {
        type: 'InitiativeEscalated',
        data: {
          initiativeId: state.initiativeId,
          fromLevel: state.level ?? '',
          toLevel: council.level,
          councilId,
          definitionId: context.definition.id,
          definitionVersion: context.definition.version,
          escalatedAt: context.now,
        },
      },
    ],
  };
};

export const withdraw: Handler<'withdraw'> = ({ command, state, context }) => {
  const reason = requireText(command.data.reason, 'reason');
  return { events: [{ type: 'InitiativeWithdrawn', data: { initiativeId: state.initiativeId, reason, withdrawnAt: context.now } }] };
};
