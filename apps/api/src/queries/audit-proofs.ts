import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { documentIndexProjection, initiativesProjection, isPublishedDecisionEvent } from '@laurel/read-models';
import { AuditProofs, CheckpointNotFound, EventNotSealed, type Checkpoint, type ConsistencyProof, type InclusionProof } from '@laurel/event-store/audit';
import { Public, Roles } from '../auth/auth.decorators';
import { ProblemException } from '../http/problem-details';
import { QueryResponses } from '../http/openapi';
import { ReadModelGate } from './read-model-gate';

const MAX_SIZE = Number.MAX_SAFE_INTEGER;

export class CheckpointParams {
  @ApiPropertyOptional({ type: Number, description: 'The checkpoint of this tree size (default: the latest)', example: 1000 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(MAX_SIZE) size?: number;
}

export class ConsistencyParams {
  @ApiProperty({ type: Number, description: 'Tree size of the older checkpoint', example: 1000 })
  @Type(() => Number) @IsInt() @Min(0) @Max(MAX_SIZE) from!: number;
  @ApiProperty({ type: Number, description: 'Tree size of the newer checkpoint', example: 2000 })
  @Type(() => Number) @IsInt() @Min(0) @Max(MAX_SIZE) to!: number;
}

class CheckpointDto {
  @ApiProperty({ example: 2000 }) treeSize!: number;
  @ApiProperty({ description: 'Base64 Merkle root (RFC 9162)' }) rootHash!: string;
  @ApiProperty({ description: 'Global position of the last event covered' }) position!: string;
  @ApiProperty({ description: 'The C2SP signed note: origin, size, root, position, then the Ed25519 signature line' }) note!: string;
  @ApiProperty() createdAt!: string;
}

class InclusionProofDto {
  @ApiProperty() eventId!: string;
  @ApiProperty({ description: 'Hex chain hash of the event; the leaf is SHA-256(0x00 || it)' }) eventHash!: string;
  @ApiProperty() leafIndex!: number;
  @ApiProperty() treeSize!: number;
  @ApiProperty({ type: [String], description: 'Base64 audit path, leaf to root (RFC 9162 2.1.3)' }) path!: string[];
  @ApiProperty({ type: CheckpointDto }) checkpoint!: CheckpointDto;
}

class ConsistencyProofDto {
  @ApiProperty() fromSize!: number;
  @ApiProperty() toSize!: number;
  @ApiProperty({ type: [String], description: 'Base64 consistency proof (RFC 9162 2.1.4)' }) proof!: string[];
  @ApiProperty({ type: CheckpointDto }) from!: CheckpointDto;
  @ApiProperty({ type: CheckpointDto }) to!: CheckpointDto;
}

async function asProblem<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CheckpointNotFound || error instanceof EventNotSealed) throw new ProblemException(404, error.code, error.message);
    throw error;
  }
}

const eventIdParam = new ParseUUIDPipe({ exceptionFactory: () => new ProblemException(400, 'VALIDATION_FAILED', 'eventId must be a UUID') });

/** Signed checkpoints and Merkle proofs of the decision log (docs/tamper-evidence.md). Verify them; do not trust them. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditProofsController {
  constructor(private readonly proofs: AuditProofs) {}

  @Get('checkpoints')
  @Roles('auditor', 'administrator')
  @ApiOperation({ summary: 'The latest signed checkpoint of the log, or the one of ?size=' })
  @QueryResponses(CheckpointDto, { problems: [404] })
  checkpoints(@Query() params: CheckpointParams): Promise<Checkpoint> {
    return asProblem(async () => {
      const checkpoint = params.size === undefined ? await this.proofs.latestCheckpoint() : await this.proofs.checkpoint(params.size);
      if (!checkpoint) throw new CheckpointNotFound(params.size === undefined ? 'no checkpoint yet' : `no checkpoint of size ${params.size}`);
      return checkpoint;
    });
  }

  @Get('events/:eventId/proof')
  @Roles('auditor', 'administrator')
  @ApiParam({ name: 'eventId', format: 'uuid' })
  @ApiOperation({ summary: "An event's inclusion proof against the latest checkpoint, or the one of ?size=" })
  @QueryResponses(InclusionProofDto, { problems: [404] })
  proof(@Param('eventId', eventIdParam) eventId: string, @Query() params: CheckpointParams): Promise<InclusionProof> {
    return asProblem(() => this.proofs.inclusionProof(eventId, params.size));
  }

  @Get('consistency')
  @Roles('auditor', 'administrator')
  @ApiOperation({ summary: 'Consistency proof that the checkpoint of size `to` extends the one of size `from`' })
  @QueryResponses(ConsistencyProofDto, { problems: [404] })
  consistency(@Query() params: ConsistencyParams): Promise<ConsistencyProof> {
    if (params.from > params.to) throw new ProblemException(400, 'VALIDATION_FAILED', 'from must not exceed to');
    return asProblem(() => this.proofs.consistencyProof(params.from, params.to));
  }
}

/** Anyone may check a published decision: its event's proof, and the latest checkpoint. */
@ApiTags('public')
@Controller('public/audit')
export class PublicAuditProofsController {
  constructor(
    private readonly proofs: AuditProofs,
    private readonly gate: ReadModelGate,
  ) {}

  @Get('checkpoints')
  @Public()
  @ApiOperation({ summary: 'The latest signed checkpoint of the log (no sign-in)' })
  @QueryResponses(CheckpointDto, { public: true, without: [400], problems: [404] })
  latest(): Promise<Checkpoint> {
    return asProblem(async () => {
      const checkpoint = await this.proofs.latestCheckpoint();
      if (!checkpoint) throw new CheckpointNotFound('no checkpoint yet');
      return checkpoint;
    });
  }

  @Get('events/:eventId/proof')
  @Public()
  @ApiParam({ name: 'eventId', format: 'uuid' })
  @ApiOperation({ summary: "Inclusion proof of a published decision's event (publication, award, revocation), no sign-in" })
  @QueryResponses(InclusionProofDto, { public: true, problems: [404] })
  async proof(@Param('eventId', eventIdParam) eventId: string): Promise<InclusionProof> {
    // Anything else is a 404 whether it exists or not: the public route reveals nothing unpublished.
    // Both read models are waited for up to the log's head, so a decision the log holds is found.
    if (!(await this.gate.readCurrent([documentIndexProjection, initiativesProjection], undefined, (db) => isPublishedDecisionEvent(db, eventId)))) throw new ProblemException(404, 'NOT_FOUND', `No published decision event ${eventId}`);
    return asProblem(() => this.proofs.inclusionProof(eventId));
  }
}
