import { getMetadataStorage, ValidationTypes, type MetadataStorage, type ValidationArguments } from 'class-validator';

type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];
type Constraint = ReturnType<MetadataStorage['getTargetValidatorConstraints']>[number];

/**
 * The answer class-validator gives to most requests, found without it: "no errors".
 *
 * class-validator builds, for every property of every input, a ValidationError it then throws away
 * when nothing failed, filtering the class's rules by kind five times along the way: ~10 % of the
 * API's CPU on a list route (bench:http). This check runs the very same rules — the constraint
 * classes class-validator registered for each decorator, with the same arguments — over an instance
 * of a DTO, and answers `true` only when class-validator, with Laurel's options (whitelist,
 * forbidNonWhitelisted, forbidUnknownValues, no groups), would find nothing. Whenever it is not
 * certain — a rule fails, an unknown property, a rule kind it does not know (IsDefined, promises), an
 * asynchronous constraint — it answers `false`, and class-validator validates the input itself and
 * writes its errors. So an error is always class-validator's own; only the silence is faster.
 */
export type ValidInput = (object: object) => boolean;

interface Rule {
  metadata: ValidationMetadata;
  constraints: Constraint[];
}

interface PropertyCheck {
  name: string;
  /** IsOptional and ValidateIf: the property is checked only when all hold. */
  conditions: ((object: object, value: unknown) => boolean)[];
  rules: Rule[];
  /** ValidateNested: the target schema class-validator passes down, or undefined when there is none. */
  nested: string | undefined;
}

interface ClassCheck {
  properties: PropertyCheck[];
  allowed: Set<string>;
}

/**
 * The check of each class, by the rules class-validator's storage answers for it. The pipe's storage
 * remembers those answers (rememberValidationMetadata) and answers a new array once a rule is added,
 * so a rule declared later is compiled in, and nothing here needs forgetting.
 */
const compiled = new WeakMap<readonly ValidationMetadata[], ClassCheck | null>();

/** The check over a storage's rules (class-validator's global one by default). */
export function validInputCheck(storage: MetadataStorage = getMetadataStorage()): ValidInput {
  const checkOf = (target: object, schema: string | undefined): ClassCheck | null => {
    // The look-up class-validator's executor makes with Laurel's options (no groups, not `always`).
    const metadatas = storage.getTargetValidationMetadatas(target as () => void, schema as string, false, false, undefined);
    if (!compiled.has(metadatas)) compiled.set(metadatas, compileClass(storage, metadatas));
    return compiled.get(metadatas) ?? null;
  };

  const valid = (object: object, schema: string | undefined, depth: number): boolean => {
    // Deep nesting is left to class-validator, and the pipe refuses it before (MAX_INPUT_DEPTH).
    if (depth > 64) return false;
    const check = checkOf(object.constructor, schema);
    if (check === null) return false;
    for (const key of Object.keys(object)) if (!check.allowed.has(key)) return false;
    for (const property of check.properties) {
      const value = (object as Record<string, unknown>)[property.name];
      if (value instanceof Promise) return false;
      // Like class-validator, every condition is evaluated.
      let applies = true;
      for (const condition of property.conditions) applies = condition(object, value) && applies;
      if (!applies) continue;
      for (const rule of property.rules) if (!ruleHolds(rule, object, value)) return false;
      if (property.nested !== undefined && !nestedValid(value, property.nested, depth)) return false;
    }
    return true;
  };

  const nestedValid = (value: unknown, schema: string, depth: number): boolean => {
    if (value === undefined) return true;
    if (Array.isArray(value) || value instanceof Set || value instanceof Map) {
      for (const item of value instanceof Map ? value.values() : value) if (!nestedValid(item, schema, depth + 1)) return false;
      return true;
    }
    return value instanceof Object && valid(value, schema, depth + 1);
  };

  return (object) => valid(object, undefined, 0);
}

function ruleHolds({ metadata, constraints }: Rule, object: object, value: unknown): boolean {
  if (metadata.validateIf && !metadata.validateIf(object, value)) return true;
  const args: ValidationArguments = { targetName: object.constructor?.name, property: metadata.propertyName, object, value, constraints: metadata.constraints };
  const each = metadata.each && (Array.isArray(value) || value instanceof Set || value instanceof Map);
  for (const constraint of constraints) {
    const instance = constraint.instance as { validate(value: unknown, args: ValidationArguments): unknown };
    if (!each) {
      if (!holds(instance.validate(value, args))) return false;
      continue;
    }
    for (const item of value instanceof Map ? value.values() : (value as Iterable<unknown>)) if (!holds(instance.validate(item, args))) return false;
  }
  return true;
}

/** class-validator takes any truthy answer for valid, and waits for a promise: not certain here. */
const holds = (answer: unknown): boolean => Boolean(answer) && !(answer instanceof Promise);

function compileClass(storage: MetadataStorage, metadatas: ValidationMetadata[]): ClassCheck | null {
  // forbidUnknownValues: an object without rules is an error.
  if (metadatas.length === 0) return null;
  const grouped = storage.groupByPropertyName(metadatas);
  const properties: PropertyCheck[] = [];
  for (const [name, list] of Object.entries(grouped)) {
    const property: PropertyCheck = { name, conditions: [], rules: [], nested: undefined };
    for (const metadata of list) {
      switch (metadata.type) {
        case ValidationTypes.WHITELIST:
          break;
        case ValidationTypes.CONDITIONAL_VALIDATION:
          property.conditions.push(metadata.constraints[0] as PropertyCheck['conditions'][number]);
          break;
        case ValidationTypes.CUSTOM_VALIDATION: {
          const constraints = storage.getTargetValidatorConstraints(metadata.constraintCls);
          if (constraints.some((c) => c.async)) return null;
          property.rules.push({ metadata, constraints });
          break;
        }
        case ValidationTypes.NESTED_VALIDATION:
          property.nested = typeof metadata.target === 'string' ? metadata.target : metadata.target.name;
          break;
        default:
          // IsDefined, promise validation, anything newer: class-validator's own executor.
          return null;
      }
    }
    properties.push(property);
  }
  return { properties, allowed: new Set(Object.keys(grouped)) };
}
