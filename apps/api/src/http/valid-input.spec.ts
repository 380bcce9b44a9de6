import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
  getMetadataStorage,
  registerDecorator,
  validateSync,
  type ValidatorOptions,
} from 'class-validator';
import { validInputCheck } from './valid-input';
import { rememberValidationMetadata } from './validation-metadata';
// Every DTO of the API registers its rules when its module is loaded.
import './../api.module';

/** Laurel's options (validationPipe()): what the check answers for. */
const OPTIONS: ValidatorOptions = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, validationError: { target: false, value: false } };
const classValidatorFinds = (object: object) => validateSync(object, OPTIONS).length;

class Author {
  @IsString() @Length(1, 20) name!: string;
  @IsOptional() @IsInt() share?: number;
}

class Listing {
  @IsOptional() @IsString() @Length(1, 10) movementId?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1900) @Max(3000) year?: number;
  @IsOptional() @IsIn(['a', 'b']) sort?: string;
  @IsArray() @ArrayMaxSize(2) @ValidateNested({ each: true }) @Type(() => Author) authors!: Author[];
  @IsOptional() @IsString({ each: true }) tags?: string[];
  @ValidateIf((o: Listing) => o.sort === 'b') @IsString() reason?: string;
  @IsOptional() @ValidateNested() @Type(() => Author) lead?: Author;
}

class Defined {
  @IsDefined() value!: string;
}

class Waiting {
  @IsString() name!: string;
}
registerDecorator({ target: Waiting, propertyName: 'name', async: true, validator: { validate: () => Promise.resolve(true) } });

const author = (name: unknown, share?: unknown) => Object.assign(new Author(), share === undefined ? { name } : { name, share });
const listing = (fields: Record<string, unknown>) => Object.assign(new Listing(), { authors: [author('Lan')] }, fields);

describe('valid input check', () => {
  rememberValidationMetadata();
  const validInput = validInputCheck();

  it.each([
    ['the smallest valid input', listing({})],
    ['every optional field', listing({ movementId: 'm-1', year: 2025, sort: 'a', tags: ['x', 'y'], lead: author('Hoa', 3) })],
    ['a condition that holds, with its rule', listing({ sort: 'b', reason: 'why' })],
    ['null optional fields', listing({ movementId: null, year: null, lead: null })],
  ])('says valid where class-validator finds nothing: %s', (_name, input) => {
    expect(classValidatorFinds(input)).toBe(0);
    expect(validInput(input)).toBe(true);
  });

  it.each([
    ['a failed rule', listing({ movementId: 'too long for ten' })],
    ['a failed second rule of a field', listing({ year: 1800 })],
    ['a value outside a list', listing({ sort: 'c' })],
    ['an unknown property', listing({ extra: 1 })],
    ['a failed rule on each element', listing({ tags: ['x', 3] })],
    ['a failed rule in a nested element', listing({ authors: [author('Lan'), author('')] })],
    ['a nested element that is not an object', listing({ authors: ['Lan'] })],
    ['a nested element of a plain object (no rules)', listing({ authors: [{ name: 'Lan' }] })],
    ['an unknown property in a nested object', listing({ lead: Object.assign(author('Hoa'), { extra: true }) })],
    ['a condition that holds, with its rule failing', listing({ sort: 'b' })],
    ['a nested array longer than allowed', listing({ authors: [author('a'), author('b'), author('c')] })],
    ['a required field missing', Object.assign(new Listing(), {})],
  ])('leaves to class-validator, which finds errors: %s', (_name, input) => {
    expect(classValidatorFinds(input)).toBeGreaterThan(0);
    expect(validInput(input)).toBe(false);
  });

  it('leaves to class-validator the rule kinds it does not know and asynchronous constraints', () => {
    const defined = Object.assign(new Defined(), { value: 'x' });
    expect(classValidatorFinds(defined)).toBe(0);
    expect(validInput(defined)).toBe(false);
    expect(validInput(Object.assign(new Waiting(), { name: 'x' }))).toBe(false);
  });

  it('leaves to class-validator an object without rules (forbidUnknownValues)', () => {
    expect(validInput({})).toBe(false);
    expect(classValidatorFinds({})).toBeGreaterThan(0);
  });

  it('counts a rule declared after the class was checked', () => {
    class Later {
      @IsString() name!: string;
    }
    const input = Object.assign(new Later(), { name: 'ok', size: 3 });
    expect(validInput(input)).toBe(false);
    const storage = getMetadataStorage();
    IsInt()(Later.prototype, 'size');
    expect(storage.getTargetValidationMetadatas(Later, '', false, false, undefined).some((m) => m.propertyName === 'size')).toBe(true);
    expect(classValidatorFinds(input)).toBe(0);
    expect(validInput(input)).toBe(true);
  });

  /**
   * Every DTO of the API (and of this file), with inputs drawn from a palette: the check never says
   * valid where class-validator finds an error, and says valid wherever class-validator finds none
   * (but for the classes it leaves to class-validator entirely), so the fast path is the common path.
   */
  it("agrees with class-validator on every DTO of the API, over many drawn inputs", () => {
    const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, { propertyName: string }[]> };
    const palette: unknown[] = [undefined, null, '', 'a', 'movement-2025', '2025-01-02', 'x'.repeat(300), 0, 1, 20, 2025, -1, 1.5, true, [], ['a'], [1], {}];
    let seed = 7;
    const draw = <T>(values: readonly T[]): T => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return values[seed % values.length];
    };
    let classes = 0;
    let validSeen = 0;
    const leftToClassValidator = new Set<unknown>([Defined, Waiting]);
    for (const [target, metadatas] of storage.validationMetadatas) {
      if (typeof target !== 'function') continue;
      const properties = [...new Set(metadatas.map((m) => m.propertyName))];
      classes++;
      for (let n = 0; n < 300; n++) {
        const input = Object.create((target as { prototype: object }).prototype) as Record<string, unknown>;
        for (const property of properties) {
          const value = draw(palette);
          if (value !== undefined) input[property] = value;
        }
        const errors = classValidatorFinds(input);
        const fast = validInput(input);
        const name = (target as { name: string }).name;
        // Never "valid" where class-validator finds an error; and, but for the classes it leaves to it, "valid" wherever it finds none.
        const expected = leftToClassValidator.has(target) ? false : errors === 0;
        if (fast !== expected) expect({ target: name, input, errors, fast }).toEqual({ target: name, input, errors, fast: expected });
        if (errors === 0) validSeen++;
      }
    }
    expect(classes).toBeGreaterThan(30);
    expect(validSeen).toBeGreaterThan(100);
  });
});
