/**
 * SHA-256 (FIPS 180-4) of the two short messages of the RFC 9162 tree, written out for them:
 * leaf = SHA-256(0x00 ‖ event hash) — one block — and node = SHA-256(0x01 ‖ left ‖ right) — two.
 * Node's crypto pays a fixed cost per call that is twice the hashing of such a block; this writes
 * into the caller's buffer and allocates nothing. Checked against node:crypto in tree-hash.spec.ts.
 */

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const IV = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
const W = new Int32Array(64);
const H = new Int32Array(8);
/** SHA-256(0x00 ‖ hash[at, at + 32)) into out[outAt, outAt + 32): one block, read straight into the schedule. */
export function leafInto(hash: Uint8Array, at: number, out: Uint8Array, outAt: number): void {
  W[0] = (hash[at] << 16) | (hash[at + 1] << 8) | hash[at + 2];
  for (let t = 1; t < 8; t++) {
    const j = at + 4 * t - 1;
    W[t] = (hash[j] << 24) | (hash[j + 1] << 16) | (hash[j + 2] << 8) | hash[j + 3];
  }
  // The last byte, then the padding; 33 bytes = 264 bits.
  W[8] = (hash[at + 31] << 24) | 0x00800000;
  for (let t = 9; t < 15; t++) W[t] = 0;
  W[15] = 264;
  H.set(IV);
  compress();
  store(out, outAt);
}

/** SHA-256(0x01 ‖ left ‖ right) into out[outAt, outAt + 32): two blocks; the output may overlap the inputs. */
export function nodeInto(left: Uint8Array, leftAt: number, right: Uint8Array, rightAt: number, out: Uint8Array, outAt: number): void {
  const last = right[rightAt + 31];
  W[0] = 0x01000000 | (left[leftAt] << 16) | (left[leftAt + 1] << 8) | left[leftAt + 2];
  for (let t = 1; t < 8; t++) {
    const j = leftAt + 4 * t - 1;
    W[t] = (left[j] << 24) | (left[j + 1] << 16) | (left[j + 2] << 8) | left[j + 3];
  }
  W[8] = (left[leftAt + 31] << 24) | (right[rightAt] << 16) | (right[rightAt + 1] << 8) | right[rightAt + 2];
  for (let t = 9; t < 16; t++) {
    const j = rightAt + 4 * (t - 8) - 1;
    W[t] = (right[j] << 24) | (right[j + 1] << 16) | (right[j + 2] << 8) | right[j + 3];
  }
  H.set(IV);
  compress();
  // The last byte of right, then the padding; 65 bytes = 520 bits.
  W[0] = (last << 24) | 0x00800000;
  for (let t = 1; t < 15; t++) W[t] = 0;
  W[15] = 520;
  compress();
  store(out, outAt);
}

function store(out: Uint8Array, outAt: number): void {
  for (let i = 0; i < 8; i++) {
    const v = H[i];
    out[outAt + 4 * i] = v >>> 24;
    out[outAt + 4 * i + 1] = (v >>> 16) & 0xff;
    out[outAt + 4 * i + 2] = (v >>> 8) & 0xff;
    out[outAt + 4 * i + 3] = v & 0xff;
  }
}

function compress(): void {
  for (let t = 16; t < 64; t++) {
    const w15 = W[t - 15];
    const w2 = W[t - 2];
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
    W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
  }
  let a = H[0];
  let b = H[1];
  let c = H[2];
  let d = H[3];
  let e = H[4];
  let f = H[5];
  let g = H[6];
  let h = H[7];
  for (let t = 0; t < 64; t++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + s1 + ch + K[t] + W[t]) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + ((s0 + maj) | 0)) | 0;
  }
  H[0] = (H[0] + a) | 0;
  H[1] = (H[1] + b) | 0;
  H[2] = (H[2] + c) | 0;
  H[3] = (H[3] + d) | 0;
  H[4] = (H[4] + e) | 0;
  H[5] = (H[5] + f) | 0;
  H[6] = (H[6] + g) | 0;
  H[7] = (H[7] + h) | 0;
}
