export * from './types';
export { verifyLog, checkNotes, type VerifyOptions } from './verifier';
export { verifySnapshot, planRanges, defaultRanges, type DatabaseVerifyOptions, type SnapshotReport } from './snapshot-verify';
export { readRange, rangeCopySql } from './range-read';
export { DatabaseLogSource } from './database-source';
export { FileLogSource, exportLine } from './file-source';
export { readWitnessDir, recordVerification, lastVerification, verifyDatabase, type VerificationRecord } from './records';
