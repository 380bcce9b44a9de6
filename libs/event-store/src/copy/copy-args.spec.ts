import { parseCopyArgs } from './copy-args';

describe('event-store:copy command line', () => {
  it('reads the stores, categories, batch and flags, with a progress file per direction by default', () => {
    expect(parseCopyArgs(['--from', 'postgres', '--to', 'kurrentdb', '--categories', 'initiative, council', '--batch', '250', '--restart'])).toEqual({
      from: 'postgres',
      to: 'kurrentdb',
      fromUrl: undefined,
      toUrl: undefined,
      categories: ['initiative', 'council'],
      progressFile: '.data/event-store-copy-postgres-to-kurrentdb.json',
      restart: true,
      verifyOnly: false,
      batch: 250,
    });
    expect(parseCopyArgs(['--from', 'kurrentdb', '--to', 'postgres', '--verify-only'])).toMatchObject({ from: 'kurrentdb', to: 'postgres', verifyOnly: true, batch: 1000 });
  });

  it('refuses unknown stores, a missing value, the same store on both sides and a bad batch', () => {
    expect(() => parseCopyArgs(['--from', 'mysql', '--to', 'postgres'])).toThrow(/--from must be one of postgres, kurrentdb, memory/);
    expect(() => parseCopyArgs(['--from', 'postgres', '--to'])).toThrow(/--to needs a value/);
    expect(() => parseCopyArgs(['--from', 'postgres', '--to', 'postgres'])).toThrow(/same store/);
    expect(() => parseCopyArgs(['--from', 'postgres', '--to', 'kurrentdb', '--batch', '0'])).toThrow(/--batch/);
    expect(() => parseCopyArgs(['postgres'])).toThrow(/unexpected argument/);
  });

  it('copies between two PostgreSQL databases when one URL is given', () => {
    expect(parseCopyArgs(['--from', 'postgres', '--to', 'postgres', '--to-url', 'postgres://other/db'])).toMatchObject({ toUrl: 'postgres://other/db' });
  });
});
