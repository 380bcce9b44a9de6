export * from './event-store.port';
export * from './position';
export * from './errors';
export { categoryOf } from './validation';
export { InMemoryEventStore } from './in-memory/in-memory-event-store';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store';
export { migrate, type Migration } from './postgres/migrator';
export { backfillHashChains, type BackfillProgress } from './postgres/hash-backfill';
