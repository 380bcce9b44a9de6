import { describe, expect, it } from 'vitest';
import { hashFile, sha256Hex, toHex } from './hashing';

// FIPS 180-2 / NIST test vectors.
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const TWO_BLOCKS = '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1';

describe('document hashing (Web Crypto SHA-256)', () => {
  it('matches the NIST vectors for "", "abc" and the two-block message', async () => {
    expect(await sha256Hex('')).toBe(EMPTY);
    expect(await sha256Hex('abc')).toBe(ABC);
    expect(await sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(TWO_BLOCKS);
    expect(await sha256Hex(new TextEncoder().encode('abc').buffer)).toBe(ABC);
  });

  it('writes the digest as 64 lower-case hex digits', () => {
    expect(toHex(new Uint8Array([0, 15, 255, 16]).buffer)).toBe('000fff10');
  });

  it("hashes a chosen file and keeps its name, size and media type, reporting progress up to 1", async () => {
    const progress: number[] = [];
    const file = new File(['abc'], 'tờ trình.txt', { type: 'text/plain' });
    expect(await hashFile(file, (f) => progress.push(f))).toEqual({ fileName: 'tờ trình.txt', size: 3, mediaType: 'text/plain', sha256: ABC });
    expect(progress.at(-1)).toBe(1);
    const untyped = new File([new Uint8Array(0)], 'blob');
    expect(await hashFile(untyped)).toMatchObject({ size: 0, mediaType: 'application/octet-stream', sha256: EMPTY });
  });
});
