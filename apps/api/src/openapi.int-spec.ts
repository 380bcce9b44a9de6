import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject, type OperationObject, type ParameterObject, type ReferenceObject, type SchemaObject } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { ValidationTypes, getMetadataStorage } from 'class-validator';
import { CHOICES, COUNCIL_ROLES, ROLES } from '@laurel/domain';
import { ApiHarness } from '../../../test/api-harness';

/*
 * Clients build requests from /docs-json: every body and query DTO must be described there as the
 * validation pipe sees it. The expectations come from the routes (@Body, @Query, @Param) and the
 * class-validator metadata of their DTOs, not from the Swagger decorators under test.
 */

type Dto = new () => object;
interface RouteArg {
  index: number;
  data?: unknown;
}

/** Commands whose body is `{}`: documented as an object without properties. */
const EMPTY_BODY_COMMANDS = ['BallotsController_close', 'ConsultationController_close', 'LaunchMovementController_launch', 'CloseMovementController_close', 'QueuesSessionController_start', 'ReviewProgressController_remind'];

/** Every property class-validator checks, and whether it may be left out (@IsOptional, @ValidateIf). */
function validatedProperties(dto: Dto): Map<string, { optional: boolean; nested: boolean }> {
  const properties = new Map<string, { optional: boolean; nested: boolean }>();
  for (const m of getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)) {
    const p = properties.get(m.propertyName) ?? { optional: false, nested: false };
    if (m.type === ValidationTypes.CONDITIONAL_VALIDATION) p.optional = true;
    if (m.type === ValidationTypes.NESTED_VALIDATION) p.nested = true;
    properties.set(m.propertyName, p);
  }
  return properties;
}

/** The class the validation pipe turns a nested property into (its @Type). */
const nestedClass = (dto: Dto, property: string): Dto => {
  const value = (plainToInstance(dto, { [property]: [{}] }) as Record<string, unknown>)[property] as object[];
  return value[0].constructor as Dto;
};

/** The routes of the running application, with the controller method's parameter types. */
function routes(api: ApiHarness) {
  const found: { operationId: string; args: { type: RouteParamtypes; data: unknown; metatype: unknown }[] }[] = [];
  for (const module of api.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Dto | null;
      if (!controller) continue;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) as Record<string, RouteArg> | undefined;
        if (!args) continue;
        const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, method) ?? []) as unknown[];
        found.push({
          operationId: `${controller.name}_${method}`,
          args: Object.entries(args).map(([key, arg]) => ({ type: Number(key.split(':')[0]) as RouteParamtypes, data: arg.data, metatype: types[arg.index] })),
        });
      }
    }
  }
  return found;
}

const isDto = (type: unknown): type is Dto => typeof type === 'function' && ![Object, String, Number, Boolean, Array].includes(type as never);

describe('the OpenAPI document', () => {
  let api: ApiHarness;
  let document: OpenAPIObject;
  let operations: Map<string, OperationObject>;
  beforeAll(async () => {
    api = await ApiHarness.start();
    document = SwaggerModule.createDocument(api.app, new DocumentBuilder().build());
    const methods = ['get', 'put', 'post', 'delete', 'patch'] as const;
    const all = Object.values(document.paths).flatMap((item) => methods.map((m) => item[m]).filter((o): o is OperationObject => o !== undefined));
    operations = new Map(all.map((o) => [o.operationId!, o]));
  });
  afterAll(() => api.close());

  const resolve = (schema: SchemaObject | ReferenceObject | undefined): { name?: string; schema?: SchemaObject } => {
    if (schema && '$ref' in schema) {
      const name = schema.$ref.replace('#/components/schemas/', '');
      return { name, schema: document.components?.schemas?.[name] as SchemaObject | undefined };
    }
    return { schema };
  };
  /** The $ref of a property: itself, its array items, or the allOf Swagger wraps around a described ref. */
  const refOf = (property: SchemaObject | ReferenceObject): SchemaObject | ReferenceObject | undefined => {
    if ('$ref' in property) return property;
    if (property.items) return property.items;
    return property.allOf?.[0];
  };
  const schemaOf = (name: string) => document.components?.schemas?.[name] as SchemaObject;

  /** Problems with the schema of `dto` and of the DTOs nested in it, as readable lines. */
  function describesDto(where: string, schemaRef: SchemaObject | ReferenceObject | undefined, dto: Dto, seen = new Set<Dto>()): string[] {
    if (seen.has(dto)) return [];
    seen.add(dto);
    const { name, schema } = resolve(schemaRef);
    if (!schema) return [`${where}: no schema for ${dto.name}`];
    const problems: string[] = [];
    if (name !== dto.name) problems.push(`${where}: schema ${name ?? '(inline)'} instead of a $ref to ${dto.name}`);
    if (schema.type !== 'object') problems.push(`${where}: ${dto.name} is not an object schema`);
    const expected = validatedProperties(dto);
    const documented = Object.keys(schema.properties ?? {});
    if (documented.length === 0) problems.push(`${where}: ${dto.name} has no properties`);
    const missing = [...expected.keys()].filter((p) => !documented.includes(p));
    const extra = documented.filter((p) => !expected.has(p));
    if (missing.length > 0) problems.push(`${where}: ${dto.name} does not describe ${missing.join(', ')}`);
    if (extra.length > 0) problems.push(`${where}: ${dto.name} describes unvalidated ${extra.join(', ')}`);
    const required = [...expected].filter(([, p]) => !p.optional).map(([n]) => n).sort();
    const documentedRequired = [...(schema.required ?? [])].sort();
    if (JSON.stringify(documentedRequired) !== JSON.stringify(required)) problems.push(`${where}: ${dto.name} requires [${documentedRequired}], the validator [${required}]`);
    for (const [property, p] of expected) {
      const documentedProperty = schema.properties?.[property];
      if (!p.nested || !documentedProperty) continue;
      problems.push(...describesDto(`${where}.${property}`, refOf(documentedProperty), nestedClass(dto, property), seen));
    }
    return problems;
  }

  it('describes the body of every command route in the OpenAPI document', () => {
    const problems: string[] = [];
    let bodies = 0;
    for (const route of routes(api)) {
      const body = route.args.find((a) => a.type === RouteParamtypes.BODY);
      if (!body) continue;
      bodies += 1;
      const operation = operations.get(route.operationId);
      const schema = operation?.requestBody && 'content' in operation.requestBody ? operation.requestBody.content['application/json']?.schema : undefined;
      if (!schema) {
        problems.push(`${route.operationId}: no application/json request body`);
      } else if (EMPTY_BODY_COMMANDS.includes(route.operationId)) {
        const resolved = resolve(schema).schema;
        if (resolved?.type !== 'object' || Object.keys(resolved.properties ?? {}).length > 0) problems.push(`${route.operationId}: the empty body is not an object without properties`);
        if (resolved?.maxProperties !== 0 && !/empty JSON object/.test(resolved?.description ?? '')) problems.push(`${route.operationId}: the empty body does not say it is empty`);
      } else if (!isDto(body.metatype)) {
        problems.push(`${route.operationId}: the body is not a DTO class`);
      } else {
        problems.push(...describesDto(route.operationId, schema, body.metatype));
      }
    }
    expect(problems).toEqual([]);
    expect(bodies).toBeGreaterThanOrEqual(33);
  });

  it('lists every property of every query and path DTO as a parameter, optional where the validator allows', () => {
    const problems: string[] = [];
    let dtos = 0;
    for (const route of routes(api)) {
      for (const arg of route.args) {
        const location = arg.type === RouteParamtypes.QUERY ? 'query' : arg.type === RouteParamtypes.PARAM ? 'path' : undefined;
        if (!location || arg.data !== undefined || !isDto(arg.metatype)) continue;
        dtos += 1;
        const parameters = ((operations.get(route.operationId)?.parameters ?? []) as ParameterObject[]).filter((p) => p.in === location);
        for (const [property, p] of validatedProperties(arg.metatype)) {
          const parameter = parameters.find((q) => q.name === property);
          if (!parameter) problems.push(`${route.operationId}: no ${location} parameter ${property} (${arg.metatype.name})`);
          else if ((parameter.required === true) !== !p.optional) problems.push(`${route.operationId}: ${location} parameter ${property} required=${parameter.required}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(dtos).toBeGreaterThanOrEqual(15);
  });

  it('gives the main command bodies the types the validators accept', () => {
    const register = schemaOf('RegisterInitiativeBody');
    expect(register.properties).toMatchObject({
      movementId: { type: 'string' },
      unitId: { type: 'string' },
      title: { type: 'string' },
      summary: { type: 'string' },
      field: { type: 'string' },
      authors: { type: 'array', items: { $ref: '#/components/schemas/AuthorDto' } },
    });
    expect(schemaOf('AuthorDto')).toMatchObject({ properties: { name: { type: 'string' }, userId: { type: 'string' } }, required: ['name'] });

    expect(schemaOf('BallotBody')).toEqual(expect.objectContaining({ required: ['choice'], properties: { choice: expect.objectContaining({ type: 'string', enum: [...CHOICES] }) } }));

    const decision = schemaOf('DecisionBody');
    expect(decision.required).toEqual(['outcome']);
    expect(decision.properties).toMatchObject({
      outcome: { type: 'string', enum: ['granted', 'declined'] },
      decisionNo: { type: 'string' },
      decidedOn: { type: 'string' },
      signedBy: { type: 'string' },
    });

    expect(schemaOf('ScoresBody').properties?.scores).toMatchObject({ type: 'object', additionalProperties: { type: 'number' } });
    expect(schemaOf('RegisterUserBody').properties?.roles).toMatchObject({ type: 'array', items: { type: 'string', enum: [...ROLES] } });
    expect(schemaOf('CouncilMemberBody').properties?.role).toMatchObject({ type: 'string', enum: [...COUNCIL_ROLES] });
    const boolean = expect.objectContaining({ type: 'boolean' });
    expect(schemaOf('ChannelChoices')).toMatchObject({ properties: { in_app: boolean, email: boolean, webhook: boolean }, required: ['in_app', 'email', 'webhook'] });

    const history = (operations.get('InitiativeQueriesController_history')?.parameters ?? []) as ParameterObject[];
    expect(history.find((p) => p.name === 'version')).toMatchObject({ in: 'query', required: false, schema: { type: 'integer' } });
  });

  it('describes what GET /auth/config answers a browser client, and that it needs no token', () => {
    const config = operations.get('AuthConfigController_view')!;
    const ok = config.responses['200'] as { content?: Record<string, { schema: SchemaObject | ReferenceObject }> };
    expect(resolve(ok.content?.['application/json']?.schema).name).toBe('AuthConfigView');
    const schema = resolve(ok.content?.['application/json']?.schema).schema!;
    expect(schema.required?.sort()).toEqual(['audience', 'clientId', 'devTokens', 'issuer', 'scopes']);
    expect(schema.properties).toMatchObject({ issuer: { type: 'string', nullable: true }, clientId: { type: 'string', nullable: true }, scopes: { type: 'array', items: { type: 'string' } }, devTokens: { type: 'boolean' } });
    expect(config.security ?? []).toEqual([]);
  });
});
