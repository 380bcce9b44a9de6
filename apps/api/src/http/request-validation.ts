import { BadRequestException, Injectable, applyDecorators, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, IsString, Length, Matches, ValidateBy, ValidateNested } from 'class-validator';
import { ProblemException } from './problem-details';

/** Ids clients may choose for aggregates (they become part of stream names). */
export const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
export const ID_MESSAGE = '$property: letters, digits, _ . : - (at most 100), starting with a letter or digit';

/** No control characters: for names, titles and labels that are shown on one line. */
const SINGLE_LINE = /^[^\p{Cc}]*$/u;
/** Free text: line breaks and tabs, no other control characters. */
const MULTI_LINE = /^[^\p{Cc}]*(?:[\t\r\n][^\p{Cc}]*)*$/u;

const INT8_MAX = 9_223_372_036_854_775_807n;

/** A positive PostgreSQL bigint in decimal (ids and cursors of bigserial rows); more digits would be a 500 there. */
export const isBigintId = (value: unknown): value is string => typeof value === 'string' && /^\d{1,19}$/.test(value) && BigInt(value) <= INT8_MAX;

/** `isBigintId` as a DTO constraint. */
export const BigintId = (message: string) => ValidateBy({ name: 'isBigintId', validator: { validate: isBigintId, defaultMessage: () => message } });

/** A string of `min`..`max` characters on one line (`each` for arrays of them). */
export const SingleLine = (min: number, max: number, { each = false } = {}) =>
  applyDecorators(
    IsString({ each }),
    Length(min, max, { each }),
    Matches(SINGLE_LINE, { each, message: '$property must be one line without control characters' }),
  );

/** A string of `min`..`max` characters; line breaks allowed. */
export const FreeText = (min: number, max: number) =>
  applyDecorators(IsString(), Length(min, max), Matches(MULTI_LINE, { message: '$property must not hold control characters' }));

/** An array of nested DTOs: every element an object (not an array), each validated as `type`. */
export const NestedArray = (type: () => new () => object, maxSize: number) =>
  applyDecorators(IsArray(), ArrayMaxSize(maxSize), IsObject({ each: true }), ValidateNested({ each: true }), Type(type));

/** A nested DTO object. */
export const NestedObject = (type: () => new () => object) => applyDecorators(IsObject(), ValidateNested(), Type(type));

function invalid(field: string, message: string, where: 'body' | 'query' | 'path'): BadRequestException {
  return new BadRequestException({ code: 'VALIDATION_FAILED', errors: [{ field, in: where, messages: [message] }] });
}

/** A path id (`@Param('id', IdParam)`): malformed ids are a 400 and never reach the event store. */
@Injectable()
export class IdParam implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    const field = metadata.data ?? 'id';
    if (typeof value !== 'string' || !ID.test(value)) throw invalid(field, ID_MESSAGE.replace('$property', field), metadata.type === 'query' ? 'query' : 'path');
    return value;
  }
}

/**
 * For commands whose body is `{}`: anything else is a 400 like an unknown DTO field. (An empty DTO
 * class cannot be used: the global pipe's forbidUnknownValues refuses a class without metadata.)
 */
@Injectable()
export class EmptyBody implements PipeTransform<unknown, Record<string, never>> {
  transform(value: unknown): Record<string, never> {
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) throw invalid('body', 'the body must be an empty JSON object', 'body');
    const fields = Object.keys(value);
    if (fields.length > 0) {
      throw new BadRequestException({ code: 'VALIDATION_FAILED', errors: fields.map((field) => ({ field, in: 'body', messages: [`property ${field} should not exist`] })) });
    }
    return {};
  }
}

/** Documents the body of a route that takes `@Body(EmptyBody)`: `{}` or nothing at all. */
export const ApiEmptyBody = () => ApiBody({ required: false, description: 'An empty JSON object, {}, or no body: this command takes no fields', schema: { type: 'object', maxProperties: 0 } });

/** 404 for a resource whose stream is empty. */
export const notFound = (what: string, id: string): ProblemException => new ProblemException(404, 'NOT_FOUND', `No ${what} "${id}"`);
