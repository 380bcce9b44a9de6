/*
 * The API's types for the console, generated from its OpenAPI document (`npm run console:api-types`
 * writes openapi.json and schema.d.ts; apps/api/src/openapi/console-types.spec.ts fails when they
 * are stale). Import from here, not from schema.d.ts.
 */
import type { components, operations, paths } from './schema';

export type { components, operations, paths };

/** Every named schema of the document: `Schemas['InitiativeView']`, `Schemas['UnitPage']`… */
export type Schemas = components['schemas'];

/** One page of a list (api.md "Pagination"). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The item type of a page schema: `PageItem<Schemas['UnitPage']>` is `Schemas['UnitView']`. */
export type PageItem<P> = P extends { items: (infer T)[] } ? T : never;

/** What every command answers: `{ id, version, position }` (position: pass as minPosition). */
export type CommandResult = Schemas['CommandResult'];

/** An application/problem+json error body. */
export type ProblemDetails = Schemas['ProblemDetails'];

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;

/** The JSON an operation answers with 200 (or 201): `Answer<'InitiativeQueriesController_get'>`. */
export type Answer<Op extends keyof operations> = operations[Op]['responses'] extends infer R
  ? R extends { 200: infer Ok }
    ? Json<Ok>
    : R extends { 201: infer Created }
      ? Json<Created>
      : never
  : never;

/** The query parameters of an operation. */
export type QueryOf<Op extends keyof operations> = operations[Op]['parameters'] extends { query?: infer Q } ? NonNullable<Q> : never;

/** The JSON body of an operation. */
export type BodyOf<Op extends keyof operations> = operations[Op] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

// Handy names for the views the console shows.
export type InitiativeView = Schemas['InitiativeView'];
export type InitiativeHistoryView = Schemas['InitiativeHistoryView'];
export type InitiativeListItem = Schemas['InitiativeListItemView'];
export type ReviewView = Schemas['ReviewView'];
export type QueuedReview = Schemas['QueuedReviewView'];
export type AuditEntry = Schemas['AuditEntryView'];
export type PublicInitiative = Schemas['PublicInitiativeView'];
export type PublicConsultation = Schemas['PublicConsultationView'];
export type InboxItem = Schemas['InboxItemView'];
