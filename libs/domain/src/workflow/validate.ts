import { isRole } from '../shared/context';
import { DomainErrorCode, fail } from '../shared/errors';
import { durationProblem } from '../shared/duration';
import { isFraction } from '../shared/fraction';
import { DefinitionDraft, Stage, StageId, TimerSpec, Transition, WorkflowParameters, findStage, targetsOf } from './definition';
import { anchorsOf, isCommandName, isGuardName, isTimerKind, outcomesOf } from './vocabulary';

const STAGE_ID = /^[a-z][a-z0-9_]*$/;

/** Every problem of a definition, empty when it can be published. */
export const definitionProblems = (definition: DefinitionDraft): string[] => {
  const problems: string[] = [];
  if (!definition.id || !STAGE_ID.test(definition.id.replace(/-/g, '_'))) problems.push('id must be a lower-case slug');
  if (!definition.title?.trim()) problems.push('title is required');
  const stages = definition.stages ?? [];
  const ids = stages.map((s) => s.id);
  ids.filter((id, i) => ids.indexOf(id) !== i).forEach((id) => problems.push(`duplicate stage "${id}"`));
  ids.filter((id) => !STAGE_ID.test(id)).forEach((id) => problems.push(`stage id "${id}" must be snake_case`));

  if (definition.start?.command !== 'register') problems.push('start transition must use the command "register"');
  if (definition.start) problems.push(...transitionProblems(definition, '(start)', definition.start));

  for (const stage of stages) problems.push(...stageProblems(definition, stage));
  problems.push(...reachabilityProblems(definition));
  problems.push(...parameterProblems(definition));
  return problems;
};

/** Throws INVALID_DEFINITION listing every problem. */
export const validateDefinition = (definition: DefinitionDraft): void => {
  const problems = definitionProblems(definition);
  if (problems.length > 0) {
    fail(DomainErrorCode.INVALID_DEFINITION, `Workflow definition "${definition.id}" is invalid`, problems);
  }
};

const transitionProblems = (definition: DefinitionDraft, from: string, t: Transition): string[] => {
  const problems: string[] = [];
  const where = `${from} --${t.command}${t.outcome ? `[${t.outcome}]` : ''}-->`;
  if (!isCommandName(t.command)) {
    problems.push(`${where}: unknown command "${t.command}"`);
    return problems;
  }
  if (!findStage(definition, t.to)) problems.push(`${where}: unknown stage "${t.to}"`);
  if (t.outcome !== undefined && !outcomesOf(t.command).includes(t.outcome)) {
    problems.push(`${where}: command "${t.command}" never produces outcome "${t.outcome}"`);
  }
  if (!Array.isArray(t.roles) || t.roles.length === 0) problems.push(`${where}: no role may perform it`);
  (t.roles ?? []).filter((r) => !isRole(r)).forEach((r) => problems.push(`${where}: unknown role "${r}"`));
  // Administrators and auditors have no scope on an initiative (domain.md, "Authority"): such a transition could never be taken.
  (t.roles ?? []).filter((r) => r === 'administrator' || r === 'auditor').forEach((r) => problems.push(`${where}: role "${r}" does not act on initiatives`));
  (t.guards ?? []).filter((g) => !isGuardName(g)).forEach((g) => problems.push(`${where}: unknown guard "${g}"`));
  if ((t.timers ?? []).length > 0 && t.to === from) {
    problems.push(`${where}: timers need a stage change; a transition back to the same stage schedules none`);
  }
  for (const timer of t.timers ?? []) problems.push(...timerProblems(where, t, timer));
  return problems;
};

const timerProblems = (where: string, t: Transition, timer: TimerSpec): string[] => {
  const problems: string[] = [];
  if (!isTimerKind(timer.name)) problems.push(`${where}: unknown timer "${timer.name}"`);
  if ('after' in timer) {
    const problem = durationProblem(timer.after);
    if (problem) problems.push(`${where}: timer "${timer.name}" after "${timer.after}" ${problem}`);
  } else {
    if (!anchorsOf(t.command).includes(timer.at)) {
      problems.push(`${where}: timer "${timer.name}" is relative to "${timer.at}", which "${t.command}" does not set`);
    }
    const problem = timer.offset === undefined ? undefined : durationProblem(timer.offset);
    if (problem) problems.push(`${where}: timer "${timer.name}" offset "${timer.offset}" ${problem}`);
  }
  return problems;
};

const stageProblems = (definition: DefinitionDraft, stage: Stage): string[] => {
  switch (stage.kind) {
    case 'active': {
      const problems = stage.transitions.flatMap((t) => transitionProblems(definition, stage.id, t));
      if (stage.transitions.every((t) => t.to === stage.id)) {
        problems.push(`stage "${stage.id}" is a dead end but is not final`);
      }
      return problems;
    }
    case 'choice': {
      const problems: string[] = [];
      if (stage.branches.length === 0) problems.push(`choice "${stage.id}" has no branches`);
      const produced = outcomesEntering(definition, stage.id);
      for (const branch of stage.branches) {
        if (!findStage(definition, branch.to)) problems.push(`choice "${stage.id}" branch "${branch.outcome}": unknown stage "${branch.to}"`);
        if (!produced.has(branch.outcome)) problems.push(`choice "${stage.id}": no command entering it produces "${branch.outcome}"`);
      }
      return problems;
    }
    case 'final':
      return [];
    default:
      return [`stage "${(stage as Stage).id}" has an unknown kind`];
  }
};

/** Outcomes that commands entering a choice can produce (choices may chain). */
const outcomesEntering = (definition: DefinitionDraft, choiceId: StageId): Set<string> => {
  const outcomes = new Set<string>();
  const transitions = [definition.start, ...definition.stages.flatMap((s) => (s.kind === 'active' ? s.transitions : []))];
  for (const t of transitions) {
    if (t && t.to === choiceId && isCommandName(t.command)) outcomesOf(t.command).forEach((o) => outcomes.add(o));
  }
  for (const s of definition.stages) {
    if (s.kind === 'choice' && s.id !== choiceId && s.branches.some((b) => b.to === choiceId)) {
      s.branches.forEach((b) => outcomes.add(b.outcome));
    }
  }
  return outcomes;
};

const reachabilityProblems = (definition: DefinitionDraft): string[] => {
  const stages = definition.stages ?? [];
  const next = (id: StageId): StageId[] => {
    const stage = findStage(definition, id);
    return stage ? targetsOf(stage) : [];
  };
  const reachable = closure(definition.start ? [definition.start.to] : [], next);
  const unreachable = stages.filter((s) => !reachable.has(s.id)).map((s) => `stage "${s.id}" is unreachable`);
  const stuck = stages
    .filter((s) => s.kind !== 'final' && ![...closure([s.id], next)].some((id) => findStage(definition, id)?.kind === 'final'))
    .map((s) => `stage "${s.id}" can never reach a final stage`);
  return [...unreachable, ...stuck];
};

const closure = (from: StageId[], next: (id: StageId) => StageId[]): Set<StageId> => {
  const seen = new Set<StageId>();
  const queue = [...from];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...next(id));
  }
  return seen;
};

const usesCommand = (definition: DefinitionDraft, command: string): boolean =>
  definition.stages.some((s) => s.kind === 'active' && s.transitions.some((t) => t.command === command));

const usesGuard = (definition: DefinitionDraft, guard: string): boolean =>
  definition.stages.some((s) => s.kind === 'active' && s.transitions.some((t) => (t.guards ?? []).includes(guard as never)));

const parameterProblems = (definition: DefinitionDraft): string[] => {
  const p: WorkflowParameters = definition.parameters ?? {};
  const problems: string[] = [];
  if (p.quorum && (!isFraction(p.quorum.fraction) || p.quorum.base !== 'all_members')) {
    problems.push('parameters.quorum needs a fraction such as "2/3" and base "all_members"');
  }
  if (p.approval) {
    if (!isFraction(p.approval.fraction)) problems.push(`parameters.approval.fraction "${p.approval.fraction}" is not a fraction`);
    if (!['all_members', 'members_present', 'ballots_cast'].includes(p.approval.base)) problems.push('parameters.approval.base is unknown');
    if (!['at_least', 'more_than'].includes(p.approval.comparison)) problems.push('parameters.approval.comparison is unknown');
  }
  if (p.panelSelection !== undefined && !['council', 'subset'].includes(p.panelSelection)) {
    problems.push(`parameters.panelSelection "${String(p.panelSelection)}" must be "council" or "subset"`);
  }
  if (usesCommand(definition, 'closeReview') && (!p.quorum || !p.approval)) {
    problems.push('closeReview is used, so parameters.quorum and parameters.approval are required');
  }
  const criteria = (p.rubric ?? []).map((c) => c.criterion);
  criteria.filter((c, i) => criteria.indexOf(c) !== i).forEach((c) => problems.push(`rubric criterion "${c}" is duplicated`));
  (p.rubric ?? [])
    .filter((c) => !(c.weight > 0) || !(c.max > 0))
    .forEach((c) => problems.push(`rubric criterion "${c.criterion}" needs a positive weight and maximum`));
  // Bounded (duration.ts): an unbounded period ran dates off the calendar or froze the working-day count.
  for (const key of ['reviewPeriod', 'consultationPeriod'] as const) {
    const value = p[key];
    const problem = value === undefined ? undefined : durationProblem(value, { workingDays: key === 'consultationPeriod' && p.consultationInWorkingDays === true });
    if (problem) problems.push(`parameters.${key} "${value}" ${problem}`);
  }
  const needsReplications = usesCommand(definition, 'reportReplication') || usesGuard(definition, 'replicationThresholdMet');
  const n = p.replicationsForEscalation;
  if (needsReplications && !(Number.isInteger(n) && (n ?? 0) > 0)) {
    problems.push('parameters.replicationsForEscalation must be a positive integer when replications are tracked');
  }
  if (usesGuard(definition, 'dossierComplete') && !Array.isArray(p.requiredDocuments)) {
    problems.push('guard dossierComplete is used, so parameters.requiredDocuments is required');
  }
  return problems;
};
