import { createCipheriv, randomBytes } from 'node:crypto';
import { CHOICES } from '@laurel/domain';
import { SEALED_PLAINTEXT_BYTES, openWith, sealWith } from './ballot-box';

describe('sealing a secret ballot', () => {
  const key = randomBytes(32);

  it('every sealed value has the same length, whatever the choice', () => {
    const lengths = new Set<number>();
    const raw = new Set<number>();
    for (let i = 0; i < 500; i++) {
      for (const choice of CHOICES) {
        const sealed = sealWith(key, choice);
        lengths.add(sealed.length);
        raw.add(Buffer.from(sealed, 'base64').length);
        expect(openWith(key, sealed)).toBe(choice);
      }
    }
    expect([...raw]).toEqual([12 + 16 + SEALED_PLAINTEXT_BYTES]);
    expect([...lengths]).toEqual([80]);
  });

  it('the same choice sealed twice gives two different values', () => {
    expect(sealWith(key, 'reject')).not.toBe(sealWith(key, 'reject'));
  });

  it('a ballot sealed in the first, unpadded format still opens', () => {
    // The format before fixed-length sealing: JSON {choice, salt}, no padding.
    const legacy = (choice: string) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(JSON.stringify({ choice, salt: randomBytes(8).toString('hex') }), 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    };
    for (const choice of CHOICES) expect(openWith(key, legacy(choice))).toBe(choice);
  });

  it('a sealed ballot does not open under another key', () => {
    expect(() => openWith(randomBytes(32), sealWith(key, 'approve'))).toThrow();
  });
});
