import { SetMetadata } from '@nestjs/common';
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { LaurelConfig } from '@laurel/infra';

export const SECRET_BODY = 'laurel:secret-body';

/**
 * The route's body is secret (a secret ballot's choice): the idempotency layer does not fingerprint
 * it, so nothing stored for the key depends on it. A repeat with another body is then a replay.
 */
export const SecretBody = () => SetMetadata(SECRET_BODY, true);

/**
 * Fingerprints request bodies with HMAC-SHA256 under a key that is not in the database, so a
 * database reader cannot test guesses of a body against the stored fingerprint.
 */
export class BodyFingerprints {
  private constructor(private readonly key: Buffer) {}

  /** `IDEMPOTENCY_HMAC_KEY`, else a key derived (HKDF) from `AUTH_JWT_SECRET`, else one per process. */
  static fromConfig(config: Pick<LaurelConfig, 'IDEMPOTENCY_HMAC_KEY' | 'AUTH_JWT_SECRET'>): BodyFingerprints {
    if (config.IDEMPOTENCY_HMAC_KEY) return new BodyFingerprints(Buffer.from(config.IDEMPOTENCY_HMAC_KEY));
    if (config.AUTH_JWT_SECRET) {
      const derived = hkdfSync('sha256', Buffer.from(config.AUTH_JWT_SECRET), Buffer.from('laurel'), Buffer.from('idempotency-body-fingerprint'), 32);
      return new BodyFingerprints(Buffer.from(derived));
    }
    // Development tokens only (no shared secret): fingerprints, like tokens, die with the process.
    return new BodyFingerprints(randomBytes(32));
  }

  /** Of the method, path and (unless secret) the body as canonical JSON. */
  of(method: string, path: string, body: unknown, secretBody: boolean): string {
    const subject = canonicalJson({ method, path, ...(secretBody ? {} : { body: body ?? null }) });
    return createHmac('sha256', this.key).update(subject).digest('base64url');
  }
}

/** JSON with object keys sorted at every level, so equal bodies give equal text whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
