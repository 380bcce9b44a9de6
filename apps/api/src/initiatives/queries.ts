import { Controller, Get, Injectable, Param, Query } from '@nestjs/common';
import { QueryHandler, Query as CqrsQuery, type IQueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import { DomainErrorCode, canReadDossier, fail, initiativeDecider, type Actor, type Initiative, type InitiativeEvent, type InitiativeState } from '@laurel/domain';
import { CommandRunner, streams, toDomainEvent, type RequestMeta } from '@laurel/application';
import type { RecordedEvent } from '@laurel/event-store';
import { Meta } from '../http/request-meta.decorator';
import { Disclosure, historyEntry, initiativeView } from './initiative-view';
import { IdPipe } from './support/http';
import { ReferenceSources } from './support/context-sources';
import { WorkflowDefinitions } from './support/workflow-definitions';
import { QueryResponses } from '../http/openapi';
import { InitiativeView, InitiativeHistoryView } from './initiative-view.dto';
import { SharedQueries } from '../queries/shared-queries';

/*
 * Queries answered by folding the initiative's stream until its read models exist. Only those the
 * domain's canReadDossier admits read the dossier (nominating unit and above, the assigned council,
 * the deciding authority, auditors, administrators); everyone else gets 404, as if it did not
 * exist. What they see is shaped by Disclosure (initiative-view.ts): no secret-ballot choice or
 * sealed ballot ever, others' scores only as visibleScores allows.
 */

export class HistoryQuery {
  /** The state as it was at this instant (events recorded up to and including it). */
  @ApiPropertyOptional({ type: String, description: 'ISO 8601 instant: the state as it was then (events recorded up to and including it)', example: '2025-06-01T00:00:00Z' })
  @IsOptional() @IsISO8601({ strict: true }) asOf?: string;
  /** The state as it was at this stream version. */
  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'The state as it was at this stream version', example: 5 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000_000) version?: number;
}

const fold = (events: readonly RecordedEvent[]): InitiativeState =>
  events.reduce((s, e) => initiativeDecider.evolve(s, toDomainEvent<InitiativeEvent>(e)), initiativeDecider.initialState());

@Injectable()
abstract class InitiativeReadBase {
  constructor(
    protected readonly runner: CommandRunner,
    protected readonly definitions: WorkflowDefinitions,
    protected readonly sources: ReferenceSources,
  ) {}

  /** The initiative with its events, for a viewer who may read its dossier; anyone else is told it does not exist. */
  protected async read(initiativeId: string, viewer: Actor) {
    const { state, events } = await this.runner.load(streams.initiative(initiativeId), initiativeDecider);
    await this.checkReader(initiativeId, state, viewer);
    return { state, events };
  }

  /**
   * The initiative now (the runner's folded stream, caught up with one read of what was appended
   * since), for a viewer who may read its dossier.
   */
  protected async current(initiativeId: string, viewer: Actor) {
    const { state, version } = await this.runner.current(streams.initiative(initiativeId), initiativeDecider);
    await this.checkReader(initiativeId, state, viewer);
    return { state, version };
  }

  private async checkReader(initiativeId: string, state: InitiativeState, viewer: Actor): Promise<void> {
    if (state.kind !== 'initiative' || !(await this.mayRead(state, viewer))) fail(DomainErrorCode.NOT_FOUND, `Initiative ${initiativeId} not found`);
  }

  private async mayRead(state: Initiative, viewer: Actor): Promise<boolean> {
    const { assignedCouncil, units } = await this.sources.scope(state);
    return canReadDossier({ actor: viewer, initiative: state, council: assignedCouncil, units });
  }

  protected async view(state: InitiativeState, version: number, disclosure: Disclosure) {
    if (state.kind !== 'initiative') return null;
    const definition = await this.definitions.version(state.definitionId, state.definitionVersion).catch(() => undefined);
    return initiativeView(state, version, disclosure, definition);
  }
}

export class GetInitiativeQuery extends CqrsQuery<unknown> {
  constructor(
    readonly initiativeId: string,
    readonly viewer: Actor,
  ) {
    super();
  }
}

@QueryHandler(GetInitiativeQuery)
export class GetInitiativeHandler extends InitiativeReadBase implements IQueryHandler<GetInitiativeQuery> {
  async execute({ initiativeId, viewer }: GetInitiativeQuery) {
    const { state, version } = await this.current(initiativeId, viewer);
    return this.view(state, version, new Disclosure(state, viewer));
  }
}

export class GetHistoryQuery extends CqrsQuery<unknown> {
  constructor(
    readonly initiativeId: string,
    readonly filter: HistoryQuery,
    readonly viewer: Actor,
  ) {
    super();
  }
}

@QueryHandler(GetHistoryQuery)
export class GetHistoryHandler extends InitiativeReadBase implements IQueryHandler<GetHistoryQuery> {
  async execute({ initiativeId, filter, viewer }: GetHistoryQuery) {
    const { state: current, events } = await this.read(initiativeId, viewer);
    const asOf = filter.asOf === undefined ? undefined : Date.parse(filter.asOf);
    const upTo = events.filter(
      (e) => (filter.version === undefined || e.streamVersion <= filter.version) && (asOf === undefined || Date.parse(e.recordedAt) <= asOf),
    );
    // Who may see what is judged on the initiative as it is now, also for an earlier state.
    const disclosure = new Disclosure(current, viewer);
    return {
      id: initiativeId,
      version: upTo.length,
      currentVersion: events.length,
      asOf: filter.asOf ?? null,
      state: await this.view(fold(upTo), upTo.length, disclosure),
      events: upTo.map((e) => historyEntry(e, disclosure)),
    };
  }
}

@ApiTags('initiatives')
@ApiBearerAuth()
@Controller('initiatives')
export class InitiativeQueriesController {
  constructor(private readonly queries: SharedQueries) {}

  @Get(':id')
  @ApiOperation({ summary: 'The initiative now: stage, definition version, dossier, review summary, awards, replications' })
  @QueryResponses(InitiativeView, { problems: [404] })
  get(@Param('id', IdPipe) id: string, @Meta() meta: RequestMeta) {
    return this.queries.execute(new GetInitiativeQuery(id, meta.actor));
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'The decision history; ?asOf=<ISO instant> or ?version=<n> gives the state as it was then' })
  @QueryResponses(InitiativeHistoryView, { problems: [404] })
  history(@Param('id', IdPipe) id: string, @Query() query: HistoryQuery, @Meta() meta: RequestMeta) {
    return this.queries.execute(new GetHistoryQuery(id, query, meta.actor));
  }
}
