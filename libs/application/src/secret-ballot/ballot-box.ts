import { Injectable, type OnModuleInit } from '@nestjs/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { migrate } from '@laurel/event-store';
import type { Choice } from '@laurel/domain';

/**
 * Secret ballots. Each secret review gets its own random key, kept outside the event log. A ballot
 * is sealed with it (AES-256-GCM, random IV) before the event is written, so the log holds only
 * ciphertext. At close the sealed choices are opened, sorted so that their order says nothing of
 * who cast them, and tallied; then the key is destroyed. From then on no role, query or log can
 * map a member to a choice — not even with full database access.
 */
@Injectable()
export class BallotBox implements OnModuleInit {
  constructor(private readonly pool: Pool) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.pool, 'ballot-box', [
      {
        id: '001-review-keys',
        sql: `CREATE TABLE ballot_review_keys (
          review_id text PRIMARY KEY,
          key bytea NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now())`,
      },
    ]);
  }

  async seal(reviewId: string, choice: Choice): Promise<string> {
    const key = await this.keyFor(reviewId);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify({ choice, salt: randomBytes(8).toString('hex') }), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  /** Opens every sealed choice of a review, sorted: the order of casting is not kept. */
  async reveal(reviewId: string, sealed: readonly string[]): Promise<Choice[]> {
    if (sealed.length === 0) return [];
    const key = await this.existingKey(reviewId);
    if (!key) throw new Error(`the key of review ${reviewId} is gone: its ballots can no longer be opened`);
    return sealed
      .map((s) => {
        const raw = Buffer.from(s, 'base64');
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
        return (JSON.parse(plain) as { choice: Choice }).choice;
      })
      .sort();
  }

  /** Destroys the review's key: called once its tally is recorded. */
  async destroy(reviewId: string): Promise<void> {
    await this.pool.query('DELETE FROM ballot_review_keys WHERE review_id = $1', [reviewId]);
  }

  async hasKey(reviewId: string): Promise<boolean> {
    return (await this.existingKey(reviewId)) !== undefined;
  }

  /** Creates the review's key when it opens; idempotent. */
  async createKey(reviewId: string): Promise<void> {
    await this.pool.query('INSERT INTO ballot_review_keys (review_id, key) VALUES ($1, $2) ON CONFLICT (review_id) DO NOTHING', [
      reviewId,
      randomBytes(32),
    ]);
  }

  private async keyFor(reviewId: string): Promise<Buffer> {
    const existing = await this.existingKey(reviewId);
    if (existing) return existing;
    await this.createKey(reviewId);
    const created = await this.existingKey(reviewId);
    if (!created) throw new Error(`could not create the key of review ${reviewId}`);
    return created;
  }

  private async existingKey(reviewId: string): Promise<Buffer | undefined> {
    const { rows } = await this.pool.query<{ key: Buffer }>('SELECT key FROM ballot_review_keys WHERE review_id = $1', [reviewId]);
    return rows[0]?.key;
  }
}
