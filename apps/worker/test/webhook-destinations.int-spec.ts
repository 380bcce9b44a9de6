import { DEFAULT_PREFERENCES, PreferenceStore } from '@laurel/notifications';
import { uniqueName } from '@laurel/testing';
import { eventually, startWorkerHarness, TEST_WEBHOOK_SECRET, type WorkerHarness } from './harness';
import { startReceiver } from './receivers';
import { Seed } from './seed';

describe('webhook destinations outside embedded mode', () => {
  jest.setTimeout(30_000);
  let h: WorkerHarness;
  let seed: Seed;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver();
    // Not embedded (https only); 127.0.0.1 is listed in WEBHOOK_ALLOWED_HOSTS, no other private host is.
    h = await startWorkerHarness({ attempts: 3, backoffMs: 100, webhooks: { allowHttp: false, allowedHosts: ['127.0.0.1'], signingSecret: TEST_WEBHOOK_SECRET } });
    seed = new Seed(h.store);
  });
  afterAll(async () => {
    await h.close();
    await receiver.close();
  });

  /** A unit officer whose webhook goes to `url`, and the dossier returned to their unit. */
  async function notify(url: string): Promise<string> {
    const unit = uniqueName('unit');
    const officer = await seed.user(['unit_officer'], unit);
    await new PreferenceStore(h.pool).put(officer, { ...DEFAULT_PREFERENCES, channels: { in_app: false, email: false, webhook: true }, webhookUrl: url, webhookSecret: null });
    const initiative = await seed.initiative(unit);
    await seed.append(`initiative-${initiative}`, [seed.event('DossierReturned', { initiativeId: initiative, reason: 'thiếu báo cáo', screenedAt: new Date().toISOString() })]);
    return officer;
  }

  const deadLetterOf = async (recipient: string) =>
    (await h.pool.query<{ attempts: number; error: string }>(`SELECT attempts, error FROM notification_dead_letters WHERE data->>'recipient' = $1`, [recipient])).rows[0];

  it('refuses loopback, private and IPv4-mapped private destinations not listed in WEBHOOK_ALLOWED_HOSTS, and plain http: each dead-lettered at once with the reason, nothing sent', async () => {
    const port = new URL(receiver.url).port;
    const cases: [string, RegExp][] = [
      [`https://localhost:${port}/hook`, /^webhook host localhost resolves to (127\.0\.0\.1|::1), a loopback, private or link-local address; list the host in WEBHOOK_ALLOWED_HOSTS to allow it$/],
      ['https://10.20.30.40/hook', /resolves to 10\.20\.30\.40, a loopback, private or link-local address/],
      ['https://169.254.169.254/latest/meta-data', /resolves to 169\.254\.169\.254/],
      ['https://100.64.1.1/hook', /resolves to 100\.64\.1\.1/],
      ['https://[::ffff:192.168.1.1]/hook', /resolves to ::ffff:(192\.168\.1\.1|c0a8:101)/],
      ['https://[fd00::1]/hook', /resolves to fd00::1/],
      [receiver.url, /^webhook URL must use https \(plain http only in embedded mode\): http:\/\/127\.0\.0\.1:\d+$/],
    ];
    const officers = await Promise.all(cases.map(([url]) => notify(url)));
    for (const [i, officer] of officers.entries()) {
      const letter = await eventually(() => deadLetterOf(officer), (l) => l !== undefined);
      expect(letter.attempts).toBe(1);
      expect(letter.error).toMatch(cases[i][1]);
    }
    expect(receiver.hooks).toHaveLength(0);
  });
});
