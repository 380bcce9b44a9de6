import { DomainErrorCode, fail } from '../shared/errors';
import { addPeriod, isWithinMaxPeriod } from '../shared/duration';
import { isIsoDate, optionalText, requireOneOf, requireText } from '../shared/validation';
import { Handler, compact } from './handler';
import { currentConsultation } from './initiative.state';

export const openConsultation: Handler<'openConsultation'> = ({ command, state, context }) => {
  const { consultationPeriod, consultationInWorkingDays } = context.definition.parameters;
  const closesAt =
    command.data.closesAt ??
    (consultationPeriod ? addPeriod(context.now, consultationPeriod, consultationInWorkingDays ?? false, context.holidays ?? []) : undefined);
  if (!isIsoDate(closesAt) || Date.parse(closesAt) <= Date.parse(context.now) || !isWithinMaxPeriod(context.now, closesAt)) {
    return fail(DomainErrorCode.VALIDATION_FAILED, 'closesAt must be an instant after now, at most 5 years ahead');
  }
  const consultationId = requireText(command.data.consultationId, 'consultationId');
  if (state.consultations.some((c) => c.consultationId === consultationId)) {
    fail(DomainErrorCode.ALREADY_EXISTS, `Consultation ${consultationId} already exists`);
  }
  return {
    anchors: { consultationClosesAt: new Date(closesAt).toISOString() },
    events: [{ type: 'ConsultationOpened', data: { initiativeId: state.initiativeId, consultationId, opensAt: context.now, closesAt } }],
  };
};

export const fileObjection: Handler<'fileObjection'> = ({ command, state, context }) => {
  const consultation = currentConsultation(state) ?? fail(DomainErrorCode.TRANSITION_NOT_ALLOWED, 'No consultation is open');
  const objectionId = requireText(command.data.objectionId, 'objectionId');
  if (state.objections.some((o) => o.objectionId === objectionId)) fail(DomainErrorCode.ALREADY_EXISTS, `Objection ${objectionId} exists`);
  return {
    events: [
      {
        type: 'ObjectionFiled',
        data: compact({
          initiativeId: state.initiativeId,
          consultationId: consultation.consultationId,
          objectionId,
          text: requireText(command.data.text, 'text'),
          contact: optionalText(command.data.contact, 'contact'),
          filedAt: context.now,
        }),
      },
    ],
  };
};

export const resolveObjection: Handler<'resolveObjection'> = ({ command, state, context }) => {
  const objection =
    state.objections.find((o) => o.objectionId === command.data.objectionId) ??
    fail(DomainErrorCode.NOT_FOUND, `Objection ${command.data.objectionId} not found`);
  if (objection.status !== 'open') fail(DomainErrorCode.TRANSITION_NOT_ALLOWED, `Objection ${objection.objectionId} is already ${objection.status}`);
  const outcome = requireOneOf(command.data.outcome, ['upheld', 'dismissed'] as const, 'outcome');
  const reason = requireText(command.data.reason, 'reason');
  return {
    outcome,
    events: [
      {
        type: 'ObjectionResolved',
        data: { initiativeId: state.initiativeId, objectionId: objection.objectionId, outcome, reason, resolvedAt: context.now },
      },
    ],
  };
};

export const closeConsultation: Handler<'closeConsultation'> = ({ state, context }) => {
  const consultation = currentConsultation(state);
  if (!consultation || consultation.status !== 'open') return fail(DomainErrorCode.TRANSITION_NOT_ALLOWED, 'No consultation is open');
  const openObjections = state.objections.filter((o) => o.status === 'open').length;
  return {
    events: [
      {
        type: 'ConsultationClosed',
        data: { initiativeId: state.initiativeId, consultationId: consultation.consultationId, openObjections, closedAt: context.now },
      },
    ],
  };
};
