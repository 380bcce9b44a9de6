import { validateConfig } from './laurel.config';

const base = { DATABASE_URL: 'postgres://localhost/laurel', REDIS_URL: 'redis://localhost', AUTH_JWT_SECRET: 'a-service-secret-of-32-characters' };

describe('event store selection (EVENT_STORE, KURRENTDB_URL)', () => {
  it('keeps the log in PostgreSQL unless told otherwise', () => {
    expect(validateConfig(base).EVENT_STORE).toBe('postgres');
  });

  it('selects KurrentDB with EVENT_STORE=kurrentdb and KURRENTDB_URL', () => {
    const config = validateConfig({ ...base, EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'kurrentdb://localhost:2113?tls=false' });
    expect(config).toMatchObject({ EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'kurrentdb://localhost:2113?tls=false' });
  });

  it('refuses EVENT_STORE=kurrentdb without KURRENTDB_URL, and an unknown store', () => {
    expect(() => validateConfig({ ...base, EVENT_STORE: 'kurrentdb' })).toThrow(/KURRENTDB_URL is required when EVENT_STORE=kurrentdb/);
    expect(() => validateConfig({ ...base, EVENT_STORE: 'mongodb' })).toThrow(/EVENT_STORE/);
  });
});
