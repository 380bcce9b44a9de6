import { api, type Page } from '../../lib/api';

/* The API's views this feature reads (named like the API's; the integrator switches them to the generated types). */

/** `GET /workflows` items (apps/api/src/reference/workflows/read-workflows.ts). */
export interface WorkflowSummary {
  definitionId: string;
  title: string;
  description?: string;
  latestVersion: number;
  versions: number[];
}

export interface Transition {
  command: string;
  to: string;
  outcome?: string;
  roles?: string[];
  guards?: string[];
}

export type Stage =
  | { id: string; kind: 'active'; label?: string; transitions: Transition[] }
  | { id: string; kind: 'choice'; label?: string; branches: { outcome: string; to: string }[] }
  | { id: string; kind: 'final'; label?: string };

/** `GET /workflows/{id}/versions/{v}`: the definition as data. */
export interface WorkflowDefinition {
  id: string;
  version: number;
  title: string;
  description?: string;
  start: Transition;
  stages: Stage[];
  parameters: Record<string, unknown>;
}

/** `GET /workflows/{id}/stages` (apps/api/src/queries/workflow-stages.ts WorkflowStagesView). */
export interface WorkflowStagesView {
  definitionId: string;
  total: number;
  stages: { stage: string; count: number }[];
  byVersion: { definitionVersion: number; stage: string; count: number }[];
}

export const workflowKeys = {
  list: (cursor: string | null) => ['workflows', 'list', cursor] as const,
  summary: (id: string) => ['workflows', id, 'summary'] as const,
  version: (id: string, v: number) => ['workflows', id, 'version', v] as const,
  diagram: (id: string, v: number) => ['workflows', id, 'diagram', v] as const,
  stages: (id: string) => ['workflows', id, 'stages'] as const,
};

const path = (id: string) => `/workflows/${encodeURIComponent(id)}`;

export const fetchWorkflows = (cursor: string | null) => api<Page<WorkflowSummary>>('GET', '/workflows', { query: { cursor } });
/** One definition's summary (its versions): the list is paged by id, so read pages until it appears. */
export async function fetchWorkflowSummary(id: string): Promise<WorkflowSummary | null> {
  let cursor: string | null = null;
  for (let pages = 0; pages < 20; pages++) {
    const page: Page<WorkflowSummary> = await api<Page<WorkflowSummary>>('GET', '/workflows', { query: { cursor, limit: 500 } });
    const found = page.items.find((w) => w.definitionId === id);
    if (found) return found;
    if (!page.nextCursor || page.items.every((w) => w.definitionId > id)) return null;
    cursor = page.nextCursor;
  }
  return null;
}

export const fetchDefinition = (id: string, v: number) => api<WorkflowDefinition>('GET', `${path(id)}/versions/${v}`);
export const fetchDiagram = (id: string, v: number) => api<{ mermaid: string }>('GET', `${path(id)}/versions/${v}/diagram`, { query: { format: 'json' } });
export const fetchStageCounts = (id: string) => api<WorkflowStagesView>('GET', `${path(id)}/stages`);
