import type { TimerKind } from '@laurel/domain';

/**
 * Who is told about what: the one table. A rule names the domain roles that receive it; the
 * directory (fed by the same subscription) turns roles into users.
 *
 * - `review_panel`: the review's panel minus the members recused when it opened
 * - `members_owing_ballot`: eligible members who have not voted (pendingTimers at firing time)
 * - `unit_officers`: users with role unit_officer in the nominating unit
 * - `authors`: the initiative's authors who are users
 * - `council_secretaries`: the assigned council's members with council role secretary
 * - `decision_authorities`: users with role decision_authority in the council's unit (else the nominating unit)
 */
export type RecipientRole =
  | 'review_panel'
  | 'members_owing_ballot'
  | 'unit_officers'
  | 'authors'
  | 'council_secretaries'
  | 'decision_authorities';

export interface NotificationRule {
  /** The template and the inbox's `kind`. */
  kind: string;
  recipients: readonly RecipientRole[];
}

type NotifyingTimer = Exclude<TimerKind, 'consultationClose'>;
export type RuleTrigger = string | `timer.${NotifyingTimer}`;

export const NOTIFICATION_RULES: Readonly<Record<RuleTrigger, NotificationRule>> = {
  ReviewOpened: { kind: 'review_opened', recipients: ['review_panel'] },
  DossierAccepted: { kind: 'dossier_accepted', recipients: ['unit_officers'] },
  DossierReturned: { kind: 'dossier_returned', recipients: ['unit_officers'] },
  // The secretary's reminder from the progress screen: to the members it names (who still owe).
  ReviewersReminded: { kind: 'review_owing', recipients: ['members_owing_ballot'] },
  ReviewClosed: { kind: 'review_closed', recipients: ['unit_officers', 'authors'] },
  ConsultationOpened: { kind: 'consultation_opened', recipients: ['unit_officers', 'authors'] },
  ObjectionFiled: { kind: 'objection_filed', recipients: ['council_secretaries'] },
  ConsultationClosed: { kind: 'consultation_closed', recipients: ['unit_officers', 'council_secretaries'] },
  AwardGranted: { kind: 'award_granted', recipients: ['unit_officers', 'authors'] },
  AwardDeclined: { kind: 'award_declined', recipients: ['unit_officers', 'authors'] },
  AwardRevoked: { kind: 'award_revoked', recipients: ['unit_officers', 'authors'] },
  InitiativeWithdrawn: { kind: 'initiative_withdrawn', recipients: ['council_secretaries'] },
  'timer.reviewReminder': { kind: 'review_reminder', recipients: ['members_owing_ballot'] },
  'timer.reviewDeadline': { kind: 'review_deadline', recipients: ['council_secretaries'] },
  'timer.decisionDeadline': { kind: 'decision_deadline', recipients: ['decision_authorities'] },
  'timer.selfAssessmentDeadline': { kind: 'self_assessment_deadline', recipients: ['unit_officers'] },
};

export const ruleFor = (trigger: string): NotificationRule | undefined =>
  Object.hasOwn(NOTIFICATION_RULES, trigger) ? NOTIFICATION_RULES[trigger] : undefined;

/** Event facts worth showing in a notification, picked from the event's data. */
const PARAM_FIELDS = ['reason', 'deadline', 'closesAt', 'outcome', 'decisionNo', 'awardForm', 'level', 'dueAt'] as const;

export function templateParams(data: Record<string, unknown>): Record<string, string> {
  const params: Record<string, string> = {};
  for (const field of PARAM_FIELDS) {
    const value = data[field];
    if (typeof value === 'string' || typeof value === 'number') params[field] = String(value);
  }
  return params;
}
