import { DecisionContext, hasAnyRole } from '../shared/context';
import { Command, DomainEvent, assertNever } from '../shared/decider';
import { DomainErrorCode, fail } from '../shared/errors';
import { DefinitionDraft, WorkflowDefinition } from './definition';
import { validateDefinition } from './validate';

export type PublishDefinition = Command<'publishDefinition', { definition: DefinitionDraft }>;
export type WorkflowDefinitionCommand = PublishDefinition;

export type DefinitionPublished = DomainEvent<
  'DefinitionPublished',
  { definitionId: string; version: number; definition: WorkflowDefinition; publishedAt: string }
>;
export type WorkflowDefinitionEvent = DefinitionPublished;

export type WorkflowDefinitionState =
  | { status: 'unpublished' }
  | {
      status: 'published';
      definitionId: string;
      latest: WorkflowDefinition;
      /** Every version stays readable: initiatives pinned to older ones still run on them. */
      versions: WorkflowDefinition[];
    };

export const initialWorkflowDefinitionState = (): WorkflowDefinitionState => ({ status: 'unpublished' });

/** Publishes the draft as version n+1 after validation; only administrators may. */
export const decideWorkflowDefinition = (
  command: WorkflowDefinitionCommand,
  state: WorkflowDefinitionState,
  context: DecisionContext,
): WorkflowDefinitionEvent[] => {
  switch (command.type) {
    case 'publishDefinition': {
      if (!hasAnyRole(context.actor, ['administrator'])) fail(DomainErrorCode.FORBIDDEN, 'Only administrators publish workflow definitions');
      const draft = command.data.definition;
      validateDefinition(draft);
      if (state.status === 'published' && state.definitionId !== draft.id) {
        fail(DomainErrorCode.VALIDATION_FAILED, `This stream holds "${state.definitionId}", not "${draft.id}"`);
      }
      const version = state.status === 'published' ? state.latest.version + 1 : 1;
      return [
        {
          type: 'DefinitionPublished',
          data: { definitionId: draft.id, version, definition: { ...draft, version }, publishedAt: context.now },
        },
      ];
    }
    default:
      return assertNever(command.type);
  }
};

export const evolveWorkflowDefinition = (
  state: WorkflowDefinitionState,
  event: WorkflowDefinitionEvent,
): WorkflowDefinitionState => {
  switch (event.type) {
    case 'DefinitionPublished': {
      const versions = state.status === 'published' ? [...state.versions, event.data.definition] : [event.data.definition];
      return { status: 'published', definitionId: event.data.definitionId, latest: event.data.definition, versions };
    }
    default:
      return assertNever(event.type);
  }
};

export const workflowDefinitionDecider = {
  decide: decideWorkflowDefinition,
  evolve: evolveWorkflowDefinition,
  initialState: initialWorkflowDefinitionState,
};

export const definitionVersion = (state: WorkflowDefinitionState, version: number): WorkflowDefinition | undefined =>
  state.status === 'published' ? state.versions.find((d) => d.version === version) : undefined;
