import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenAPIObject, ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import { operationsOf } from '@laurel/infra';
import { CONSOLE_API_DIR, CONSOLE_API_FILES, consoleApiFiles, type ConsoleApiFile } from './console-types';

/*
 * The console's API types are generated from the document (npm run console:api-types), and both
 * files are committed: this fails when either differs from what the API describes now, so the
 * console and the API cannot drift apart. It also holds the document to its own rules: every
 * operation says what it answers on success and on error, and who may call it.
 */

/** Operator routes outside the API's conventions (libs/infra, Terminus' own JSON), and one answer without a body. */
const NO_PROBLEM_RESPONSES = new Set(['HealthController_check', 'HealthController_live', 'HealthController_ready', 'QueuesSessionController_end']);
const NO_SUCCESS_SCHEMA = new Set(['QueuesSessionController_end']);
const PUBLIC = new Set([
  'AuthConfigController_view',
  'DevTokenController_issue',
  'QueuesSessionController_end',
  'ConsultationController_object',
  'VerifyController_verify',
  'PublicAuditProofsController_latest',
  'PublicAuditProofsController_proof',
  'PublicPagesController_initiatives',
  'PublicPagesController_initiative',
  'DevTokenController_devUsers',
  'PublicPagesController_consultations',
  'HealthController_check',
  'HealthController_live',
  'HealthController_ready',
]);

describe('the console API types', () => {
  let generated: Record<ConsoleApiFile, string>;
  let document: OpenAPIObject;
  beforeAll(async () => {
    generated = await consoleApiFiles();
    document = JSON.parse(generated['openapi.json']) as OpenAPIObject;
  }, 120_000);

  it.each(CONSOLE_API_FILES)('apps/console/src/api/%s is what `npm run console:api-types` writes now', (name) => {
    // UPDATE_CONSOLE_API_TYPES=1 writes them instead (what the npm script does, without the build).
    if (process.env.UPDATE_CONSOLE_API_TYPES === '1') writeFileSync(join(CONSOLE_API_DIR, name), generated[name]);
    const committed = readFileSync(join(CONSOLE_API_DIR, name), 'utf8');
    if (committed !== generated[name]) throw new Error(`apps/console/src/api/${name} is stale: run \`npm run console:api-types\` and commit the result`);
  });

  it('documents for every operation a 2xx answer with a schema (or a file) and its problem+json errors', () => {
    const problems: string[] = [];
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThanOrEqual(88);
    for (const { path, method, operation } of operations) {
      const id = operation.operationId ?? `${method} ${path}`;
      const responses = Object.entries(operation.responses) as [string, ResponseObject][];
      const success = responses.filter(([status]) => /^2/.test(status));
      const described = success.some(([, r]) => Object.values(r.content ?? {}).some((m) => m.schema && (('$ref' in m.schema) || Object.keys(m.schema as SchemaObject).length > 0)));
      if (!NO_SUCCESS_SCHEMA.has(id) && !described) problems.push(`${id}: no 2xx answer with a schema or binary content`);
      const errors = responses.filter(([status]) => /^[45]/.test(status));
      if (!NO_PROBLEM_RESPONSES.has(id)) {
        if (errors.length === 0) problems.push(`${id}: no error answer`);
        for (const [status, r] of errors) {
          const schema = r.content?.['application/problem+json']?.schema as ReferenceObject | undefined;
          if (schema?.$ref !== '#/components/schemas/ProblemDetails') problems.push(`${id}: ${status} is not application/problem+json ProblemDetails`);
        }
        if (!PUBLIC.has(id) && !errors.some(([status]) => status === '401')) problems.push(`${id}: needs a token but documents no 401`);
      }
      const bearer = (operation.security ?? []).some((s) => 'bearer' in s);
      if (PUBLIC.has(id) === bearer) problems.push(`${id}: ${bearer ? 'public but asks for a bearer token' : 'needs a token but documents no bearer security'}`);
      if (!operation.tags?.length) problems.push(`${id}: no tag`);
      if (!operation.summary) problems.push(`${id}: no summary`);
    }
    const ids = operations.map((o) => o.operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(problems).toEqual([]);
  });

  it('describes the shared ProblemDetails and CommandResult schemas', () => {
    const schemas = document.components!.schemas as Record<string, SchemaObject>;
    expect(schemas.ProblemDetails.required?.sort()).toEqual(['code', 'detail', 'status', 'title', 'type']);
    expect(Object.keys(schemas.ProblemDetails.properties ?? {})).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'code', 'instance', 'errors']));
    expect(schemas.CommandResult.required?.sort()).toEqual(['id', 'position', 'version']);
    expect(schemas.InitiativeListPage.properties).toMatchObject({ items: { type: 'array', items: { $ref: '#/components/schemas/InitiativeListItemView' } }, nextCursor: { type: 'string', nullable: true } });
  });
});
