export * from './types';
export { verifyLog, type VerifyOptions } from './verifier';
export { DatabaseLogSource } from './database-source';
export { FileLogSource, exportLine } from './file-source';
export { readWitnessDir, recordVerification, lastVerification, verifyDatabase, type VerificationRecord } from './records';
