import { describe, expect, it } from 'vitest';
import { safeNext } from './api';
import { base64Url, codeChallenge, randomToken } from './oidc';

describe('PKCE (RFC 7636)', () => {
  it('the S256 challenge of the RFC 7636 appendix B verifier is the RFC’s', async () => {
    expect(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('a verifier is 43 base64url characters, fresh each time', () => {
    const a = randomToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken()).not.toBe(a);
  });

  it('base64url has no padding and no + or /', () => {
    expect(base64Url(new Uint8Array([0xfb, 0xff, 0xfe]))).toBe('-__-');
    expect(base64Url(new Uint8Array([1]))).toBe('AQ');
  });
});

describe('where to go after signing in', () => {
  it('only a path of this app: never another origin', () => {
    expect(safeNext('/gallery?q=nuoc')).toBe('/gallery?q=nuoc');
    for (const bad of [null, '', 'https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)']) expect(safeNext(bad)).toBe('/');
  });
});
