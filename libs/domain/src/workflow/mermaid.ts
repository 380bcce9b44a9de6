import { assertNever } from '../shared/decider';
import { Stage, Transition, WorkflowDefinition } from './definition';

const label = (t: Transition): string => {
  const outcome = t.outcome ? ` [${t.outcome}]` : '';
  const guards = t.guards && t.guards.length > 0 ? ` if ${t.guards.join(', ')}` : '';
  return `${t.command}${outcome}${guards}`;
};

const stageLines = (stage: Stage): string[] => {
  switch (stage.kind) {
    case 'active':
      return stage.transitions.map((t) => `  ${stage.id} --> ${t.to}: ${label(t)}`);
    case 'choice':
      return stage.branches.map((b) => `  ${stage.id} --> ${b.to}: ${b.outcome}`);
    case 'final':
      return [`  ${stage.id} --> [*]`];
    default:
      return assertNever(stage);
  }
};

/** Mermaid `stateDiagram-v2` text for a definition, for GET /workflows/{id}/versions/{v}/diagram. */
export const toMermaid = (definition: Pick<WorkflowDefinition, 'start' | 'stages'> & { id: string; title: string }): string => {
  const lines = ['stateDiagram-v2', `  %% ${definition.id}: ${definition.title}`];
  for (const stage of definition.stages) {
    if (stage.kind === 'choice') lines.push(`  state ${stage.id} <<choice>>`);
    if (stage.label) lines.push(`  ${stage.id}: ${stage.label}`);
  }
  lines.push(`  [*] --> ${definition.start.to}: ${label(definition.start)}`);
  for (const stage of definition.stages) lines.push(...stageLines(stage));
  return `${lines.join('\n')}\n`;
};
