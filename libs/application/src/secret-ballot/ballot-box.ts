import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { migrate } from '@laurel/event-store';
import { CHOICES, DomainErrorCode, fail, type Choice } from '@laurel/domain';
import { KEY_VAULT, type KeyVault } from './key-vault';

/**
 * Every sealed plaintext has this length, whatever the choice: `{"choice":"reject"}` and
 * `{"choice":"approve"}` are padded with spaces (JSON ignores them), so every sealed value is
 * 12 (IV) + 16 (tag) + 32 bytes — 80 characters of base64.
 */
export const SEALED_PLAINTEXT_BYTES = 32;

/** A review's wrapped data key, as the sweeper and the legacy upgrade see it. */
export interface StoredBallotKey {
  reviewId: string;
  initiativeId: string;
  kekId: string;
  ageSeconds: number;
}

/**
 * Secret ballots (docs/secret-ballots.md). Each secret review gets its own random data key; the
 * table `ballot_data_keys` holds it only wrapped by the key vault (envelope encryption: the
 * key-encryption key never enters PostgreSQL or Redis). A ballot is sealed with it (AES-256-GCM,
 * random IV, fixed-length plaintext) before the event is written, so the log holds only ciphertext
 * of one length. At close the sealed choices are opened, sorted, tallied; then the key is
 * destroyed, as on every other way the review ends (InitiativeRunner, BallotKeySweeper).
 */
@Injectable()
export class BallotBox implements OnModuleInit {
  constructor(
    private readonly pool: Pool,
    @Inject(KEY_VAULT) private readonly vault: KeyVault,
  ) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.pool, 'ballot-box', [
      // Held the data keys in clear; replaced by 002 and emptied by upgradeLegacyKeys.
      {
        id: '001-review-keys',
        sql: `CREATE TABLE ballot_review_keys (
          review_id text PRIMARY KEY,
          key bytea NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now())`,
      },
      {
        id: '002-wrapped-keys',
        sql: `CREATE TABLE ballot_data_keys (
          review_id text PRIMARY KEY,
          initiative_id text NOT NULL,
          wrapped_key bytea NOT NULL,
          kek_id text NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now())`,
      },
    ]);
  }

  async seal(reviewId: string, choice: Choice): Promise<string> {
    const key = await this.existingKey(reviewId);
    if (!key) return fail(DomainErrorCode.REVIEW_CLOSED, `Review ${reviewId} takes no more ballots`);
    return sealWith(key, choice);
  }

  /** Opens every sealed choice of a review, sorted: the order of casting is not kept. */
  async reveal(reviewId: string, sealed: readonly string[]): Promise<Choice[]> {
    if (sealed.length === 0) return [];
    const key = await this.existingKey(reviewId);
    // Only a review that ended has no key; should its stage come back (a custom definition), it stays ended.
    if (!key) return fail(DomainErrorCode.REVIEW_CLOSED, `The key of review ${reviewId} is gone: its ballots can no longer be opened`);
    return sealed.map((s) => openWith(key, s)).sort();
  }

  /** Destroys the review's key: once its tally is recorded, or the review ended otherwise. */
  async destroy(reviewId: string): Promise<void> {
    await this.pool.query('DELETE FROM ballot_data_keys WHERE review_id = $1', [reviewId]);
  }

  async hasKey(reviewId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM ballot_data_keys WHERE review_id = $1', [reviewId]);
    return (rowCount ?? 0) > 0;
  }

  /** Creates the review's key, wrapped, before the review opens; idempotent. */
  async createKey(reviewId: string, initiativeId: string): Promise<void> {
    await this.store(reviewId, initiativeId, randomBytes(32));
  }

  /** Every stored key, for the sweeper. */
  async storedKeys(): Promise<StoredBallotKey[]> {
    const { rows } = await this.pool.query<{ review_id: string; initiative_id: string; kek_id: string; age: number }>(
      'SELECT review_id, initiative_id, kek_id, extract(epoch FROM now() - created_at)::float8 AS age FROM ballot_data_keys ORDER BY created_at',
    );
    return rows.map((r) => ({ reviewId: r.review_id, initiativeId: r.initiative_id, kekId: r.kek_id, ageSeconds: r.age }));
  }

  /**
   * After a KEK rotation (BALLOT_KEK_PREVIOUS set): re-wraps the keys still wrapped under the
   * previous KEK with the current one, so the previous one can be destroyed. Returns how many.
   */
  async rewrapUnderCurrentKek(): Promise<number> {
    const current = await this.vault.currentKekId();
    const { rows } = await this.pool.query<{ review_id: string; wrapped_key: Buffer }>('SELECT review_id, wrapped_key FROM ballot_data_keys WHERE kek_id <> $1', [current]);
    let rewrapped = 0;
    for (const row of rows) {
      // A key under a KEK this process does not hold stays as it is: nothing here could open it.
      const dek = await this.vault.unwrap(row.review_id, row.wrapped_key).catch(() => undefined);
      if (!dek) continue;
      const wrapped = await this.vault.wrap(row.review_id, dek);
      await this.pool.query('UPDATE ballot_data_keys SET wrapped_key = $2, kek_id = $3 WHERE review_id = $1', [row.review_id, wrapped, this.vault.kekIdOf(wrapped)]);
      rewrapped++;
    }
    return rewrapped;
  }

  /**
   * Moves the clear keys of the first table (before envelope encryption) into `ballot_data_keys`,
   * wrapped, and drops that table: its file goes with it (the WAL and old backups still hold them,
   * docs/secret-ballots.md). `initiativeOf` finds each review's initiative; a key whose review never
   * opened is dropped. One process does it, under a lock.
   */
  async upgradeLegacyKeys(initiativeOf: (reviewIds: string[]) => Promise<Map<string, string>>): Promise<number> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('laurel-ballot-legacy-keys', 0))`);
      const exists = await client.query<{ t: string | null }>(`SELECT to_regclass('ballot_review_keys')::text AS t`);
      if (exists.rows[0]?.t == null) {
        await client.query('COMMIT');
        return 0;
      }
      const { rows } = await client.query<{ review_id: string; key: Buffer }>('SELECT review_id, key FROM ballot_review_keys');
      const initiatives = rows.length > 0 ? await initiativeOf(rows.map((r) => r.review_id)) : new Map<string, string>();
      let moved = 0;
      for (const row of rows) {
        const initiativeId = initiatives.get(row.review_id);
        if (initiativeId === undefined) continue;
        const wrapped = await this.vault.wrap(row.review_id, row.key);
        await client.query(
          'INSERT INTO ballot_data_keys (review_id, initiative_id, wrapped_key, kek_id) VALUES ($1, $2, $3, $4) ON CONFLICT (review_id) DO NOTHING',
          [row.review_id, initiativeId, wrapped, this.vault.kekIdOf(wrapped)],
        );
        moved++;
      }
      await client.query('DROP TABLE ballot_review_keys');
      await client.query('COMMIT');
      return moved;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async store(reviewId: string, initiativeId: string, dek: Buffer): Promise<void> {
    const wrapped = await this.vault.wrap(reviewId, dek);
    await this.pool.query(
      'INSERT INTO ballot_data_keys (review_id, initiative_id, wrapped_key, kek_id) VALUES ($1, $2, $3, $4) ON CONFLICT (review_id) DO NOTHING',
      [reviewId, initiativeId, wrapped, this.vault.kekIdOf(wrapped)],
    );
  }

  private async existingKey(reviewId: string): Promise<Buffer | undefined> {
    const { rows } = await this.pool.query<{ wrapped_key: Buffer }>('SELECT wrapped_key FROM ballot_data_keys WHERE review_id = $1', [reviewId]);
    return rows[0] ? this.vault.unwrap(reviewId, rows[0].wrapped_key) : undefined;
  }
}

/** AES-256-GCM, random IV, over the choice padded to SEALED_PLAINTEXT_BYTES: `iv | tag | body`, base64. */
export function sealWith(key: Buffer, choice: Choice): string {
  if (!CHOICES.includes(choice)) throw new Error('not a choice');
  const plain = Buffer.alloc(SEALED_PLAINTEXT_BYTES, ' ');
  plain.write(JSON.stringify({ choice }), 'utf8');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/**
 * Opens a sealed choice. Ballots sealed before the fixed length (`{"choice","salt"}`, unpadded)
 * are the same envelope and JSON, so they open the same way.
 */
export function openWith(key: Buffer, sealed: string): Choice {
  const raw = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  const { choice } = JSON.parse(plain) as { choice: Choice };
  if (!CHOICES.includes(choice)) throw new Error('a sealed ballot holds no valid choice');
  return choice;
}
