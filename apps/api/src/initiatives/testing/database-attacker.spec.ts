import { createCipheriv, randomBytes } from 'node:crypto';
import { tryEveryWindow } from './database-attacker';

/** Sealed as the ballot box seals: iv 12 | GCM tag 16 | ciphertext. */
function seal(key: Buffer, plaintext: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
}

describe('the database attacker\'s key search', () => {
  it('opens a ballot whose key lies anywhere in a blob, and only that ballot, whatever the ciphertext length', () => {
    for (const length of [1, 16, 32, 45]) {
      const key = randomBytes(32);
      const other = randomBytes(32);
      const sealed = new Map([
        ['mine', seal(key, randomBytes(length))],
        ['other', seal(other, randomBytes(length))],
      ]);
      for (const offset of [0, 7, 100]) {
        const blob = Buffer.concat([randomBytes(offset), key, randomBytes(9)]);
        expect(tryEveryWindow([blob], sealed).opened).toEqual(['mine']);
      }
    }
  });

  it('tries each distinct key once and opens nothing with keys that are not there', () => {
    const blob = randomBytes(200);
    const sealed = new Map([['r', seal(randomBytes(32), randomBytes(32))]]);
    const result = tryEveryWindow([blob, Buffer.from(blob), Buffer.alloc(64)], sealed);
    expect(result).toEqual({ tried: 200 - 31, opened: [] });
  });
});
