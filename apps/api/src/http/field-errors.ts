/** Where a refused value came from (api.md "Errors"): problem+json `errors[].in`. */
export type InputLocation = 'body' | 'query' | 'path';

/** One refused field of a 400 VALIDATION_FAILED. */
export interface FieldError {
  field: string;
  in?: InputLocation;
  messages: string[];
}

/** The `errors` of a VALIDATION_FAILED exception response, or undefined when it is not one. */
export function fieldErrors(response: unknown): FieldError[] | undefined {
  if (typeof response !== 'object' || response === null) return undefined;
  const { code, errors } = response as { code?: unknown; errors?: unknown };
  return code === 'VALIDATION_FAILED' && Array.isArray(errors) ? (errors as FieldError[]) : undefined;
}

const WHERE: Record<InputLocation, [one: string, many: string]> = {
  body: ['Body field', 'Body fields'],
  query: ['Query parameter', 'Query parameters'],
  path: ['Path parameter', 'Path parameters'],
};

/** "Query parameter stage is not valid.", "Body fields a, b are not valid.", or the mix of them. */
export function validationDetail(errors: readonly FieldError[] | undefined): string {
  if (!errors || errors.length === 0) return 'The request is not valid.';
  const byPlace = new Map<InputLocation | undefined, string[]>();
  for (const e of errors) {
    const fields = byPlace.get(e.in) ?? [];
    if (!fields.includes(e.field)) fields.push(e.field);
    byPlace.set(e.in, fields);
  }
  const parts = [...byPlace].map(([place, fields]) => {
    const [one, many] = place ? WHERE[place] : ['Field', 'Fields'];
    return `${fields.length === 1 ? one : many} ${fields.join(', ')}`;
  });
  const total = [...byPlace.values()].reduce((n, fields) => n + fields.length, 0);
  return `${parts.join('; ')} ${total === 1 ? 'is' : 'are'} not valid.`;
}
