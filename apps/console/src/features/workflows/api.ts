import type { Schemas } from '../../api/types';
import { api } from '../../lib/api';

/* The API's views this feature reads: aliases of the types generated from the OpenAPI document. */

/** `GET /workflows` items. */
export type WorkflowSummary = Schemas['WorkflowSummaryView'];

/** `GET /workflows`. */
export type WorkflowPage = Schemas['WorkflowPage'];

export type Transition = Schemas['TransitionBody'];

/** A stage of a definition (the document's shape is flat: `transitions` / `branches` optional by kind). */
export type Stage = Schemas['StageBody'];

/** `GET /workflows/{id}/versions/{v}`: the definition as data. */
export type WorkflowDefinition = Schemas['WorkflowDefinitionView'];

/** `GET /workflows/{id}/stages`. */
export type WorkflowStagesView = Schemas['WorkflowStagesView'];

/** `GET /workflows/{id}/versions/{v}/diagram?format=json`. */
export type MermaidView = Schemas['MermaidView'];

export const workflowKeys = {
  list: (cursor: string | null) => ['workflows', 'list', cursor] as const,
  summary: (id: string) => ['workflows', id, 'summary'] as const,
  version: (id: string, v: number) => ['workflows', id, 'version', v] as const,
  diagram: (id: string, v: number) => ['workflows', id, 'diagram', v] as const,
  stages: (id: string) => ['workflows', id, 'stages'] as const,
};

const path = (id: string) => `/workflows/${encodeURIComponent(id)}`;

export const fetchWorkflows = (cursor: string | null) => api<WorkflowPage>('GET', '/workflows', { query: { cursor } });
/** One definition's summary (its versions): the list is paged by id, so read pages until it appears. */
export async function fetchWorkflowSummary(id: string): Promise<WorkflowSummary | null> {
  let cursor: string | null = null;
  for (let pages = 0; pages < 20; pages++) {
    const page: WorkflowPage = await api<WorkflowPage>('GET', '/workflows', { query: { cursor, limit: 500 } });
    const found = page.items.find((w) => w.definitionId === id);
    if (found) return found;
    if (!page.nextCursor || page.items.every((w) => w.definitionId > id)) return null;
    cursor = page.nextCursor;
  }
  return null;
}

export const fetchDefinition = (id: string, v: number) => api<WorkflowDefinition>('GET', `${path(id)}/versions/${v}`);
export const fetchDiagram = (id: string, v: number) => api<MermaidView>('GET', `${path(id)}/versions/${v}/diagram`, { query: { format: 'json' } });
export const fetchStageCounts = (id: string) => api<WorkflowStagesView>('GET', `${path(id)}/stages`);
