import { readFileSync } from 'node:fs';
import type { OpenAPIObject } from '@nestjs/swagger';
import { OpenApiValidator } from './openapi-validator';

describe('OpenApiValidator', () => {
  const document = JSON.parse(readFileSync(`${__dirname}/../apps/console/src/api/openapi.json`, 'utf8')) as OpenAPIObject;
  let validator: OpenApiValidator;
  beforeAll(() => {
    validator = new OpenApiValidator(document);
  });
  const problem = { type: 'https://laurel.dev/problems/not-found', title: 'Not Found', status: 404, detail: 'x', code: 'NOT_FOUND', instance: '/api/v1/units' };
  it('accepts a documented answer', () => {
    expect(validator.check('POST', '/api/v1/units', 201, 'application/json; charset=utf-8', { id: 'u', version: 1, position: '0'.repeat(32) })).toEqual([]);
    expect(validator.check('GET', '/api/v1/initiatives/x', 404, 'application/problem+json', problem)).toEqual([]);
    expect(validator.check('GET', '/api/v1/nowhere', 404, 'application/problem+json', problem)).toEqual([]);
    expect(validator.check('GET', '/api/v1/stats/report.xlsx', 404, 'application/problem+json', Buffer.from(JSON.stringify(problem)))).toEqual([]);
  });
  it('names the path, status and what is wrong', () => {
    const [line] = validator.check('POST', '/api/v1/units', 201, 'application/json', { id: 7, version: 1, extra: true });
    expect(line).toContain('POST /api/v1/units → 201 (UnitsController_register)');
    expect(line).toMatch(/\.id should be string/);
    expect(line).toMatch(/position/);
    expect(line).toMatch(/additional properties \(extra\)/);
    expect(validator.check('GET', '/api/v1/units', 418, 'application/json', {})[0]).toMatch(/status 418 is not documented/);
    expect(validator.check('GET', '/api/v1/units', 200, 'text/html', '')[0]).toMatch(/Content-Type text\/html is not documented/);
  });
  it('reads nullable as null or the type', () => {
    const page = { items: [], nextCursor: null };
    expect(validator.check('GET', '/api/v1/units', 200, 'application/json', page)).toEqual([]);
    expect(validator.check('GET', '/api/v1/units', 200, 'application/json', { ...page, nextCursor: 3 })).not.toEqual([]);
  });
});
