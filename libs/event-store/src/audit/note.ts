import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Checkpoints as C2SP signed notes (c2sp.org/signed-note, c2sp.org/tlog-checkpoint):
 *
 *   <origin>\n<tree size>\n<base64 root hash>\nposition <last global position>\n
 *   \n
 *   — <key name> <base64(4-byte key id || Ed25519 signature of the text above the blank line)>\n
 *
 * The key id is the first 4 bytes of SHA-256(key name || 0x0A || 0x01 || 32-byte public key).
 */
export interface CheckpointBody {
  origin: string;
  size: number;
  root: Buffer;
  /** Global position of the last event the tree holds ('' for the empty tree). */
  position: string;
}

export interface NoteSignature {
  name: string;
  keyId: Buffer;
  signature: Buffer;
}

const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function checkpointText(body: CheckpointBody): string {
  return `${body.origin}\n${body.size}\n${body.root.toString('base64')}\n${body.position ? `position ${body.position}\n` : ''}`;
}

export function ed25519PrivateKey(seed: Buffer): KeyObject {
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

export function ed25519PublicKey(raw: Buffer): KeyObject {
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

export function rawPublicKey(key: KeyObject): Buffer {
  return createPublicKey(key).export({ format: 'der', type: 'spki' }).subarray(ED25519_SPKI_PREFIX.length);
}

export function keyId(name: string, publicKey: Buffer): Buffer {
  return createHash('sha256').update(name).update(Buffer.from([0x0a, 0x01])).update(publicKey).digest().subarray(0, 4);
}

/** The verifier key in the note format: `<name>+<hex key id>+<base64(0x01 || public key)>`. */
export function verifierKey(name: string, publicKey: Buffer): string {
  return `${name}+${keyId(name, publicKey).toString('hex')}+${Buffer.concat([Buffer.from([1]), publicKey]).toString('base64')}`;
}

export function parseVerifierKey(text: string): { name: string; publicKey: Buffer } {
  // Base64 may itself contain '+': only the first two separate the fields.
  const [name, id, ...rest] = text.trim().split('+');
  const key = rest.join('+');
  const raw = Buffer.from(key ?? '', 'base64');
  if (!name || !id || raw.length !== 33 || raw[0] !== 1) throw new Error('not an Ed25519 verifier key (<name>+<hex id>+<base64 key>)');
  const publicKey = raw.subarray(1);
  if (keyId(name, publicKey).toString('hex') !== id) throw new Error('verifier key id does not match its key');
  return { name, publicKey };
}

export function signNote(text: string, name: string, privateKey: KeyObject): string {
  const signature = sign(null, Buffer.from(text, 'utf8'), privateKey);
  const id = keyId(name, rawPublicKey(privateKey));
  return `${text}\n\u2014 ${name} ${Buffer.concat([id, signature]).toString('base64')}\n`;
}

export interface ParsedNote {
  text: string;
  body: CheckpointBody;
  signatures: NoteSignature[];
}

/** Parses a signed checkpoint; throws on anything not in the format. */
export function parseNote(note: string): ParsedNote {
  const split = note.indexOf('\n\n');
  if (split < 0) throw new Error('no blank line between the checkpoint and its signatures');
  const text = note.slice(0, split + 1);
  const lines = text.split('\n');
  const [origin, sizeText, rootText] = lines;
  const size = Number(sizeText);
  const root = Buffer.from(rootText ?? '', 'base64');
  if (!origin || !/^\d+$/.test(sizeText ?? '') || root.length !== 32) throw new Error('not a checkpoint: origin, size, root expected');
  const positionLine = lines.slice(3).find((l) => l.startsWith('position '));
  const signatures: NoteSignature[] = [];
  for (const line of note.slice(split + 2).split('\n')) {
    if (line === '') continue;
    const match = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (!match) throw new Error('malformed signature line');
    const raw = Buffer.from(match[2], 'base64');
    if (raw.length < 5) throw new Error('malformed signature');
    signatures.push({ name: match[1], keyId: raw.subarray(0, 4), signature: raw.subarray(4) });
  }
  return { text, body: { origin, size, root, position: positionLine ? positionLine.slice('position '.length) : '' }, signatures };
}

/** True when the note carries a valid signature by this key. */
export function noteSignedBy(note: ParsedNote, name: string, publicKey: Buffer): boolean {
  const id = keyId(name, publicKey);
  const key = ed25519PublicKey(publicKey);
  return note.signatures.some((s) => s.name === name && s.keyId.equals(id) && s.signature.length === 64 && verify(null, Buffer.from(note.text, 'utf8'), key, s.signature));
}
