import { randomBytes } from 'node:crypto';
import { LocalKeyVault, kekId } from './key-vault';

const vaultWith = (current: Buffer, previous: Buffer[] = []) => new LocalKeyVault(() => ({ current, previous }));

describe('the local key vault (envelope encryption of ballot keys)', () => {
  const kek = randomBytes(32);
  const dek = randomBytes(32);

  it('unwraps what it wrapped, for the same review', async () => {
    const vault = vaultWith(kek);
    const wrapped = await vault.wrap('review-1', dek);
    expect(await vault.unwrap('review-1', wrapped)).toEqual(dek);
    expect(wrapped.includes(dek)).toBe(false);
    expect(vault.kekIdOf(wrapped)).toBe(await vault.currentKekId());
  });

  it('a wrapped key does not open under another key-encryption key', async () => {
    const wrapped = await vaultWith(kek).wrap('review-1', dek);
    await expect(vaultWith(randomBytes(32)).unwrap('review-1', wrapped)).rejects.toThrow(/does not hold/);
    // Even a vault claiming the same key id (a forged header) fails the authentication.
    const forged = Buffer.from(wrapped);
    const other = randomBytes(32);
    Buffer.from(kekId(other), 'hex').copy(forged, 1);
    await expect(vaultWith(other).unwrap('review-1', forged)).rejects.toThrow(/does not open/);
  });

  it('a wrapped key does not open for another review id (the review id is associated data)', async () => {
    const vault = vaultWith(kek);
    const wrapped = await vault.wrap('review-1', dek);
    await expect(vault.unwrap('review-2', wrapped)).rejects.toThrow(/does not open for review review-2/);
  });

  it('a tampered wrapped key does not open', async () => {
    const vault = vaultWith(kek);
    const wrapped = await vault.wrap('review-1', dek);
    wrapped[wrapped.length - 1] ^= 1;
    await expect(vault.unwrap('review-1', wrapped)).rejects.toThrow();
    await expect(vault.unwrap('review-1', Buffer.from([9, 9, 9]))).rejects.toThrow(/not a wrapped ballot key/);
  });

  it('after a rotation the previous key-encryption key still unwraps, the current one wraps', async () => {
    const old = await vaultWith(kek).wrap('review-1', dek);
    const rotated = vaultWith(randomBytes(32), [kek]);
    expect(await rotated.unwrap('review-1', old)).toEqual(dek);
    const rewrapped = await rotated.wrap('review-1', dek);
    expect(rotated.kekIdOf(rewrapped)).toBe(await rotated.currentKekId());
    expect(rotated.kekIdOf(rewrapped)).not.toBe(rotated.kekIdOf(old));
  });

  it('reads its key-encryption key only when first used, and refuses one that is not 32 bytes', async () => {
    const source = jest.fn(() => ({ current: randomBytes(16) }));
    const vault = new LocalKeyVault(source);
    expect(source).not.toHaveBeenCalled();
    expect(() => vault.ready()).toThrow(/32 bytes/);
  });
});
