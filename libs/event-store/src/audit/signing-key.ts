import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ed25519PrivateKey, parseVerifierKey, rawPublicKey } from './note';

/** The settings the checkpoint signing key comes from (fields of LaurelConfig). */
export interface SigningKeySettings {
  AUDIT_SIGNING_KEY?: string;
  AUDIT_SIGNING_KEY_FILE?: string;
  LAUREL_EMBEDDED: boolean;
  LAUREL_DATA_DIR?: string;
}

export const MISSING_SIGNING_KEY =
  'AUDIT_SIGNING_KEY or AUDIT_SIGNING_KEY_FILE must be set outside embedded mode: the Ed25519 key that signs audit checkpoints, ' +
  'a 32-byte seed in base64 (e.g. `openssl rand -base64 32`), kept outside PostgreSQL (docs/tamper-evidence.md)';

/** Base64 of exactly 32 bytes (an Ed25519 seed); the value never appears in an error. */
export function parseSigningKey(value: string, name: string): Buffer {
  const text = value.trim();
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32 || key.toString('base64') !== text) throw new Error(`${name} must be the base64 of a 32-byte Ed25519 seed (e.g. \`openssl rand -base64 32\`)`);
  return key;
}

function readKeyFile(file: string, name: string): Buffer {
  let raw: Buffer;
  try {
    raw = fs.readFileSync(file);
  } catch (error) {
    throw new Error(`${name}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
  return raw.length === 32 ? raw : parseSigningKey(raw.toString('utf8'), `${name} (${file})`);
}

/** Embedded mode only: `<LAUREL_DATA_DIR>/audit-signing-key`, generated once (mode 0600) and reused. */
export function embeddedSigningKeyFile(dataDir: string | undefined): string {
  return path.resolve(dataDir ?? '.data', 'audit-signing-key');
}

/** The Ed25519 seed: AUDIT_SIGNING_KEY, else AUDIT_SIGNING_KEY_FILE, else in embedded mode the generated file; else refuses. */
export function loadSigningKey(settings: SigningKeySettings): Buffer {
  if (settings.AUDIT_SIGNING_KEY) return parseSigningKey(settings.AUDIT_SIGNING_KEY, 'AUDIT_SIGNING_KEY');
  if (settings.AUDIT_SIGNING_KEY_FILE) return readKeyFile(settings.AUDIT_SIGNING_KEY_FILE, 'AUDIT_SIGNING_KEY_FILE');
  if (settings.LAUREL_EMBEDDED) {
    const file = embeddedSigningKeyFile(settings.LAUREL_DATA_DIR);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return readKeyFile(file, 'the embedded audit signing key file');
  }
  throw new Error(MISSING_SIGNING_KEY);
}

/** What a verifier trusts: the log's key name (its origin) and public key. */
export interface TrustSettings extends SigningKeySettings {
  AUDIT_LOG_ORIGIN: string;
  /** The verifier key (`<name>+<hex id>+<base64 key>`), to verify without holding the signing key. */
  AUDIT_PUBLIC_KEY?: string;
}

export function trustAnchor(settings: TrustSettings): { keyName: string; publicKey: Buffer } {
  if (settings.AUDIT_PUBLIC_KEY) {
    const { name, publicKey } = parseVerifierKey(settings.AUDIT_PUBLIC_KEY);
    return { keyName: name, publicKey };
  }
  return { keyName: settings.AUDIT_LOG_ORIGIN, publicKey: rawPublicKey(ed25519PrivateKey(loadSigningKey(settings))) };
}
