import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenAPIObject, OperationObject, ResponseObject } from '@nestjs/swagger';
import { operationsOf } from '@laurel/infra';

/*
 * Checks answers against the OpenAPI document: the status must be documented for the operation,
 * the media type must be one the status documents, and a JSON body must match its schema. Object
 * schemas are closed (no undocumented property) unless they say otherwise, and OpenAPI 3.0's
 * `nullable` is turned into JSON Schema's `null` type.
 */

type Schema = Record<string, unknown>;

const JSON_TYPES = /^application\/(.+\+)?json$/;

/** OpenAPI 3.0 schema → JSON Schema (draft-07) as ajv 6 reads it. */
export function toJsonSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toJsonSchema);
  if (value === null || typeof value !== 'object') return value;
  const schema: Schema = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'example' || key === 'examples' || key === 'xml' || key === 'externalDocs' || key === 'discriminator' || key === 'deprecated') continue;
    if (key === 'properties' || key === 'patternProperties') {
      schema[key] = Object.fromEntries(Object.entries(v as Schema).map(([name, s]) => [name, toJsonSchema(s)]));
    } else if (key === '$ref' && typeof v === 'string') {
      schema.$ref = v.replace('#/components/schemas/', 'openapi.json#/components/schemas/');
    } else {
      schema[key] = toJsonSchema(v);
    }
  }
  if (schema.type === 'object' && schema.properties !== undefined && schema.additionalProperties === undefined) schema.additionalProperties = false;
  if (schema.nullable === true) {
    delete schema.nullable;
    return { anyOf: [{ type: 'null' }, schema] };
  }
  delete schema.nullable;
  return schema;
}

const mediaType = (contentType: string | undefined): string => (contentType ?? '').split(';')[0].trim().toLowerCase();

interface Candidate {
  method: string;
  pattern: RegExp;
  params: number;
  operation: OperationObject;
  path: string;
}

export class OpenApiValidator {
  private readonly ajv: Ajv.Ajv;
  private readonly candidates: Candidate[];
  private readonly compiled = new Map<string, Ajv.ValidateFunction>();

  constructor(document: OpenAPIObject) {
    this.ajv = new Ajv({ allErrors: true, unknownFormats: 'ignore', validateSchema: false, schemaId: 'auto', format: 'full', inlineRefs: false });
    this.ajv.addSchema({ components: { schemas: toJsonSchema(document.components?.schemas ?? {}) } }, 'openapi.json');
    this.candidates = operationsOf(document)
      .map(({ path, method, operation }) => ({
        method: method.toUpperCase(),
        path,
        operation,
        params: (path.match(/\{/g) ?? []).length,
        pattern: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
      }))
      .sort((a, b) => a.params - b.params);
  }

  /** The operation a request reaches, if the document has one. */
  operation(method: string, url: string): Candidate | undefined {
    const path = url.split('?')[0];
    return this.candidates.find((c) => c.method === method.toUpperCase() && c.pattern.test(path));
  }

  /** Why the answer does not match the document (empty when it does, or the route is not in it). */
  check(method: string, url: string, status: number, contentType: string | undefined, body: unknown): string[] {
    const found = this.operation(method, url);
    if (!found) return [];
    const where = `${method.toUpperCase()} ${url} → ${status} (${found.operation.operationId})`;
    const response = found.operation.responses[String(status)] as ResponseObject | undefined;
    if (!response) return [`${where}: status ${status} is not documented (documented: ${Object.keys(found.operation.responses).join(', ')})`];
    const type = mediaType(contentType);
    const content = response.content ?? {};
    if (!type) return Object.keys(content).length === 0 || status === 204 ? [] : [`${where}: no Content-Type, documented ${Object.keys(content).join(', ')}`];
    const documented = content[type];
    if (!documented) return [`${where}: Content-Type ${type} is not documented (documented: ${Object.keys(content).join(', ') || 'none'})`];
    if (!JSON_TYPES.test(type) || !documented.schema) return [];
    const validate = this.validator(`${found.operation.operationId}:${status}:${type}`, documented.schema);
    // A test that reads files asks for raw bodies: a problem+json answer then arrives as bytes.
    let json = body;
    if (Buffer.isBuffer(json) || typeof json === 'string') {
      try {
        json = JSON.parse(json.toString());
      } catch {
        return [`${where}: the body is not JSON`];
      }
    }
    if (validate(json)) return [];
    return [`${where}: the body does not match its schema:\n${(validate.errors ?? []).map((e) => `  ${e.dataPath || '(body)'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String((e.params as { additionalProperty: string }).additionalProperty)})` : ''}`).join('\n')}`];
  }

  /** Compiled on first use (compiling the whole document up front costs a second or more per test file). */
  private validator(key: string, schema: unknown): Ajv.ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema) as object);
      this.compiled.set(key, validate);
    }
    return validate;
  }
}

let shared: OpenApiValidator | undefined;

/** One validator per test process, on the committed document (npm run console:api-types writes it). */
export function sharedValidator(): OpenApiValidator {
  shared ??= new OpenApiValidator(JSON.parse(readFileSync(join(__dirname, '..', 'apps', 'console', 'src', 'api', 'openapi.json'), 'utf8')) as OpenAPIObject);
  return shared;
}
