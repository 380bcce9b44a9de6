import { BodyFingerprints, canonicalJson } from './idempotency-fingerprint';

describe('Idempotency-Key body fingerprints', () => {
  const fingerprints = BodyFingerprints.fromConfig({ AUTH_JWT_SECRET: 'a-test-secret' });

  it('canonical JSON sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(canonicalJson({ a: undefined, b: 'x' })).toBe('{"b":"x"}');
  });

  it('equal bodies in any key order have one fingerprint; another body, method or path another', () => {
    const base = fingerprints.of('POST', '/p', { a: 1, b: 2 }, false);
    expect(fingerprints.of('POST', '/p', { b: 2, a: 1 }, false)).toBe(base);
    expect(fingerprints.of('POST', '/p', { a: 1, b: 3 }, false)).not.toBe(base);
    expect(fingerprints.of('DELETE', '/p', { a: 1, b: 2 }, false)).not.toBe(base);
    expect(fingerprints.of('POST', '/q', { a: 1, b: 2 }, false)).not.toBe(base);
  });

  it('a secret body (a secret ballot) is not fingerprinted: every choice gives the same fingerprint', () => {
    const choices = ['approve', 'reject', 'abstain'].map((choice) => fingerprints.of('POST', '/initiatives/x/review/ballots', { choice }, true));
    expect(new Set(choices).size).toBe(1);
  });

  it('the fingerprint key comes from configuration: another secret, another fingerprint; IDEMPOTENCY_HMAC_KEY wins', () => {
    const other = BodyFingerprints.fromConfig({ AUTH_JWT_SECRET: 'another-secret' });
    expect(other.of('POST', '/p', {}, false)).not.toBe(fingerprints.of('POST', '/p', {}, false));
    const dedicated = BodyFingerprints.fromConfig({ AUTH_JWT_SECRET: 'a-test-secret', IDEMPOTENCY_HMAC_KEY: 'dedicated' });
    expect(dedicated.of('POST', '/p', {}, false)).not.toBe(fingerprints.of('POST', '/p', {}, false));
    expect(BodyFingerprints.fromConfig({ AUTH_JWT_SECRET: 'a-test-secret' }).of('POST', '/p', {}, false)).toBe(fingerprints.of('POST', '/p', {}, false));
  });
});
