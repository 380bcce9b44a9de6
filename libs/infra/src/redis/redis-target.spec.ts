import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectRedis, describeRedisTarget, parseSentinelAddresses, readRedisTarget, redisTarget } from './redis-target';

const sentinels = { REDIS_SENTINELS: 'sentinel-a:26379, sentinel-b:26380,[::1]:26381,sentinel-d', REDIS_SENTINEL_NAME: 'laurel' };

describe('where Redis is (REDIS_URL, or REDIS_SENTINELS and REDIS_SENTINEL_NAME)', () => {
  it('REDIS_URL alone is one server, as before', () => {
    expect(redisTarget({ REDIS_URL: 'redis://cache:6379/2' })).toEqual({ url: 'redis://cache:6379/2' });
  });

  it('REDIS_SENTINELS is a list of host:port (IPv6 in brackets, 26379 when the port is left out)', () => {
    expect(redisTarget(sentinels)).toEqual({
      sentinel: {
        name: 'laurel',
        sentinels: [
          { host: 'sentinel-a', port: 26379 },
          { host: 'sentinel-b', port: 26380 },
          { host: '::1', port: 26381 },
          { host: 'sentinel-d', port: 26379 },
        ],
      },
    });
  });

  it('a sentinel list that is not host:port is refused, saying which entry is wrong', () => {
    expect(() => parseSentinelAddresses('a:1,,b:2')).toThrow(/an empty entry/);
    expect(() => parseSentinelAddresses(' , ')).toThrow(/lists no sentinel/);
    expect(() => parseSentinelAddresses('redis://a:26379')).toThrow(/"redis:\/\/a:26379" is not host:port \(a list of sentinel addresses, not URLs\)/);
    expect(() => parseSentinelAddresses('a:0')).toThrow(/"a:0" has no valid port/);
    expect(() => parseSentinelAddresses('a:70000')).toThrow(/"a:70000" has no valid port/);
    expect(() => parseSentinelAddresses('a:port')).toThrow(/"a:port" has no valid port/);
    expect(() => parseSentinelAddresses('::1:26379')).toThrow(/an IPv6 address goes in brackets/);
    expect(() => parseSentinelAddresses('[nothost]:26379')).toThrow(/"\[nothost\]:26379" is not host:port/);
  });

  it('REDIS_SENTINEL_NAME is required with REDIS_SENTINELS, and means nothing without it', () => {
    expect(() => redisTarget({ REDIS_SENTINELS: 'a:26379' })).toThrow(/REDIS_SENTINEL_NAME: is required with REDIS_SENTINELS/);
    expect(() => redisTarget({ REDIS_URL: 'redis://a', REDIS_SENTINEL_NAME: 'laurel' })).toThrow(/REDIS_SENTINEL_NAME: is set but REDIS_SENTINELS is not/);
    expect(() => redisTarget({ REDIS_URL: 'redis://a', REDIS_SENTINEL_PASSWORD: 'p' })).toThrow(/REDIS_SENTINEL_PASSWORD: is set but REDIS_SENTINELS is not/);
  });

  it('neither REDIS_URL nor REDIS_SENTINELS: REDIS_URL is required', () => {
    expect(readRedisTarget({}).problems).toEqual([{ property: 'REDIS_URL', message: 'is required (or REDIS_SENTINELS and REDIS_SENTINEL_NAME, for Redis with Sentinel)' }]);
  });

  it('with sentinels, REDIS_URL gives the credentials and the database number; TLS is refused, not half-supported', () => {
    expect(redisTarget({ ...sentinels, REDIS_URL: 'redis://laurel:secret@ignored/3' }).url).toBe('redis://laurel:secret@ignored/3');
    expect(() => redisTarget({ ...sentinels, REDIS_URL: 'rediss://ignored' })).toThrow(/REDIS_URL: rediss:\/\/ \(TLS\) is not supported with REDIS_SENTINELS/);
    expect(() => redisTarget({ ...sentinels, REDIS_URL: 'redis://ignored/db' })).toThrow(/REDIS_URL: must end in a database number/);
  });

  it('the sentinels password comes from REDIS_SENTINEL_PASSWORD or its file, not both, and no message shows it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'laurel-redis-'));
    const file = join(dir, 'sentinel-password');
    writeFileSync(file, 'from-the-file\n');
    expect(redisTarget({ ...sentinels, REDIS_SENTINEL_PASSWORD_FILE: file }).sentinel?.password).toBe('from-the-file');
    expect(redisTarget({ ...sentinels, REDIS_SENTINEL_PASSWORD: 'given' }).sentinel?.password).toBe('given');
    expect(() => redisTarget({ ...sentinels, REDIS_SENTINEL_PASSWORD: 'given', REDIS_SENTINEL_PASSWORD_FILE: file })).toThrow(/not both/);
    expect(() => redisTarget({ ...sentinels, REDIS_SENTINEL_PASSWORD_FILE: join(dir, 'missing') })).toThrow(/REDIS_SENTINEL_PASSWORD_FILE: cannot read .*missing: ENOENT/);
    writeFileSync(file, '\n');
    expect(() => redisTarget({ ...sentinels, REDIS_SENTINEL_PASSWORD_FILE: file })).toThrow(/is empty/);
    const problems = readRedisTarget({ REDIS_SENTINELS: 'a:x', REDIS_SENTINEL_PASSWORD: 'given', REDIS_SENTINEL_PASSWORD_FILE: file }).problems;
    expect(JSON.stringify(problems)).not.toContain('given');
    expect(describeRedisTarget(redisTarget({ ...sentinels, REDIS_URL: 'redis://u:secret@x/1', REDIS_SENTINEL_PASSWORD: 'given' }))).toBe(
      'the primary "laurel" of the sentinels sentinel-a:26379,sentinel-b:26380,[::1]:26381,sentinel-d:26379',
    );
    expect(describeRedisTarget({ url: 'redis://u:secret@cache:6379/1' })).toBe('redis://cache:6379/1');
  });

  it('a connection to a Sentinel-monitored Redis asks the sentinels for the primary, with the credentials and database of REDIS_URL', () => {
    const redis = connectRedis(redisTarget({ ...sentinels, REDIS_URL: 'redis://laurel:p%40ss@ignored/3', REDIS_SENTINEL_PASSWORD: 'sentinel-secret' }), { lazyConnect: true, maxRetriesPerRequest: null });
    try {
      expect(redis.options).toMatchObject({
        sentinels: [{ host: 'sentinel-a', port: 26379 }, { host: 'sentinel-b', port: 26380 }, { host: '::1', port: 26381 }, { host: 'sentinel-d', port: 26379 }],
        name: 'laurel',
        role: 'master',
        sentinelPassword: 'sentinel-secret',
        username: 'laurel',
        password: 'p@ss',
        db: 3,
        failoverDetector: true,
        maxRetriesPerRequest: null,
        lazyConnect: true,
      });
      // Reconnects (each a question to the sentinels) at least every second; READONLY (an old primary, now a replica) reconnects.
      expect([1, 5, 50].map((n) => redis.options.retryStrategy?.(n))).toEqual([100, 500, 1000]);
      expect(redis.options.reconnectOnError?.(new Error("READONLY You can't write against a read only replica."))).toBe(true);
      expect(redis.options.reconnectOnError?.(new Error('ERR unknown command'))).toBe(false);
    } finally {
      redis.disconnect();
    }
  });

  it('a connection to one server keeps REDIS_URL as it is', () => {
    const redis = connectRedis({ url: 'redis://cache.example:6390/4' }, { lazyConnect: true });
    try {
      expect(redis.options).toMatchObject({ host: 'cache.example', port: 6390, db: 4, sentinels: null });
    } finally {
      redis.disconnect();
    }
  });
});
