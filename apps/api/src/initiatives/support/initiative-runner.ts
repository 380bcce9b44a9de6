import { Injectable } from '@nestjs/common';
import {
  DomainErrorCode,
  fail,
  initiativeDecider,
  type Actor,
  type Initiative,
  type InitiativeCommand,
  type InitiativeContext,
  type InitiativeEvent,
  type InitiativeState,
  type RegisterInitiative,
  type WorkflowDefinition,
} from '@laurel/domain';
import { CommandRunner, streams, type CommandResult, type DeciderLike, type RequestMeta } from '@laurel/application';
import { ReferenceSources } from './context-sources';
import { WorkflowDefinitions } from './workflow-definitions';

/** What a use case adds besides now, actor and definition. */
export type ExtraContext = Omit<Partial<InitiativeContext>, 'now' | 'actor' | 'definition'>;

export interface Prepared {
  command: InitiativeCommand;
  context?: ExtraContext;
}

export interface InitiativeStep {
  initiativeId: string;
  meta: RequestMeta;
  /** The command's name, recorded in the events' metadata. */
  type: InitiativeCommand['type'];
  /** `pinned` (default): the version the initiative is pinned to; `newest`: a new nomination re-pins. */
  definition?: 'pinned' | 'newest';
  /** Replaces the request's actor (public objections act with the public role). */
  actor?: Actor;
  /**
   * Builds the domain command and its extra context from the state just read. Called again on every
   * retry, so whatever depends on the state (the review a ballot is sealed for, the sealed ballots a
   * close reveals) always matches the state the decision is taken on.
   */
  prepare(state: Initiative, definition: WorkflowDefinition): Promise<Prepared> | Prepared;
}

/** The decision context with the command prepared for this attempt. */
type PreparedContext = InitiativeContext & { readonly prepared: InitiativeCommand };

/** The initiative decider, deciding the command prepared on this attempt rather than a fixed one. */
const engine: DeciderLike<{ type: string }, InitiativeEvent, InitiativeState, PreparedContext> = {
  decide: (_named, state, context) => initiativeDecider.decide(context.prepared, state, context),
  evolve: initiativeDecider.evolve,
  initialState: initiativeDecider.initialState,
};

/**
 * Runs initiative commands through the CommandRunner: loads the context each command needs
 * (libs/domain/README.md, "Context per initiative command") — for every command the scope the
 * authority rules decide on (assigned council, unit ancestry) — and stamps every event with the
 * workflow definition id and version it was decided under.
 */
@Injectable()
export class InitiativeRunner {
  constructor(
    private readonly runner: CommandRunner,
    private readonly definitions: WorkflowDefinitions,
    private readonly sources: ReferenceSources,
  ) {}

  run(step: InitiativeStep): Promise<CommandResult> {
    const actor = step.actor ?? step.meta.actor;
    return this.runner.run({
      stream: streams.initiative(step.initiativeId),
      id: step.initiativeId,
      decider: engine,
      command: { type: step.type },
      meta: { ...step.meta, actor },
      context: async (state, now): Promise<PreparedContext> => {
        if (state.kind !== 'initiative') return fail(DomainErrorCode.NOT_FOUND, `Initiative ${step.initiativeId} not found`);
        const definition =
          step.definition === 'newest'
            ? await this.definitions.newest(state.definitionId)
            : await this.definitions.version(state.definitionId, state.definitionVersion);
        const { command, context } = await step.prepare(state, definition);
        const scope = await this.sources.scope(state);
        return { ...scope, ...context, now, actor, definition, prepared: command };
      },
      metadata: (_state, context) => definitionMetadata(context.definition),
    });
  }

  /** The initiative's current state (queries and clean-ups; commands fold inside `run`). */
  async load(initiativeId: string): Promise<InitiativeState> {
    return (await this.runner.current(streams.initiative(initiativeId), initiativeDecider)).state;
  }

  /** True once the review is recorded as closed: only then may its key be destroyed. */
  async reviewClosed(initiativeId: string, reviewId: string): Promise<boolean> {
    const state = await this.load(initiativeId);
    return state.kind === 'initiative' && state.reviews.some((r) => r.reviewId === reviewId && r.status === 'closed');
  }

  /** `register`: the movement decides the track; the newest version of its workflow is pinned. */
  register(command: RegisterInitiative, meta: RequestMeta): Promise<CommandResult> {
    const { initiativeId, movementId } = command.data;
    return this.runner.run({
      stream: streams.initiative(initiativeId),
      id: initiativeId,
      decider: engine,
      command: { type: command.type },
      meta,
      context: async (_state, now): Promise<PreparedContext> => {
        const movement = await this.sources.movement(movementId);
        if (movement.status === 'none') return fail(DomainErrorCode.NOT_FOUND, `Movement ${movementId} not found`);
        const definition = await this.definitions.newest(movement.workflowId);
        return { now, actor: meta.actor, definition, movement, prepared: command };
      },
      metadata: (_state, context) => definitionMetadata(context.definition),
    });
  }
}

const definitionMetadata = (definition: WorkflowDefinition) => ({
  workflowDefinitionId: definition.id,
  workflowDefinitionVersion: definition.version,
});
