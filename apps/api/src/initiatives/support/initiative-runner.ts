import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  ballotKeyNeeded,
  currentReview,
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
import { BallotBox, CommandRunner, streams, type CommandResult, type DeciderLike, type RequestMeta, type StreamReader } from '@laurel/application';
import type { EventMetadata } from '@laurel/event-store';
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
   * close reveals) always matches the state the decision is taken on. Reference streams are read
   * with `read` (ReferenceSources takes it), which the append checks.
   */
  prepare(state: Initiative, definition: WorkflowDefinition, read: StreamReader): Promise<Prepared> | Prepared;
}

/** The decision context with the command prepared for this attempt. */
type PreparedContext = InitiativeContext & { readonly prepared: InitiativeCommand };

/** What the last attempt of a run decided: the state it read, the events, the definition. */
interface Decision {
  before: InitiativeState;
  events: InitiativeEvent[];
  definition: WorkflowDefinition;
}

/**
 * The initiative decider, deciding the command prepared on this attempt rather than a fixed one,
 * and keeping what it decided so the run can tell afterwards whether a secret review ended.
 */
const engineFor = (decided: { last?: Decision }): DeciderLike<{ type: string }, InitiativeEvent, InitiativeState, PreparedContext> => ({
  decide: (_named, state, context) => {
    const events = initiativeDecider.decide(context.prepared, state, context);
    decided.last = { before: state, events, definition: context.definition };
    return events;
  },
  evolve: initiativeDecider.evolve,
  initialState: initiativeDecider.initialState,
});

/**
 * A secret ballot's event carries nothing that joins it to its request: a fresh correlation id
 * (not the request id, not X-Correlation-Id, both of which a log reader may see) and no
 * Idempotency-Key (a client might put anything in it). The event id still derives from the key.
 */
const secretBallotMetadata = (command: InitiativeCommand): Partial<EventMetadata> =>
  command.type === 'castBallot' && command.data.sealedChoice !== undefined ? { correlationId: randomUUID(), idempotencyKey: undefined } : {};

/**
 * Runs initiative commands through the CommandRunner: loads the context each command needs
 * (libs/domain/README.md, "Context per initiative command") — for every command the scope the
 * authority rules decide on (assigned council, unit ancestry) — and stamps every event with the
 * workflow definition id and version it was decided under.
 */
@Injectable()
export class InitiativeRunner {
  private readonly logger = new Logger('InitiativeRunner');

  constructor(
    private readonly runner: CommandRunner,
    private readonly definitions: WorkflowDefinitions,
    private readonly sources: ReferenceSources,
    private readonly ballots: BallotBox,
  ) {}

  async run(step: InitiativeStep): Promise<CommandResult> {
    const actor = step.actor ?? step.meta.actor;
    const decided: { last?: Decision } = {};
    const result = await this.runner.run({
      stream: streams.initiative(step.initiativeId),
      id: step.initiativeId,
      decider: engineFor(decided),
      command: { type: step.type },
      meta: { ...step.meta, actor },
      context: async (state, now, read): Promise<PreparedContext> => {
        if (state.kind !== 'initiative') return fail(DomainErrorCode.NOT_FOUND, `Initiative ${step.initiativeId} not found`);
        const definition =
          step.definition === 'newest'
            ? await this.definitions.newest(state.definitionId, read)
            : await this.definitions.version(state.definitionId, state.definitionVersion, read);
        const { command, context } = await step.prepare(state, definition, read);
        const scope = await this.sources.scope(state, read);
        return { ...scope, ...context, now, actor, definition, prepared: command };
      },
      metadata: (_state, context) => ({ ...definitionMetadata(context.definition), ...secretBallotMetadata(context.prepared) }),
    });
    if (decided.last) await this.destroyEndedKey(decided.last);
    return result;
  }

  /**
   * Every command that ends a secret review ends its key: a close, a withdrawal, a new review cycle
   * superseding it, any transition out of its stage (`ballotKeyNeeded`). Keys a crash leaves
   * behind go with the sweeper at the next start.
   */
  private async destroyEndedKey({ before, events, definition }: Decision): Promise<void> {
    const review = currentReview(before);
    if (!review?.secretBallot || !ballotKeyNeeded(before, review.reviewId, definition)) return;
    const after = events.reduce(initiativeDecider.evolve, before);
    if (ballotKeyNeeded(after, review.reviewId, definition)) return;
    // The command is written: a failed deletion must not turn it into an error. The sweeper retries.
    await this.ballots.destroy(review.reviewId).catch((error: unknown) => {
      this.logger.error(`could not destroy the key of ended review ${review.reviewId} (the sweeper will): ${error instanceof Error ? error.message : String(error)}`);
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
      decider: engineFor({}),
      command: { type: command.type },
      meta,
      context: async (_state, now, read): Promise<PreparedContext> => {
        const movement = await this.sources.movement(movementId, read);
        if (movement.status === 'none') return fail(DomainErrorCode.NOT_FOUND, `Movement ${movementId} not found`);
        const definition = await this.definitions.newest(movement.workflowId, read);
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
