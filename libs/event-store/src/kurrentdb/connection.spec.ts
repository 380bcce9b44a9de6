import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import { parseConnectionString } from '@kurrent/kurrentdb-client/dist/Client/parseConnectionString';
import { CONNECTION_DEFAULTS, connectionStringWithDefaults, redactConnectionString } from './connection';

describe('KurrentDB connection and reconnection settings', () => {
  it('adds leader preference, keep-alive, deadline and discovery retries to a bare URL', () => {
    const parsed = parseConnectionString(connectionStringWithDefaults('kurrentdb://admin:changeit@localhost:2113?tls=false'));
    expect(parsed).toMatchObject({
      dnsDiscover: false,
      hosts: [{ address: 'localhost', port: 2113 }],
      defaultCredentials: { username: 'admin', password: 'changeit' },
      tls: false,
      nodePreference: 'leader',
      keepAliveInterval: 10_000,
      keepAliveTimeout: 10_000,
      defaultDeadline: 10_000,
      maxDiscoverAttempts: 10,
      discoveryInterval: 500,
      gossipTimeout: 5,
    });
  });

  it('keeps what the URL sets itself, whatever its case', () => {
    const url = connectionStringWithDefaults('kurrentdb+discover://node1:2113,node2:2113,node3:2113?NodePreference=follower&keepaliveinterval=30000');
    const parsed = parseConnectionString(url);
    expect(parsed).toMatchObject({ dnsDiscover: true, nodePreference: 'follower', keepAliveInterval: 30_000, maxDiscoverAttempts: 10 });
    expect(parsed.hosts).toHaveLength(3);
    expect(url.match(/nodepreference/gi)).toHaveLength(1);
  });

  it('gives the client a string it accepts, without contacting a server', async () => {
    const client = KurrentDBClient.connectionString(connectionStringWithDefaults('kurrentdb://admin:changeit@localhost:2113?tls=false'));
    expect(client.connectionName).toEqual(expect.any(String));
    await client.dispose();
  });

  it('refuses what is not a KurrentDB connection string', () => {
    expect(() => connectionStringWithDefaults('postgres://localhost/laurel')).toThrow(/KURRENTDB_URL/);
    expect(() => connectionStringWithDefaults('localhost:2113')).toThrow(/KURRENTDB_URL/);
  });

  it('hides the password when the URL is shown', () => {
    expect(redactConnectionString('kurrentdb://admin:s3cret@db:2113?tls=true')).toBe('kurrentdb://admin:***@db:2113?tls=true');
    expect(Object.keys(CONNECTION_DEFAULTS)).toContain('keepAliveTimeout');
  });
});
