import { Actor, hasAnyRole } from '../shared/context';
import { DomainErrorCode, fail } from '../shared/errors';
import { addDuration } from '../shared/duration';
import { StageId, TimerSpec, Transition, WorkflowDefinition, findStage } from './definition';
import { AnchorName, CommandName, GuardName, TIMERS, TimerKind } from './vocabulary';

/** A timer the worker must fire; derived from StageChanged, never from a clock in here. */
export interface ScheduledTimer {
  kind: TimerKind;
  dueAt: string;
  stage: StageId;
}

/** A guard returns why it fails, or undefined when it holds. */
export type Guard<Input> = (input: Input) => string | undefined;
export type GuardRegistry<Input> = Record<GuardName, Guard<Input>>;

/** The transitions a command may take from a stage (null = not yet created). */
export const candidateTransitions = (
  definition: WorkflowDefinition,
  from: StageId | null,
  command: CommandName,
  actor: Actor,
): Transition[] => {
  const all = from === null ? [definition.start] : outgoing(definition, from);
  const candidates = all.filter((t) => t.command === command);
  if (candidates.length === 0) {
    fail(DomainErrorCode.TRANSITION_NOT_ALLOWED, `"${command}" is not allowed in stage "${from ?? '(none)'}" of ${definition.id} v${definition.version}`);
  }
  if (!candidates.some((t) => hasAnyRole(actor, t.roles))) {
    fail(DomainErrorCode.FORBIDDEN, `"${command}" needs one of the roles ${[...new Set(candidates.flatMap((t) => t.roles))].join(', ')}`);
  }
  return candidates;
};

const outgoing = (definition: WorkflowDefinition, from: StageId): Transition[] => {
  const stage = findStage(definition, from);
  return stage?.kind === 'active' ? stage.transitions : [];
};

export interface TakeTransition<Input> {
  definition: WorkflowDefinition;
  from: StageId | null;
  candidates: Transition[];
  outcome?: string;
  actor: Actor;
  now: string;
  anchors: Partial<Record<AnchorName, string>>;
  guards: GuardRegistry<Input>;
  guardInput: Input;
}

export interface TakenTransition {
  transition: Transition;
  to: StageId;
  /** Choice stages passed through on the way. */
  through: StageId[];
  timers: ScheduledTimer[];
}

export const takeTransition = <Input>(step: TakeTransition<Input>): TakenTransition => {
  const matching = step.candidates.filter((t) => t.outcome === undefined || t.outcome === step.outcome);
  if (matching.length === 0) {
    fail(DomainErrorCode.TRANSITION_NOT_ALLOWED, `Outcome "${step.outcome}" leads nowhere from stage "${step.from ?? '(none)'}"`);
  }
  const permitted = matching.filter((t) => hasAnyRole(step.actor, t.roles));
  const transition = permitted[0] ?? fail(DomainErrorCode.FORBIDDEN, `Outcome "${step.outcome}" needs one of the roles ${matching.flatMap((t) => t.roles).join(', ')}`);
  const failures = (transition.guards ?? [])
    .map((name) => step.guards[name](step.guardInput))
    .filter((reason): reason is string => reason !== undefined);
  if (failures.length > 0) fail(DomainErrorCode.GUARD_FAILED, failures.join('; '), failures);
  const { to, through } = followChoices(step.definition, transition.to, step.outcome);
  const timers = to === step.from ? [] : (transition.timers ?? []).map((spec) => schedule(spec, step.now, step.anchors, to));
  return { transition, to, through, timers };
};

const followChoices = (definition: WorkflowDefinition, target: StageId, outcome: string | undefined) => {
  const through: StageId[] = [];
  let to = target;
  for (let stage = findStage(definition, to); stage?.kind === 'choice'; stage = findStage(definition, to)) {
    const branch = stage.branches.find((b) => b.outcome === outcome);
    if (!branch || through.includes(stage.id)) {
      return fail(DomainErrorCode.TRANSITION_NOT_ALLOWED, `Choice "${stage.id}" has no branch for outcome "${outcome}"`);
    }
    through.push(stage.id);
    to = branch.to;
  }
  return { to, through };
};

const schedule = (
  spec: TimerSpec,
  now: string,
  anchors: Partial<Record<AnchorName, string>>,
  stage: StageId,
): ScheduledTimer => {
  if ('after' in spec) return { kind: spec.name, dueAt: addDuration(now, spec.after), stage };
  const anchor = anchors[spec.at] ?? fail(DomainErrorCode.INVALID_DEFINITION, `Timer "${spec.name}" needs anchor "${spec.at}"`);
  const dueAt = spec.offset ? addDuration(anchor, spec.offset) : new Date(anchor).toISOString();
  return { kind: spec.name, dueAt, stage };
};

export const timerAction = (kind: TimerKind) => TIMERS[kind];
