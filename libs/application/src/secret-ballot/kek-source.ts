import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

/** The settings the ballot key-encryption key comes from (fields of LaurelConfig). */
export interface KekSettings {
  BALLOT_KEK?: string;
  BALLOT_KEK_FILE?: string;
  BALLOT_KEK_PREVIOUS?: string;
  LAUREL_EMBEDDED: boolean;
  LAUREL_DATA_DIR?: string;
}

export const MISSING_KEK =
  'BALLOT_KEK or BALLOT_KEK_FILE must be set outside embedded mode: the key-encryption key of secret ballots, ' +
  '32 random bytes in base64 (e.g. `openssl rand -base64 32`), kept outside PostgreSQL and Redis (docs/secret-ballots.md)';

/** Base64 of exactly 32 bytes; the value itself never appears in an error. */
export function parseKek(value: string, name: string): Buffer {
  const text = value.trim();
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32 || key.toString('base64') !== text) throw new Error(`${name} must be the base64 of 32 bytes (e.g. \`openssl rand -base64 32\`)`);
  return key;
}

/** A key file holds the base64 of 32 bytes (as BALLOT_KEK), or exactly 32 raw bytes. */
function readKeyFile(file: string, name: string): Buffer {
  let raw: Buffer;
  try {
    raw = fs.readFileSync(file);
  } catch (error) {
    throw new Error(`${name}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
  return raw.length === 32 ? raw : parseKek(raw.toString('utf8'), `${name} (${file})`);
}

/** Embedded mode only: `<LAUREL_DATA_DIR>/ballot-kek`, generated once (mode 0600) and reused. */
export function embeddedKekFile(dataDir: string | undefined): string {
  return path.resolve(dataDir ?? '.data', 'ballot-kek');
}

function embeddedKek(dataDir: string | undefined): Buffer {
  const file = embeddedKekFile(dataDir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    fs.writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readKeyFile(file, 'the embedded ballot key file');
}

/**
 * The current key-encryption key and, during a rotation, the previous one (unwrap only):
 * BALLOT_KEK, else BALLOT_KEK_FILE, else in embedded mode the generated file; else refuses.
 */
export function loadKek(settings: KekSettings): { current: Buffer; previous: Buffer[] } {
  const previous = settings.BALLOT_KEK_PREVIOUS ? [parseKek(settings.BALLOT_KEK_PREVIOUS, 'BALLOT_KEK_PREVIOUS')] : [];
  if (settings.BALLOT_KEK) return { current: parseKek(settings.BALLOT_KEK, 'BALLOT_KEK'), previous };
  if (settings.BALLOT_KEK_FILE) return { current: readKeyFile(settings.BALLOT_KEK_FILE, 'BALLOT_KEK_FILE'), previous };
  if (settings.LAUREL_EMBEDDED) return { current: embeddedKek(settings.LAUREL_DATA_DIR), previous };
  throw new Error(MISSING_KEK);
}
