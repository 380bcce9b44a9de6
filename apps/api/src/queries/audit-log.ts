import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus, QueryHandler, Query as CqrsQuery, type IQueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Length } from 'class-validator';
import type { AuditEntry, Page } from '@laurel/read-models';
import { Roles } from '../auth/auth.decorators';
import { pageRequest, ReadModelGate, ReadQuery } from './read-model-gate';
import { QueryResponses } from '../http/openapi';
import { AuditLogPage } from './views.dto';

export class AuditParams extends ReadQuery {
  @ApiPropertyOptional({ type: String, description: 'Only events recorded by this user', example: 'admin' })
  @IsOptional() @IsString() @Length(1, 100) actorId?: string;
  @ApiPropertyOptional({ type: String, description: 'Only events of this type', example: 'InitiativeRegistered' })
  @IsOptional() @IsString() @Length(1, 100) type?: string;
  @ApiPropertyOptional({ type: String, description: 'Only events of this stream', example: 'initiative-ledger-2025-hanoi' })
  @IsOptional() @IsString() @Length(1, 200) stream?: string;
  @ApiPropertyOptional({ type: String, description: 'ISO 8601 instant: events recorded from then on (inclusive); pages stay in log order', example: '2025-01-01T00:00:00Z' })
  @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ type: String, description: 'ISO 8601 instant: events recorded before then (exclusive)', example: '2025-12-31T23:59:59Z' })
  @IsOptional() @IsISO8601({ strict: true }) to?: string;
}

export class ReadAuditLog extends CqrsQuery<Page<AuditEntry>> {
  constructor(readonly params: AuditParams) {
    super();
  }
}

/**
 * Everything the log held when the request came (and ?minPosition= when given), once the audit
 * log's read model has seen it: on PostgreSQL the log itself (audit_times places time windows), on
 * other stores the audit_log copy — the same answer on any event store.
 */
@QueryHandler(ReadAuditLog)
export class ReadAuditLogHandler implements IQueryHandler<ReadAuditLog, Page<AuditEntry>> {
  constructor(private readonly gate: ReadModelGate) {}

  execute({ params }: ReadAuditLog): Promise<Page<AuditEntry>> {
    const { actorId, type, stream, from, to } = params;
    const { audit } = this.gate;
    return this.gate.readCurrent([audit.projection], params.minPosition, (db) => audit.page(db, { actorId, type, stream, from, to }, pageRequest(params)));
  }
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditLogController {
  constructor(private readonly queries: QueryBus) {}

  @Get('events')
  @Roles('auditor', 'administrator')
  @ApiOperation({ summary: 'The raw event log with metadata, oldest first (secret-ballot choices stripped)' })
  @QueryResponses(AuditLogPage)
  events(@Query() params: AuditParams): Promise<Page<AuditEntry>> {
    return this.queries.execute(new ReadAuditLog(params));
  }
}
