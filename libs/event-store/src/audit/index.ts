export * from './canonical';
export * from './merkle';
export * from './note';
export * from './signing-key';
export { migrateAuditStore } from './audit-schema';
export { AuditSealer, type SealerSettings } from './sealer';
export * from './audit-proofs';
export * from './verify';
export * from './availability';
