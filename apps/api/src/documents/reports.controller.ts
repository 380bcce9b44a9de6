import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import type { Pool } from 'pg';
import { annualReport, csvLine, reportXlsx, tableCsv, type ReportInput } from '@laurel/documents';
import type { MovementState, UnitState } from '@laurel/domain';
import { initiativesProjection, INITIATIVE_VIEWS, referenceProjection, referenceStates } from '@laurel/read-models';
import { Roles } from '../auth/auth.decorators';
import { IdPipe } from '../initiatives/support/http';
import { AuditParams } from '../queries/audit-log';
import { ReadModelGate } from '../queries/read-model-gate';
import { DocumentFacts, notFound } from './document-facts';
import { fileOf, DocumentRenderer } from './document-renderer';
import { ApiFile, LangQuery } from './http';

const TABLES = ['initiatives', 'status', 'awards', 'replications', 'funnel', 'movements', 'units'] as const;

export class ReportParams {
  @ApiPropertyOptional({ type: String, description: 'The unit whose statistics, with every unit below it (default: every unit)', example: 'hanoi' })
  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/, { message: 'unitId: letters, digits, _ . : - (at most 100)' }) unitId?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1900, maximum: 3000, description: 'Year of registration', example: 2025 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1900) @Max(3000) year?: number;
  @ApiPropertyOptional({ type: String, example: 'movement-2025' })
  @IsOptional() @IsString() @Length(1, 100) movementId?: string;
  @ApiPropertyOptional({ type: String, pattern: '^[0-9a-f]{32}$', description: 'A position a command returned: waits (bounded, then 503) until the read model has reached it' })
  @IsOptional() @Matches(/^[0-9a-f]{32}$/, { message: 'minPosition must be a position returned by a command' }) minPosition?: string;
}

export class ReportCsvParams extends ReportParams {
  @ApiPropertyOptional({ enum: TABLES, description: 'Which table of the report (default initiatives)', example: 'funnel' })
  @IsOptional() @IsIn(TABLES as unknown as string[], { message: `table: one of ${TABLES.join(', ')}` }) table?: (typeof TABLES)[number];
}

/** The audit log's filters, without paging: the CSV holds every page. */
export class AuditCsvParams extends OmitType(AuditParams, ['limit', 'cursor', 'minPosition'] as const) {}

const SUMMARY_KINDS = ['preliminary', 'final'];

/** Reports: the annual statistics workbook, the audit log as CSV, a movement's summary as PDF. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller()
export class ReportsController {
  constructor(
    private readonly gate: ReadModelGate,
    private readonly facts: DocumentFacts,
    private readonly renderer: DocumentRenderer,
  ) {}

  /** The report's inputs: the statistics read model, and units and movements from the reference read model. */
  private input(params: ReportParams): Promise<ReportInput & { root?: string }> {
    return this.gate.read([initiativesProjection, referenceProjection], params.minPosition, (db) => this.inputFrom(db, params));
  }

  private async inputFrom(db: Pool, params: ReportParams): Promise<ReportInput & { root?: string }> {
    const values: unknown[] = [];
    const where: string[] = [];
    if (params.movementId !== undefined) where.push(`movement_id = $${values.push(params.movementId)}`);
    if (params.year !== undefined) where.push(`year = $${values.push(params.year)}`);
    const [rows, replications, units, movements] = await Promise.all([
      db.query(
        `SELECT unit_id, level, field, status, year, award_form, nominated_at IS NOT NULL AS nominated, recommended_at IS NOT NULL AS recommended,
                awarded_at IS NOT NULL AS awarded, published_at IS NOT NULL AS published, replicated_at IS NOT NULL AS replicated, revoked_at IS NOT NULL AS revoked
           FROM ${INITIATIVE_VIEWS.initiatives} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
        values,
      ),
      db.query(
        `SELECT i.unit_id, r.level, r.adopting_unit_id, r.initiative_id FROM ${INITIATIVE_VIEWS.replications} r JOIN ${INITIATIVE_VIEWS.initiatives} i ON i.initiative_id = r.initiative_id
          ${where.length ? `WHERE ${where.map((w) => `i.${w}`).join(' AND ')}` : ''}`,
        values,
      ),
      referenceStates<UnitState>(db, 'unit'),
      referenceStates<MovementState>(db, 'movement'),
    ]);
    const allUnits = units.flatMap((u) => (u.status === 'registered' ? [{ unitId: u.unitId, name: u.name, level: u.level, ...(u.parentId !== undefined ? { parentId: u.parentId } : {}) }] : []));
    if (params.unitId !== undefined && !allUnits.some((u) => u.unitId === params.unitId)) return notFound(`Unit ${params.unitId}`);
    // Without a unit: every root of the tree, joined under one virtual root.
    const ROOT = '*';
    const tree = params.unitId === undefined ? [...allUnits.map((u) => (u.parentId ? u : { ...u, parentId: ROOT })), { unitId: ROOT, name: 'all units', level: '' }] : allUnits;
    return {
      unitId: params.unitId ?? ROOT,
      ...(params.year !== undefined ? { year: params.year } : {}),
      ...(params.movementId !== undefined ? { movementId: params.movementId } : {}),
      units: tree,
      rows: rows.rows.map((r) => ({ unitId: r.unit_id, level: r.level, field: r.field, status: r.status, year: r.year, awardForm: r.award_form, nominated: r.nominated, recommended: r.recommended, awarded: r.awarded, published: r.published, replicated: r.replicated, revoked: r.revoked })),
      movements: movements
        .flatMap((m) => (m.status === 'none' ? [] : [{ movementId: m.movementId, title: m.title, organizerUnitId: m.organizerUnitId, startsOn: m.startsOn, kind: m.kind }]))
        .filter((m) => (params.movementId === undefined || m.movementId === params.movementId) && (params.year === undefined || m.startsOn.startsWith(String(params.year)))),
      replications: replications.rows.map((r) => ({ unitId: r.unit_id, level: r.level, adoptingUnitId: r.adopting_unit_id, initiativeKey: r.initiative_id })),
    };
  }

  @Get('stats/report.xlsx')
  @ApiOperation({ summary: 'Annual statistics of a unit and the units below it as a workbook: one sheet per table, numbers as numbers' })
  @ApiFile('xlsx', 'The workbook')
  async xlsx(@Query() params: ReportParams): Promise<StreamableFile> {
    const report = annualReport(await this.input(params));
    return fileOf(await reportXlsx(report, { title: `Laurel statistics ${params.unitId ?? 'all'} ${params.year ?? ''}`.trim() }), 'xlsx', `statistics-${params.unitId ?? 'all'}-${params.year ?? 'all'}`);
  }

  @Get('stats/report.csv')
  @ApiOperation({ summary: 'One table of the annual statistics as CSV (?table=initiatives|status|awards|replications|funnel|movements|units)' })
  @ApiFile('csv', 'The table')
  async csv(@Query() params: ReportCsvParams): Promise<StreamableFile> {
    const report = annualReport(await this.input(params));
    const table = report.tables.find((t) => t.name === (params.table ?? 'initiatives'));
    return fileOf(Buffer.from(tableCsv(table ?? report.tables[0]), 'utf8'), 'csv', `statistics-${params.table ?? 'initiatives'}`);
  }

  @Get('audit/events.csv')
  @Roles('auditor', 'administrator')
  @ApiOperation({ summary: 'The audit log of a filter as CSV, oldest first, every page (secret-ballot choices stripped); same filters as /audit/events' })
  @ApiFile('csv', 'The events')
  async auditCsv(@Query() params: AuditCsvParams): Promise<StreamableFile> {
    const { actorId, type, stream, from, to } = params;
    // Everything the log held when the request came, as GET /audit/events; every page from one database.
    const { audit } = this.gate;
    const lines = await this.gate.readCurrent([audit.projection], undefined, async (db) => {
      const out = [csvLine(['position', 'recorded_at', 'stream', 'version', 'type', 'actor_id', 'correlation_id', 'event_id', 'data'])];
      let cursor: string | undefined;
      // Pages of 500 until the log ends (bounded: a million rows at most).
      for (let pages = 0; pages < 2000; pages++) {
        const page = await audit.page(db, { actorId, type, stream, from, to }, { limit: 500, cursor });
        for (const e of page.items) {
          const m = e.metadata as { actor?: { id?: string }; correlationId?: string };
          out.push(csvLine([e.position, e.recordedAt, e.streamName, e.streamVersion, e.type, m.actor?.id ?? '', m.correlationId ?? '', e.eventId, e.data]));
        }
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      return out;
    });
    return fileOf(Buffer.from(lines.join(''), 'utf8'), 'csv', 'audit-events');
  }

  @Get('movements/:id/summaries/:kind.pdf')
  @ApiOperation({ summary: "A movement's latest preliminary or final summary as a report (PDF), from the summary the log froze" })
  @ApiFile('pdf', 'The summary')
  async summary(@Param('id', IdPipe) id: string, @Param('kind') kind: string, @Query() q: LangQuery): Promise<StreamableFile> {
    const resolved = SUMMARY_KINDS.includes(kind) ? await this.facts.resolve('movement-summary', [id, kind]) : undefined;
    if (!resolved) return notFound(`The ${kind} summary of movement ${id}`);
    return this.renderer.document(resolved, q.lang ?? 'vi', 'pdf', `summary-${id}-${kind}`);
  }
}
