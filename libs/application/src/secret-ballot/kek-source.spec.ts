import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { MISSING_KEK, embeddedKekFile, loadKek } from './kek-source';

describe('where the ballot key-encryption key comes from', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-kek-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('outside embedded mode, without BALLOT_KEK or BALLOT_KEK_FILE, the process refuses to start and says what to set', () => {
    expect(() => loadKek({ LAUREL_EMBEDDED: false, LAUREL_DATA_DIR: dir })).toThrow(MISSING_KEK);
    expect(MISSING_KEK).toMatch(/BALLOT_KEK or BALLOT_KEK_FILE/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('BALLOT_KEK is the base64 of 32 bytes; anything else is refused without echoing it', () => {
    const kek = randomBytes(32);
    expect(loadKek({ BALLOT_KEK: kek.toString('base64'), LAUREL_EMBEDDED: false }).current).toEqual(kek);
    const short = randomBytes(16).toString('base64');
    let message = '';
    try {
      loadKek({ BALLOT_KEK: short, LAUREL_EMBEDDED: false });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/BALLOT_KEK must be the base64 of 32 bytes/);
    expect(message).not.toContain(short);
  });

  it('BALLOT_KEK_FILE holds the base64 of 32 bytes, or 32 raw bytes', () => {
    const kek = randomBytes(32);
    const text = path.join(dir, 'kek.txt');
    fs.writeFileSync(text, `${kek.toString('base64')}\n`);
    expect(loadKek({ BALLOT_KEK_FILE: text, LAUREL_EMBEDDED: false }).current).toEqual(kek);
    const raw = path.join(dir, 'kek.bin');
    fs.writeFileSync(raw, kek);
    expect(loadKek({ BALLOT_KEK_FILE: raw, LAUREL_EMBEDDED: false }).current).toEqual(kek);
    expect(() => loadKek({ BALLOT_KEK_FILE: path.join(dir, 'missing'), LAUREL_EMBEDDED: false })).toThrow(/cannot read/);
  });

  it('in embedded mode without either, a key file is generated under LAUREL_DATA_DIR with mode 0600 and reused', () => {
    const first = loadKek({ LAUREL_EMBEDDED: true, LAUREL_DATA_DIR: dir }).current;
    const file = embeddedKekFile(dir);
    expect(file).toBe(path.join(dir, 'ballot-kek'));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadKek({ LAUREL_EMBEDDED: true, LAUREL_DATA_DIR: dir }).current).toEqual(first);
    expect(first).toHaveLength(32);
  });

  it('BALLOT_KEK_PREVIOUS adds the previous key during a rotation', () => {
    const [current, previous] = [randomBytes(32), randomBytes(32)];
    expect(loadKek({ BALLOT_KEK: current.toString('base64'), BALLOT_KEK_PREVIOUS: previous.toString('base64'), LAUREL_EMBEDDED: false })).toEqual({ current, previous: [previous] });
  });
});
