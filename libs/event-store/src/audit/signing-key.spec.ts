import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadSigningKey, MISSING_SIGNING_KEY } from './signing-key';

describe('the checkpoint signing key', () => {
  it('refuses to start without a key outside embedded mode', () => {
    expect(() => loadSigningKey({ LAUREL_EMBEDDED: false })).toThrow(MISSING_SIGNING_KEY);
  });

  it('reads AUDIT_SIGNING_KEY, else AUDIT_SIGNING_KEY_FILE, and never echoes a bad value', () => {
    const seed = randomBytes(32);
    expect(loadSigningKey({ LAUREL_EMBEDDED: false, AUDIT_SIGNING_KEY: seed.toString('base64') })).toEqual(seed);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-key-'));
    fs.writeFileSync(path.join(dir, 'k'), seed);
    expect(loadSigningKey({ LAUREL_EMBEDDED: false, AUDIT_SIGNING_KEY_FILE: path.join(dir, 'k') })).toEqual(seed);
    expect(() => loadSigningKey({ LAUREL_EMBEDDED: false, AUDIT_SIGNING_KEY: 'c2VjcmV0' })).toThrow(/^AUDIT_SIGNING_KEY must be/);
    fs.rmSync(dir, { recursive: true });
  });

  it('generates <LAUREL_DATA_DIR>/audit-signing-key once in embedded mode, readable by its owner only', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-data-'));
    const first = loadSigningKey({ LAUREL_EMBEDDED: true, LAUREL_DATA_DIR: dir });
    expect(loadSigningKey({ LAUREL_EMBEDDED: true, LAUREL_DATA_DIR: dir })).toEqual(first);
    expect(fs.statSync(path.join(dir, 'audit-signing-key')).mode & 0o777).toBe(0o600);
    fs.rmSync(dir, { recursive: true });
  });
});
