import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Envelope encryption of the per-review ballot keys (docs/secret-ballots.md). PostgreSQL holds a
 * review's data key only as `wrap(reviewId, dek)`; the key-encryption key stays with the vault. A
 * KMS (wrap = Encrypt, unwrap = Decrypt, the review id as encryption context) can replace the local
 * implementation without any other change.
 */
export interface KeyVault {
  /** The data key wrapped for `reviewId`: opens only with this vault and this review id. */
  wrap(reviewId: string, dek: Buffer): Promise<Buffer>;
  /** Throws when the blob was wrapped for another review or under a key-encryption key this vault lacks. */
  unwrap(reviewId: string, wrapped: Buffer): Promise<Buffer>;
  /** The id of the key-encryption key that `wrap` uses now (for re-wrapping after a rotation). */
  currentKekId(): Promise<string>;
  /** The id of the key-encryption key a blob was wrapped under. */
  kekIdOf(wrapped: Buffer): string;
}

export const KEY_VAULT = Symbol('KEY_VAULT');

const FORMAT = 1;
const KEK_ID_BYTES = 8;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const aad = (reviewId: string) => Buffer.from(`laurel-ballot-dek:v1:${reviewId}`, 'utf8');

/** A public name for a KEK: an HMAC under it, so the id says nothing that helps to find the key. */
export const kekId = (kek: Buffer): string => createHmac('sha256', kek).update('laurel-ballot-kek-id').digest().subarray(0, KEK_ID_BYTES).toString('hex');

/**
 * A vault whose key-encryption keys are 32-byte secrets held in this process (BALLOT_KEK, a key
 * file, or the embedded key file). Wrapping is AES-256-GCM with the review id as associated data:
 * `format(1) | kekId(8) | iv(12) | tag(16) | wrapped dek`. `previous` keys only unwrap (rotation).
 */
export class LocalKeyVault implements KeyVault {
  private keys: { current: Buffer; byId: Map<string, Buffer> } | undefined;

  /** `source` is read on first use: a process that never seals or opens a ballot needs no KEK. */
  constructor(private readonly source: () => { current: Buffer; previous?: Buffer[] }) {}

  /** Loads the keys now, so a missing or malformed KEK stops the start, not the first ballot. */
  ready(): void {
    this.load();
  }

  async wrap(reviewId: string, dek: Buffer): Promise<Buffer> {
    const { current } = this.load();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', current, iv);
    cipher.setAAD(aad(reviewId));
    const body = Buffer.concat([cipher.update(dek), cipher.final()]);
    return Buffer.concat([Buffer.from([FORMAT]), Buffer.from(kekId(current), 'hex'), iv, cipher.getAuthTag(), body]);
  }

  async unwrap(reviewId: string, wrapped: Buffer): Promise<Buffer> {
    if (wrapped.length <= 1 + KEK_ID_BYTES + IV_BYTES + TAG_BYTES || wrapped[0] !== FORMAT) throw new Error('not a wrapped ballot key');
    const id = this.kekIdOf(wrapped);
    const kek = this.load().byId.get(id);
    if (!kek) throw new Error(`the ballot key was wrapped under key-encryption key ${id}, which this process does not hold`);
    let offset = 1 + KEK_ID_BYTES;
    const iv = wrapped.subarray(offset, (offset += IV_BYTES));
    const tag = wrapped.subarray(offset, (offset += TAG_BYTES));
    const decipher = createDecipheriv('aes-256-gcm', kek, iv);
    decipher.setAAD(aad(reviewId));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(wrapped.subarray(offset)), decipher.final()]);
    } catch {
      throw new Error(`the ballot key does not open for review ${reviewId}`);
    }
  }

  async currentKekId(): Promise<string> {
    return kekId(this.load().current);
  }

  kekIdOf(wrapped: Buffer): string {
    return wrapped.subarray(1, 1 + KEK_ID_BYTES).toString('hex');
  }

  private load() {
    if (!this.keys) {
      const { current, previous = [] } = this.source();
      for (const key of [current, ...previous]) if (key.length !== 32) throw new Error('a ballot key-encryption key must be 32 bytes');
      this.keys = { current, byId: new Map([...previous, current].map((k) => [kekId(k), k])) };
    }
    return this.keys;
  }
}
