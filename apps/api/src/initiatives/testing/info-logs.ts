// Imported FIRST by a spec that reads the request log: pino's level and the request logger are
// fixed when the logging module loads (setup-env makes them silent). The spec restores it after.
export const previousLogLevel = process.env.LOG_LEVEL;
process.env.LOG_LEVEL = 'info';
