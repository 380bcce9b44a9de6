import { DomainErrorCode, StageChanged, initiativeDecider, initiativeRecognition, membersOwingBallot, pendingTimers } from '../src';
import { Journey, NOW, asPublished, citizen, member, secretary, worker, authority } from './fixtures';
import { deciderSpec } from './given-when-then';
import { TO_CONSULTATION, TO_DECISION, TO_RECOMMENDED, TO_REVIEW, path } from './steps';

const recognition = asPublished(initiativeRecognition);
const spec = deciderSpec(initiativeDecider);
const start = () => new Journey(recognition);
const grant = { type: 'recordDecision', data: { outcome: 'granted', decisionNo: 'QD-1', signedBy: 'Chair' } } as const;
const object = (j: Journey, objectionId = 'o1') => j.run({ type: 'fileObjection', data: { objectionId, text: 'Inflated figures' } }, citizen);

describe('deadline and timer rules', () => {
  it('a review window has a deadline: now plus the review period unless one is given', () => {
    const j = path(start(), TO_REVIEW.slice(0, -1));
    const events = spec.given(j.events).when({ type: 'openReview', data: { reviewId: 'r1' } }, j.context(secretary)).thenTypes(['ReviewOpened', 'StageChanged']);
    expect(events[0]?.data).toMatchObject({ deadline: '2025-03-13T09:00:00.000Z', cycle: 1, panel: ['m1', 'm2', 'm3', 'm4', 'm5'] });
    expect((events[1] as StageChanged).data.timers).toEqual([
      { kind: 'reviewReminder', dueAt: '2025-03-11T09:00:00.000Z', stage: 'in_review' },
      { kind: 'reviewDeadline', dueAt: '2025-03-13T09:00:00.000Z', stage: 'in_review' },
    ]);
    const given = spec.given(j.events).when({ type: 'openReview', data: { reviewId: 'r1', deadline: '2025-03-20T17:00:00.000Z' } }, j.context(secretary));
    expect(given.thenTypes(['ReviewOpened', 'StageChanged'])[0]?.data).toMatchObject({ deadline: '2025-03-20T17:00:00.000Z' });
    spec.given(j.events).when({ type: 'openReview', data: { reviewId: 'r1', deadline: '2025-03-01T00:00:00Z' } }, j.context(secretary)).thenThrows(DomainErrorCode.VALIDATION_FAILED);
  });

  it('reminders go to members who have not voted', () => {
    const j = path(start(), [...TO_REVIEW, 'castBallot', 'declareConflict']);
    expect(membersOwingBallot(j.state)).toEqual(['m3', 'm4', 'm5']);
    const reminder = pendingTimers(j.state).find((t) => t.kind === 'reviewReminder');
    expect(reminder).toEqual({ kind: 'reviewReminder', dueAt: '2025-03-11T09:00:00.000Z', stage: 'in_review', action: 'notify', recipients: 'members_owing_ballot', memberIds: ['m3', 'm4', 'm5'] });
  });

  it('ballots are refused once the review deadline has passed', () => {
    const j = path(start(), TO_REVIEW);
    spec.given(j.events).when({ type: 'castBallot', data: { choice: 'approve' } }, { ...j.context(member('m1')), now: '2025-03-14T00:00:00.000Z' }).thenThrows(DomainErrorCode.GUARD_FAILED, /deadline/);
  });

  it('a consultation window has a deadline counted in working days', () => {
    const j = path(start(), TO_RECOMMENDED);
    const events = spec.given(j.events).when({ type: 'openConsultation', data: { consultationId: 'k1' } }, j.context(secretary)).thenTypes(['ConsultationOpened', 'StageChanged']);
    // Monday plus five working days is the next Monday, not Saturday.
    expect(events[0]?.data).toEqual({ initiativeId: 'i-1', consultationId: 'k1', opensAt: NOW, closesAt: '2025-03-10T09:00:00.000Z' });
    expect((events[1] as StageChanged).data.timers).toEqual([{ kind: 'consultationClose', dueAt: '2025-03-10T09:00:00.000Z', stage: 'consultation' }]);
    const withHoliday = spec.given(j.events).when({ type: 'openConsultation', data: { consultationId: 'k1' } }, j.context(secretary, { holidays: ['2025-03-05'] }));
    expect(withHoliday.thenTypes(['ConsultationOpened', 'StageChanged'])[0]?.data).toMatchObject({ closesAt: '2025-03-11T09:00:00.000Z' });
  });

  it('a consultation closes by itself when its window ends', () => {
    const j = path(start(), TO_CONSULTATION);
    expect(pendingTimers(j.state)).toEqual([
      { kind: 'consultationClose', dueAt: '2025-03-10T09:00:00.000Z', stage: 'consultation', action: 'command', command: 'closeConsultation' },
    ]);
    const given = spec.given(j.events);
    given.when({ type: 'closeConsultation', data: {} }, j.context(worker, { now: '2025-03-10T08:59:59.000Z' })).thenThrows(DomainErrorCode.GUARD_FAILED);
    const events = given.when({ type: 'closeConsultation', data: {} }, j.context(worker, { now: '2025-03-10T09:00:00.000Z' })).thenTypes(['ConsultationClosed', 'StageChanged']);
    expect((events[1] as StageChanged).data).toMatchObject({ from: 'consultation', to: 'decision' });
  });
});

describe('objection rules', () => {
  it('the public files objections only while the consultation is open', () => {
    const j = path(start(), TO_CONSULTATION);
    const file = { type: 'fileObjection', data: { objectionId: 'o1', text: 'Inflated figures', contact: 'a@b.vn' } } as const;
    spec.given(j.events).when(file, j.context(citizen)).then([
      { type: 'ObjectionFiled', data: { initiativeId: 'i-1', consultationId: 'k1', objectionId: 'o1', text: 'Inflated figures', contact: 'a@b.vn', filedAt: NOW } },
    ]);
    spec.given(j.events).when(file, j.context(citizen, { now: '2025-03-10T09:00:00.000Z' })).thenThrows(DomainErrorCode.GUARD_FAILED);
  });

  it('an open objection blocks the decision', () => {
    const j = path(object(path(start(), TO_CONSULTATION)), ['closeConsultation']);
    expect(j.stage).toBe('decision');
    spec.given(j.events).when(grant, j.context(authority)).thenThrows(DomainErrorCode.GUARD_FAILED, /open objection o1 must be resolved/);
  });

  it('a dismissed objection no longer blocks the decision', () => {
    const j = path(object(path(start(), TO_CONSULTATION)), ['closeConsultation', ['resolveObjection', 'dismissed']]);
    spec.given(j.events).when(grant, j.context(authority)).thenTypes(['AwardGranted', 'StageChanged']);
  });

  it('resolving an objection needs a reason', () => {
    const j = object(path(start(), TO_CONSULTATION));
    spec.given(j.events).when({ type: 'resolveObjection', data: { objectionId: 'o1', outcome: 'dismissed', reason: '' } }, j.context(secretary)).thenThrows(DomainErrorCode.VALIDATION_FAILED);
  });

  it('an upheld objection sends the initiative back for a new review cycle', () => {
    const j = object(path(start(), TO_CONSULTATION)).run({ type: 'resolveObjection', data: { objectionId: 'o1', outcome: 'upheld', reason: 'Figures were wrong' } }, secretary);
    expect(j.stage).toBe('screening');
    const events = spec.given(j.events).when({ type: 'openReview', data: { reviewId: 'r2' } }, j.context(secretary)).thenTypes(['ReviewOpened', 'StageChanged']);
    expect(events[0]?.data).toMatchObject({ reviewId: 'r2', cycle: 2 });
  });

  it('the decision is taken only after the consultation has closed', () => {
    const j = path(start(), TO_CONSULTATION);
    spec.given(j.events).when(grant, j.context(authority)).thenThrows(DomainErrorCode.TRANSITION_NOT_ALLOWED);
    expect(path(start(), TO_DECISION).stage).toBe('decision');
  });
});
