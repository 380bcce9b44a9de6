import { api, download, readOwnWrites, type Page } from '../../lib/api';

/*
 * The statistics the screen reads, typed as the API answers them (named like its views); the
 * integrator switches them to the types generated from the OpenAPI document.
 */

/** A group of GET /stats/initiatives (the dimensions asked for in groupBy). */
export interface CountGroup {
  level?: string | null;
  field?: string;
  status?: string;
  year?: number;
  count: number;
}

/** GET /stats/initiatives. */
export interface InitiativeCounts {
  groupBy: ('level' | 'field' | 'status' | 'year')[];
  total: number;
  groups: CountGroup[];
}

/** GET /stats/funnel: initiatives that ever reached each stage. */
export interface Funnel {
  registered: number;
  nominated: number;
  recommended: number;
  awarded: number;
  published: number;
  replicated: number;
}

export const FUNNEL_STAGES = ['registered', 'nominated', 'recommended', 'awarded', 'published', 'replicated'] as const;

export interface LevelReplication {
  level: string;
  adoptingUnits: number;
  replications: number;
  initiatives: number;
}

export interface InitiativeReplication {
  initiativeId: string;
  title: string;
  level: string | null;
  adoptingUnits: number;
  byLevel: { level: string; adoptingUnits: number; adoptingUnitIds: string[] }[];
}

/** GET /stats/replication: per level, and a page of initiatives. */
export type ReplicationStatistics = { byLevel: LevelReplication[] } & Page<InitiativeReplication>;

/** GET /movements items (for the movement filter). */
export interface Movement {
  movementId: string;
  title: string;
  status: string;
}

export interface StatisticsFilter {
  movementId?: string;
  year?: string;
}

export const statisticsKeys = {
  all: ['statistics'] as const,
  counts: (f: StatisticsFilter) => ['statistics', 'counts', f] as const,
  funnel: (f: StatisticsFilter) => ['statistics', 'funnel', f] as const,
  replication: (f: StatisticsFilter, cursor: string) => ['statistics', 'replication', f, cursor] as const,
  movements: ['statistics', 'movements'] as const,
};

// Every read passes the last command's position: the figures include what this tab just wrote.
export const fetchCounts = (f: StatisticsFilter, signal?: AbortSignal) =>
  api<InitiativeCounts>('GET', '/stats/initiatives', { query: { ...f, groupBy: 'level,field,year' }, minPosition: readOwnWrites(), signal });
export const fetchFunnel = (f: StatisticsFilter, signal?: AbortSignal) => api<Funnel>('GET', '/stats/funnel', { query: { ...f }, minPosition: readOwnWrites(), signal });
/** /stats/replication filters by movement only (replications have no year of their own). */
export const fetchReplication = (f: StatisticsFilter, cursor: string, signal?: AbortSignal) =>
  api<ReplicationStatistics>('GET', '/stats/replication', { query: { movementId: f.movementId, cursor, limit: 20 }, minPosition: readOwnWrites(), signal });
export const fetchMovements = (signal?: AbortSignal) => api<Page<Movement>>('GET', '/movements', { query: { limit: 200 }, signal });

export const CSV_TABLES = ['initiatives', 'status', 'awards', 'replications', 'funnel', 'movements', 'units'] as const;

/** GET /stats/report.csv: one table of the statistics as CSV, for the same filter. */
export const downloadCsv = (table: string, f: StatisticsFilter) =>
  download('/stats/report.csv', `statistics-${table}${f.year ? `-${f.year}` : ''}.csv`, { query: { ...f, table } });
