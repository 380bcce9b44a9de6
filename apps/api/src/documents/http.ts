import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { LANGUAGES, type Language } from '@laurel/documents';
import { ReadProblems, type ResponsesOptions } from '../http/openapi';

export class LangQuery {
  @ApiPropertyOptional({ enum: LANGUAGES, description: 'The template language: Vietnamese (default) or English', example: 'vi' })
  @IsOptional() @IsIn(LANGUAGES as unknown as string[], { message: 'lang must be vi or en' }) lang?: Language;
}

const invalid = (field: string, message: string, where: ArgumentMetadata['type']) =>
  new BadRequestException({ code: 'VALIDATION_FAILED', errors: [{ field, in: where === 'query' ? 'query' : 'path', messages: [message] }] });

/** A 1-based ordinal in a path (the n-th award, the n-th outcome). */
@Injectable()
export class OrdinalPipe implements PipeTransform<string | number, number> {
  transform(value: string | number, metadata: ArgumentMetadata): number {
    // The global pipe may already have converted the path segment to a number.
    if (/^[1-9][0-9]{0,5}$/.test(String(value))) return Number(value);
    throw invalid(metadata.data ?? 'n', `${metadata.data ?? 'n'} must be a positive whole number (1, 2, …)`, metadata.type);
  }
}

/** A decision number as the authority wrote it, e.g. 12/QĐ-UBND (URL-encoded in the path). */
@Injectable()
export class DecisionNoPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    // eslint-disable-next-line no-control-regex
    if (typeof value === 'string' && value.length >= 1 && value.length <= 100 && !/[\u0000-\u001f\u007f]/.test(value)) return value;
    throw invalid('decisionNo', 'decisionNo: 1 to 100 printable characters (encode "/" as %2F)', metadata.type);
  }
}

/** A council session: its day, YYYY-MM-DD (Vietnam time). */
@Injectable()
export class SessionPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(value)) return value;
    throw invalid('session', 'session: the day the council closed the reviews, YYYY-MM-DD', metadata.type);
  }
}

const TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
} as const;

/** OpenAPI: the route answers a file of this type. */
export const ApiFile = (format: keyof typeof TYPES, description: string, problems: ResponsesOptions = {}) =>
  applyDecorators(
    ApiProduces(TYPES[format]),
    ApiOkResponse({ description, content: { [TYPES[format]]: { schema: { type: 'string', format: 'binary' } } } }),
    ReadProblems(problems),
  );
