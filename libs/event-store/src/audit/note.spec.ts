import { randomBytes } from 'node:crypto';
import { checkpointText, ed25519PrivateKey, noteSignedBy, parseNote, parseVerifierKey, rawPublicKey, signNote, verifierKey } from './note';

describe('checkpoints as C2SP signed notes', () => {
  const seed = randomBytes(32);
  const key = ed25519PrivateKey(seed);
  const publicKey = rawPublicKey(key);
  const body = { origin: 'laurel.example/log', size: 12, root: randomBytes(32), position: '0'.repeat(32) };

  it('signs origin, size, root and position, and verifies only with the signing key', () => {
    const note = signNote(checkpointText(body), body.origin, key);
    expect(note).toMatch(/^laurel\.example\/log\n12\n[A-Za-z0-9+/=]{44}\nposition 0{32}\n\n\u2014 laurel\.example\/log [A-Za-z0-9+/=]+\n$/);
    const parsed = parseNote(note);
    expect(parsed.body).toEqual(body);
    expect(noteSignedBy(parsed, body.origin, publicKey)).toBe(true);
    expect(noteSignedBy(parsed, body.origin, rawPublicKey(ed25519PrivateKey(randomBytes(32))))).toBe(false);
    expect(noteSignedBy(parseNote(note.replace('\n12\n', '\n13\n')), body.origin, publicKey)).toBe(false);
  });

  it('round-trips the verifier key (whose base64 may hold a +) and refuses one whose id does not match', () => {
    for (let i = 0; i < 50; i++) {
      const other = rawPublicKey(ed25519PrivateKey(randomBytes(32)));
      expect(parseVerifierKey(verifierKey('o', other)).publicKey).toEqual(other);
    }
    const text = verifierKey(body.origin, publicKey);
    expect(parseVerifierKey(text)).toEqual({ name: body.origin, publicKey });
    expect(() => parseVerifierKey(text.replace(/\+[0-9a-f]{8}\+/, '+00000000+'))).toThrow('does not match');
  });
});
