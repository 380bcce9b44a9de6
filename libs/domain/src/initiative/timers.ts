import { TIMERS, TimerKind } from '../workflow/vocabulary';
import { InitiativeState } from './initiative.state';
import { membersOwingBallot } from './review.read';

export interface PendingTimer {
  kind: TimerKind;
  dueAt: string;
  stage: string;
  /** notify: send a notification; command: issue `command` as the worker. */
  action: 'notify' | 'command';
  command?: 'closeConsultation';
  recipients?: string;
  /** For reviewReminder: who still owes a ballot right now. */
  memberIds?: string[];
}

/**
 * Timers of the current stage. The worker derives delayed jobs from StageChanged and
 * re-checks here when a job fires, so a timer left behind by a stage change does nothing.
 */
export const pendingTimers = (state: InitiativeState): PendingTimer[] => {
  if (state.kind === 'none') return [];
  return state.timers
    .filter((t) => t.stage === state.stage)
    .map((t) => {
      const word = TIMERS[t.kind];
      const base = { kind: t.kind, dueAt: t.dueAt, stage: t.stage };
      if (word.action === 'command') return { ...base, action: 'command' as const, command: word.command };
      const members = t.kind === 'reviewReminder' ? { memberIds: membersOwingBallot(state) } : {};
      return { ...base, action: 'notify' as const, recipients: word.recipients, ...members };
    });
};
