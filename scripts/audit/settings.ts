import { Pool } from 'pg';
import { assertTamperEvidenceAvailable } from '@laurel/event-store/audit';

/** The audit settings from the environment (the same names as LaurelConfig's, README "Configuration"). */
export function auditEnv() {
  const env = process.env;
  return {
    AUDIT_LOG_ORIGIN: env.AUDIT_LOG_ORIGIN || 'laurel',
    AUDIT_PUBLIC_KEY: env.AUDIT_PUBLIC_KEY || undefined,
    AUDIT_SIGNING_KEY: env.AUDIT_SIGNING_KEY || undefined,
    AUDIT_SIGNING_KEY_FILE: env.AUDIT_SIGNING_KEY_FILE || undefined,
    AUDIT_WITNESS_DIR: env.AUDIT_WITNESS_DIR || undefined,
    LAUREL_EMBEDDED: env.LAUREL_EMBEDDED === 'true' || env.LAUREL_EMBEDDED === '1',
    LAUREL_DATA_DIR: env.LAUREL_DATA_DIR || undefined,
  };
}

/** The database the audit scripts read; refused under EVENT_STORE=kurrentdb (no hash chains there). */
export function databasePool(): Pool {
  assertTamperEvidenceAvailable(process.env.EVENT_STORE);
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL must be set');
  const pool = new Pool({ connectionString: url, max: 4, application_name: 'laurel-audit' });
  pool.on('error', () => undefined);
  return pool;
}

/** `--name value` options; flags without a value are not used here. */
export function options(argv: string[], known: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!known.includes(key) || argv[i + 1] === undefined) throw new Error(`usage: ${known.map((k) => `[--${k} <value>]`).join(' ')}`);
    out[key] = argv[i + 1];
  }
  return out;
}
