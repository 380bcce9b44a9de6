import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, CommandHandler, QueryBus, QueryHandler, Query as CqrsQuery, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CommandResponses, QueryResponses } from '../http/openapi';
import {
  DomainErrorCode,
  canReadDossier,
  currentReview,
  fail,
  initiativeDecider,
  remindReviewers,
  reviewProgress,
  type Actor,
  type InitiativeEvent,
  type InitiativeState,
} from '@laurel/domain';
import { CommandRunner, streams, type CommandResult, type DeciderLike, type RequestMeta } from '@laurel/application';
import { Meta } from '../http/request-meta.decorator';
import { ApiEmptyBody, EmptyBody } from '../http/request-validation';
import { IdPipe, InitiativeCommandMessage } from './support/http';
import { ReferenceSources } from './support/context-sources';
import { WorkflowDefinitions } from './support/workflow-definitions';
import { Idempotent } from '../http/idempotency.interceptor';

/*
 * The secretary's progress page of a review: per panel member, recused (and why), scored, voted —
 * never what anyone scored or chose (a secret ballot's choice is not even in the state; an open
 * ballot's choice and the score sheets are not read here). And the reminder to those who still owe.
 */

// ── Response shapes (OpenAPI) ────────────────────────────────────────────────────────────────────

export class MemberProgressView {
  @ApiProperty({ type: String, example: 'member-1' }) memberId!: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: "The member's role in the council (chair, vice_chair, member)", example: 'member' }) councilRole!: string | null;
  @ApiProperty({ type: Boolean }) recused!: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'automatic:nominating_unit, automatic:author or declared_conflict', example: 'declared_conflict' })
  recusalReason!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: "The member's own words when they declared a conflict" }) conflictStatement!: string | null;
  @ApiProperty({ type: Boolean, description: 'Has submitted a score sheet (not what it says)' }) scored!: boolean;
  @ApiProperty({ type: Boolean, description: 'Has cast a ballot (never which choice)' }) voted!: boolean;
  @ApiProperty({ type: Boolean, description: 'Eligible and still owing scores (where the track has a rubric) or a ballot' }) owing!: boolean;
}

export class ReviewTallyView {
  @ApiProperty({ type: 'integer' }) panel!: number;
  @ApiProperty({ type: 'integer' }) recused!: number;
  @ApiProperty({ type: 'integer' }) eligible!: number;
  @ApiProperty({ type: 'integer' }) voted!: number;
  @ApiProperty({ type: 'integer' }) approve!: number;
  @ApiProperty({ type: 'integer' }) reject!: number;
  @ApiProperty({ type: 'integer' }) abstain!: number;
  @ApiProperty({ type: Boolean }) quorumMet!: boolean;
  @ApiProperty({ type: 'integer' }) approvalBase!: number;
  @ApiProperty({ type: Boolean }) approved!: boolean;
}

export class ReviewProgressView {
  @ApiProperty({ type: String }) initiativeId!: string;
  @ApiProperty({ type: String }) reviewId!: string;
  @ApiProperty({ type: 'integer' }) cycle!: number;
  @ApiProperty({ type: String, enum: ['open', 'closed'] }) status!: 'open' | 'closed';
  @ApiProperty({ type: String }) councilId!: string;
  @ApiProperty({ type: Boolean }) secretBallot!: boolean;
  @ApiProperty({ type: Boolean, description: 'The track scores against a rubric' }) rubric!: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) openedAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) deadline!: string;
  @ApiProperty({ type: [MemberProgressView] }) members!: MemberProgressView[];
  @ApiProperty({ type: 'integer', description: 'Panel members not recused' }) eligible!: number;
  @ApiProperty({ type: 'integer' }) scored!: number;
  @ApiProperty({ type: 'integer' }) voted!: number;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date-time', description: 'When the secretary last sent a reminder' }) lastRemindedAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, enum: ['recommended', 'not_recommended', 'no_quorum'] }) outcome!: string | null;
  @ApiPropertyOptional({ type: ReviewTallyView, nullable: true, description: 'After close: the tally only' }) tally!: ReviewTallyView | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true, description: 'After close: the rule applied (definition version, quorum, approval, secrecy)' })
  rule!: Record<string, unknown> | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date-time' }) closedAt!: string | null;
}

export class RemindersResultView {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: 'integer' }) version!: number;
  @ApiProperty({ type: String }) position!: string;
  @ApiProperty({ type: [String], description: 'The members reminded (those who still owe scores or a ballot)' }) reminded!: string[];
}


// ── Query ────────────────────────────────────────────────────────────────────────────────────────

export class GetReviewProgressQuery extends CqrsQuery<ReviewProgressView> {
  constructor(
    readonly initiativeId: string,
    readonly viewer: Actor,
  ) {
    super();
  }
}

@QueryHandler(GetReviewProgressQuery)
export class GetReviewProgressHandler implements IQueryHandler<GetReviewProgressQuery, ReviewProgressView> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly definitions: WorkflowDefinitions,
    private readonly sources: ReferenceSources,
  ) {}

  async execute({ initiativeId, viewer }: GetReviewProgressQuery): Promise<ReviewProgressView> {
    const { state, events } = await this.runner.load(streams.initiative(initiativeId), initiativeDecider);
    if (state.kind !== 'initiative') return fail(DomainErrorCode.NOT_FOUND, `Initiative ${initiativeId} not found`);
    const { assignedCouncil, units } = await this.sources.scope(state);
    if (!canReadDossier({ actor: viewer, initiative: state, council: assignedCouncil, units })) return fail(DomainErrorCode.NOT_FOUND, `Initiative ${initiativeId} not found`);
    const review = currentReview(state);
    if (!review) return fail(DomainErrorCode.NOT_FOUND, `Initiative ${initiativeId} has no review`);
    const definition = await this.definitions.version(state.definitionId, state.definitionVersion);
    const progress = reviewProgress(review, (definition.parameters.rubric ?? []).length > 0);
    const roleOf = (memberId: string) => (assignedCouncil.status === 'active' ? (assignedCouncil.members.find((m) => m.userId === memberId)?.role ?? null) : null);
    const statementOf = (memberId: string): string | null => {
      const declared = [...events].reverse().find((e) => e.type === 'ConflictDeclared' && (e.data as { reviewId?: string; memberId?: string }).reviewId === review.reviewId && (e.data as { memberId?: string }).memberId === memberId);
      const reason = (declared?.data as { reason?: unknown } | undefined)?.reason;
      return typeof reason === 'string' ? reason : null;
    };
    const reminded = [...events].reverse().find((e) => e.type === 'ReviewersReminded' && (e.data as { reviewId?: string }).reviewId === review.reviewId);
    const closed = review.status === 'closed' ? review : undefined;
    // Field by field: nothing of a ballot's choice or a score sheet's content is copied.
    return {
      initiativeId,
      reviewId: review.reviewId,
      cycle: review.cycle,
      status: review.status,
      councilId: review.councilId,
      secretBallot: review.secretBallot,
      rubric: progress.rubric,
      openedAt: review.openedAt,
      deadline: review.deadline,
      members: progress.members.map((m) => ({
        memberId: m.memberId,
        councilRole: roleOf(m.memberId),
        recused: m.recused,
        recusalReason: m.recusalReason,
        conflictStatement: m.recusalReason === 'declared_conflict' ? statementOf(m.memberId) : null,
        scored: m.scored,
        voted: m.voted,
        owing: m.owing,
      })),
      eligible: progress.eligible,
      scored: progress.scored,
      voted: progress.voted,
      lastRemindedAt: typeof (reminded?.data as { remindedAt?: unknown } | undefined)?.remindedAt === 'string' ? String((reminded?.data as { remindedAt: string }).remindedAt) : null,
      outcome: closed?.outcome ?? null,
      tally: closed ? { ...closed.tally } : null,
      rule: closed ? { ...closed.rule } : null,
      closedAt: closed?.closedAt ?? null,
    };
  }
}

// ── Command ──────────────────────────────────────────────────────────────────────────────────────

export class RemindReviewersCommand extends InitiativeCommandMessage<Record<string, never>, CommandResult & { reminded: string[] }> {}

interface ReminderContext {
  now: string;
  actor: Actor;
  assignedCouncil: Awaited<ReturnType<ReferenceSources['scope']>>['assignedCouncil'] | undefined;
  withRubric: boolean;
}

@CommandHandler(RemindReviewersCommand)
export class RemindReviewersHandler implements ICommandHandler<RemindReviewersCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly definitions: WorkflowDefinitions,
    private readonly sources: ReferenceSources,
  ) {}

  async execute({ initiativeId, meta }: RemindReviewersCommand): Promise<CommandResult & { reminded: string[] }> {
    let reminded: string[] = [];
    const decider: DeciderLike<{ type: 'remindReviewers' }, InitiativeEvent, InitiativeState, ReminderContext> = {
      decide: (_command, state, context) => {
        const events = remindReviewers(state, context);
        reminded = events.flatMap((e) => e.data.memberIds);
        return events;
      },
      evolve: initiativeDecider.evolve,
      initialState: initiativeDecider.initialState,
    };
    const result = await this.runner.run({
      stream: streams.initiative(initiativeId),
      id: initiativeId,
      decider,
      command: { type: 'remindReviewers' },
      meta,
      context: async (state, now, read): Promise<ReminderContext> => {
        if (state.kind !== 'initiative') return fail(DomainErrorCode.NOT_FOUND, `Initiative ${initiativeId} not found`);
        const { assignedCouncil } = await this.sources.scope(state, read);
        const definition = await this.definitions.version(state.definitionId, state.definitionVersion, read);
        return { now, actor: meta.actor, assignedCouncil, withRubric: (definition.parameters.rubric ?? []).length > 0 };
      },
      metadata: (state) => (state.kind === 'initiative' ? { workflowDefinitionId: state.definitionId, workflowDefinitionVersion: state.definitionVersion } : {}),
    });
    return { ...result, reminded };
  }
}

// ── Routes ───────────────────────────────────────────────────────────────────────────────────────

@ApiTags('initiatives')
@ApiBearerAuth()
@Controller('initiatives')
export class ReviewProgressController {
  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
  ) {}

  @Get(':id/review')
  @ApiOperation({ summary: "The current review's progress: per panel member recused (and why), scored, voted — never what; the tally and rule once closed" })
  @QueryResponses(ReviewProgressView, { problems: [404] })
  progress(@Param('id', IdPipe) id: string, @Meta() meta: RequestMeta): Promise<ReviewProgressView> {
    return this.queries.execute(new GetReviewProgressQuery(id, meta.actor));
  }

  @Idempotent()
  @Post(':id/review/reminders')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remind the panel members who still owe scores or a ballot (secretary of the assigned council); a notification each' })
  @ApiEmptyBody()
  @CommandResponses(RemindersResultView, { description: 'The members reminded (409 NOTHING_OWED when everyone has scored and voted)' })
  remind(@Param('id', IdPipe) id: string, @Body(EmptyBody) body: Record<string, never>, @Meta() meta: RequestMeta): Promise<CommandResult & { reminded: string[] }> {
    return this.commands.execute(new RemindReviewersCommand(id, body, meta));
  }
}
