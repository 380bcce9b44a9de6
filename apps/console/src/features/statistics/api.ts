import type { Schemas } from '../../api/types';
import { api, download, readOwnWrites } from '../../lib/api';

/*
 * The statistics the screen reads, typed by the OpenAPI document (src/api/schema.d.ts): each name
 * below aliases the schema its route answers with, so the console and the API cannot drift.
 */

/** A group of GET /stats/initiatives (the dimensions asked for in groupBy). */
export type CountGroup = Schemas['CountGroupView'];

/** GET /stats/initiatives. */
export type InitiativeCounts = Schemas['InitiativeCountsView'];

/** GET /stats/funnel: initiatives that ever reached each stage. */
export type Funnel = Schemas['FunnelView'];

export const FUNNEL_STAGES = ['registered', 'nominated', 'recommended', 'awarded', 'published', 'replicated'] as const;
// Every stage the screen draws is a figure of FunnelView, and every figure is drawn: a drift breaks the build.
type FunnelStage = (typeof FUNNEL_STAGES)[number];
const funnelStagesMatch: [FunnelStage, keyof Funnel] extends [keyof Funnel, FunnelStage] ? true : never = true;
void funnelStagesMatch;

export type LevelReplication = Schemas['LevelReplicationView'];

export type InitiativeReplication = Schemas['InitiativeReplicationView'];

/** GET /stats/replication: per level, and a page of initiatives. */
export type ReplicationStatistics = Schemas['ReplicationStatisticsView'];

/** GET /movements items (for the movement filter). */
export type Movement = Schemas['MovementListItemView'];

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
export const fetchMovements = (signal?: AbortSignal) => api<Schemas['MovementPage']>('GET', '/movements', { query: { limit: 200 }, signal });

export const CSV_TABLES = ['initiatives', 'status', 'awards', 'replications', 'funnel', 'movements', 'units'] as const;

/** GET /stats/report.csv: one table of the statistics as CSV, for the same filter. */
export const downloadCsv = (table: string, f: StatisticsFilter) =>
  download('/stats/report.csv', `statistics-${table}${f.year ? `-${f.year}` : ''}.csv`, { query: { ...f, table } });
