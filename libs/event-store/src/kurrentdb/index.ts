// Imported as `@laurel/event-store/kurrentdb` (not from the package index), so that only what selects
// KurrentDB loads its client and native bridge.
export { KurrentDbEventStore, type KurrentDbEventStoreOptions } from './kurrentdb-event-store';
export { connectionStringWithDefaults, redactConnectionString } from './connection';
