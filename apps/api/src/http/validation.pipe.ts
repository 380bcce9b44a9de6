import { BadRequestException, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import type { ValidatorOptions } from 'class-validator';
import { fieldErrors, type FieldError, type InputLocation } from './field-errors';
import { rememberValidationMetadata } from './validation-metadata';
import { validInputCheck } from './valid-input';

/** Deeper input is refused before class-transformer walks it (it recurses, and overflows the stack). */
export const MAX_INPUT_DEPTH = 32;

/** DTOs at the edge: unknown fields are rejected, types are checked, every failing field is listed. */
export function validationPipe(): ValidationPipe {
  rememberValidationMetadata();
  return new InputValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => invalid(flatten(errors)),
  });
}

/**
 * Before the DTO checks, what no Laurel input may hold, wherever it sits in a body, a query or a path
 * parameter: nesting deeper than MAX_INPUT_DEPTH, a NUL character (PostgreSQL stores it neither in
 * text nor in jsonb) and ill-formed UTF-16 such as a lone surrogate (it has no UTF-8 form, and some
 * validators throw on it). Each is a 400, never a 500 from deeper down.
 */
class InputValidationPipe extends ValidationPipe {
  /** "No errors" without class-validator's executor where that is certain; its own errors otherwise. */
  private readonly validInput = validInputCheck();

  protected override validate(object: object, validatorOptions?: ValidatorOptions): Promise<ValidationError[]> | ValidationError[] {
    return this.validInput(object) ? [] : super.validate(object, validatorOptions);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'body' && metadata.type !== 'query' && metadata.type !== 'param') return super.transform(value, metadata);
    const where: InputLocation = metadata.type === 'param' ? 'path' : metadata.type;
    const problem = inputProblem(value, metadata.type === 'body' ? 'body' : (metadata.data ?? metadata.type));
    if (problem) throw invalid([problem], where);
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      // The DTO checks do not know where the value came from: say it, so a query problem is not "the body".
      const errors = error instanceof BadRequestException ? fieldErrors(error.getResponse()) : undefined;
      if (errors) throw invalid(errors, where);
      throw error;
    }
  }
}

function inputProblem(root: unknown, rootName: string): FieldError | undefined {
  // Iterative, so that the check itself cannot overflow the stack.
  const stack: { value: unknown; field: string; depth: number }[] = [{ value: root, field: rootName, depth: 0 }];
  while (stack.length > 0) {
    const { value, field, depth } = stack.pop() as (typeof stack)[number];
    if (typeof value === 'string') {
      const problem = stringProblem(value);
      if (problem) return { field, messages: [`${field} ${problem}`] };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) return { field, messages: [`${field} is nested more than ${MAX_INPUT_DEPTH} levels deep`] };
    for (const [key, child] of Object.entries(value)) {
      const name = Array.isArray(value) ? `${field}[${key}]` : field === 'body' ? key : `${field}.${key}`;
      const keyProblem = stringProblem(key);
      if (keyProblem) return { field: name, messages: [`the name of ${name} ${keyProblem}`] };
      stack.push({ value: child, field: name, depth: depth + 1 });
    }
  }
  return undefined;
}

/** A surrogate code unit not paired with its other half (`u` mode reads well-formed pairs as one code point). */
const LONE_SURROGATE = /\p{Cs}/u;

function stringProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return 'must not contain a NUL character';
  if (LONE_SURROGATE.test(value)) return 'must be well-formed Unicode (no lone surrogate)';
  return undefined;
}

function invalid(errors: FieldError[], where?: InputLocation): BadRequestException {
  return new BadRequestException({ code: 'VALIDATION_FAILED', errors: where ? errors.map((e) => ({ ...e, in: e.in ?? where })) : errors });
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
