import { notificationSettingsFromEnv, smtpFromUrl } from './settings';

describe('notification settings from the environment', () => {
  const env = { REDIS_URL: 'redis://127.0.0.1:6379' };

  it('gives each channel its own concurrency: many in-app jobs, few SMTP connections and POSTs', () => {
    expect(notificationSettingsFromEnv(env).concurrency).toEqual({ in_app: 256, email: 8, webhook: 16 });
    const tuned = notificationSettingsFromEnv({ ...env, NOTIFICATIONS_CONCURRENCY: '32', NOTIFICATIONS_EMAIL_CONCURRENCY: '2', NOTIFICATIONS_WEBHOOK_CONCURRENCY: '4' });
    expect(tuned.concurrency).toEqual({ in_app: 32, email: 2, webhook: 4 });
    expect(notificationSettingsFromEnv({ ...env, NOTIFICATIONS_EMAIL_CONCURRENCY: '0' }).concurrency.email).toBe(1);
  });

  it('refuses what is not a non-negative integer, and a missing REDIS_URL', () => {
    expect(() => notificationSettingsFromEnv({ ...env, NOTIFICATIONS_WEBHOOK_CONCURRENCY: 'many' })).toThrow(/invalid configuration/);
    expect(() => notificationSettingsFromEnv({ ...env, NOTIFICATIONS_CONCURRENCY: '-1' })).toThrow(/invalid configuration/);
    expect(() => notificationSettingsFromEnv({})).toThrow(/REDIS_URL: is required/);
  });

  it('takes Redis through Sentinel from REDIS_SENTINELS and REDIS_SENTINEL_NAME, REDIS_URL then optional', () => {
    expect(notificationSettingsFromEnv({ REDIS_SENTINELS: 's1:26379,s2:26379', REDIS_SENTINEL_NAME: 'laurel' }).redis).toEqual({
      sentinel: { name: 'laurel', sentinels: [{ host: 's1', port: 26379 }, { host: 's2', port: 26379 }] },
    });
    expect(() => notificationSettingsFromEnv({ REDIS_SENTINELS: 's1:26379' })).toThrow(/REDIS_SENTINEL_NAME: is required with REDIS_SENTINELS/);
  });

  it('reads SMTP host, port, TLS and credentials from SMTP_URL', () => {
    expect(smtpFromUrl('smtps://mailer:p%40ss@mail.example.test', 'Laurel <x@example.test>')).toEqual({
      host: 'mail.example.test',
      port: 465,
      secure: true,
      from: 'Laurel <x@example.test>',
      user: 'mailer',
      pass: 'p@ss',
    });
    expect(smtpFromUrl('smtp://relay:2525', 'f')).toEqual({ host: 'relay', port: 2525, secure: false, from: 'f' });
  });
});
