import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { Command } from '@nestjs/cqrs';
import { ApiHideProperty, ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsEmpty, IsInt, IsOptional, IsString, IsUrl, Length, Matches, Max, Min, ValidateBy, buildMessage, type ValidationOptions } from 'class-validator';
import type { CommandResult, RequestMeta } from '@laurel/application';

/** Ids clients may choose (initiative, unit, council, movement, user): as for units. */
export const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
export const ID_MESSAGE = '$property: letters, digits, _ . : - (at most 100)';

/** Path ids are checked like body ids: a malformed one is a 400, never a 500 or a strange stream. */
@Injectable()
export class IdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && ID.test(value)) return value;
    const field = metadata.data ?? 'id';
    throw new BadRequestException({ code: 'VALIDATION_FAILED', errors: [{ field, in: metadata.type === 'query' ? 'query' : 'path', messages: [ID_MESSAGE.replace('$property', field)] }] });
  }
}

/**
 * The body of commands that take `{}`. class-validator refuses a class with no declared property
 * (forbidUnknownValues), so this declares one that must stay absent; any field is a 400.
 */
@ApiSchema({ description: 'An empty JSON object, {}: this command takes no fields' })
export class EmptyBody {
  @ApiHideProperty()
  @IsOptional() @IsEmpty({ message: 'this command takes an empty body' }) readonly _?: never;
}

export class DocumentDto {
  /** The document's kind as named in the definition's `requiredDocuments`, e.g. request_letter. */
  @ApiProperty({ type: String, description: "The document's kind as named in the definition's requiredDocuments", example: 'request_letter' })
  @IsString() @Length(1, 100) name!: string;
  @ApiProperty({ type: String, pattern: '^[A-Fa-f0-9]{64}$', description: 'SHA-256 of the file (64 hex digits)', example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' })
  @Matches(/^[A-Fa-f0-9]{64}$/, { message: 'sha256 must be 64 hexadecimal characters' }) sha256!: string;
  @ApiPropertyOptional({ type: String, format: 'uri', description: 'Where the file can be fetched (with protocol)', example: 'https://files.example/dossiers/request-letter.pdf' })
  @IsOptional() @IsUrl({ require_protocol: true, require_tld: false }) @Length(1, 2000) url?: string;
  @ApiPropertyOptional({ type: String, description: "The file's own name (the file itself need not leave the officer's machine)", example: 'to-trinh-2025.pdf' })
  @IsOptional() @IsString() @Length(1, 255) fileName?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'Size of the file in bytes', example: 183204 })
  @IsOptional() @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) size?: number;
  @ApiPropertyOptional({ type: String, description: "The file's media type", example: 'application/pdf' })
  @IsOptional() @IsString() @Length(1, 255) @Matches(/^[\w.+-]+\/[\w.+-]+(;.*)?$/, { message: 'mediaType must be a media type such as application/pdf' }) mediaType?: string;
}

export const MAX_DOCUMENTS = 50;

/** A plain JSON object whose values are all finite numbers (rubric scores). */
export function IsNumberRecord(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNumberRecord',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length <= 100 &&
          Object.values(value).every((v) => typeof v === 'number' && Number.isFinite(v)),
        defaultMessage: buildMessage((prefix) => `${prefix}$property must map each criterion to a number`, options),
      },
    },
    options,
  );
}

/** An object of at most 100 strings of at most 5000 characters each (a comment per criterion). */
export function IsStringRecord(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isStringRecord',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length <= 100 &&
          Object.values(value).every((v) => typeof v === 'string' && v.length <= 5000),
        defaultMessage: buildMessage((prefix) => `${prefix}$property must map each criterion to a text of at most 5000 characters`, options),
      },
    },
    options,
  );
}

/** A command on an existing initiative: the path id, the validated body, the request facts. */
export abstract class InitiativeCommandMessage<Body, Result = CommandResult> extends Command<Result> {
  constructor(
    readonly initiativeId: string,
    readonly body: Body,
    readonly meta: RequestMeta,
  ) {
    super();
  }
}

/** Drops undefined optionals so domain commands (and their events) stay minimal. */
export const compact = <T extends Record<string, unknown>>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
