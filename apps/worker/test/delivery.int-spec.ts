import { Webhook } from 'standardwebhooks';
import { PreferenceStore, DEFAULT_PREFERENCES } from '@laurel/notifications';
import { uniqueName } from '@laurel/testing';
import { eventually, startWorkerHarness, TEST_WEBHOOK_SECRET, type WorkerHarness } from './harness';
import { startReceiver, startSmtp } from './receivers';
import { Seed } from './seed';

describe('delivery by e-mail and webhook', () => {
  jest.setTimeout(30_000);
  let h: WorkerHarness;
  let seed: Seed;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let preferences: PreferenceStore;
  const secret = 'webhook-secret-0123456789';

  beforeAll(async () => {
    smtp = await startSmtp();
    receiver = await startReceiver();
    h = await startWorkerHarness({ smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Laurel <laurel@example.test>' }, attempts: 3, backoffMs: 100 });
    seed = new Seed(h.store);
    preferences = new PreferenceStore(h.pool);
  });
  afterAll(async () => {
    await h.close();
    await smtp.close();
    await receiver.close();
  });

  /** The dead letter of `recipient`'s notification, if any. */
  async function deadLetterOf(harness: WorkerHarness, recipient: string) {
    const { rows } = await harness.pool.query<{ attempts: number; error: string }>(`SELECT attempts, error FROM notification_dead_letters WHERE data->>'recipient' = $1`, [recipient]);
    return rows[0];
  }

  /** A dossier returned to a unit whose officers are `officers`. */
  async function returnDossier(unit: string): Promise<void> {
    const initiative = await seed.initiative(unit);
    await seed.append(`initiative-${initiative}`, [seed.event('DossierReturned', { initiativeId: initiative, reason: 'thiếu báo cáo', screenedAt: new Date().toISOString() })]);
  }

  it('sends each recipient one e-mail in the language they chose, and none again when the feed is replayed', async () => {
    const unit = uniqueName('unit');
    const english = await seed.user(['unit_officer'], unit);
    const vietnamese = await seed.user(['unit_officer'], unit);
    await preferences.put(english, { ...DEFAULT_PREFERENCES, locale: 'en', channels: { in_app: false, email: true, webhook: false } });
    await returnDossier(unit);
    const mailsTo = (user: string) => smtp.mails.filter((m) => m.to === `${user}@example.test`);
    await eventually(async () => mailsTo(english).length + mailsTo(vietnamese).length, (n) => n === 2);
    expect(mailsTo(english)[0].subject).toMatch(/^The dossier "Initiative .*" was returned$/);
    expect(mailsTo(vietnamese)[0].subject).toMatch(/^Hồ sơ "Initiative .*" bị trả lại$/);
    expect(mailsTo(english)[0].messageId).toMatch(/^<email-[0-9a-f-]{36}@laurel>$/);

    await h.runtime.stop();
    await h.pool.query(`UPDATE notification_checkpoints SET position = $1`, [h.startPosition]);
    await h.flushRedis(); // even BullMQ's memory of the jobs is gone: the delivery log alone refuses repeats
    const again = await h.restart();
    await again.dispatcher.caughtUp();
    await new Promise((r) => setTimeout(r, 500));
    expect(mailsTo(english)).toHaveLength(1);
    expect(mailsTo(vietnamese)).toHaveLength(1);
  });

  it('signs webhooks with Standard Webhooks (verified by the standardwebhooks library), sends the job id as Idempotency-Key, and retries a failing receiver', async () => {
    const unit = uniqueName('unit');
    const officer = await seed.user(['unit_officer'], unit);
    await preferences.put(officer, { ...DEFAULT_PREFERENCES, channels: { in_app: false, email: false, webhook: true }, webhookUrl: receiver.url, webhookSecret: secret });
    let failures = 2;
    receiver.respond = () => (failures-- > 0 ? 503 : 204);
    await returnDossier(unit);
    const mine = () => receiver.hooks.filter((hook) => JSON.parse(hook.body).recipient === officer);
    await eventually(async () => mine().filter((hook) => hook.status === 204).length, (n) => n === 1);
    const attempts = mine();
    expect(attempts.map((a) => a.status)).toEqual([503, 503, 204]);
    expect(new Set(attempts.map((a) => a.headers['idempotency-key'])).size).toBe(1);
    const last = attempts[2];
    // The receiver's own secret (not in whsec_ form) is the raw key.
    expect(new Webhook(secret, { format: 'raw' }).verify(last.body, last.headers as Record<string, string>)).toEqual(expect.objectContaining({ kind: 'dossier_returned' }));
    expect(() => new Webhook('another-secret-0123456789', { format: 'raw' }).verify(last.body, last.headers as Record<string, string>)).toThrow();
    expect(last.headers['webhook-id']).toBe(last.headers['idempotency-key']);
    expect(JSON.parse(last.body)).toEqual(expect.objectContaining({ id: last.headers['idempotency-key'], kind: 'dossier_returned' }));
  });

  it('signs with the global WEBHOOK_SIGNING_SECRET when the receiver set no secret of its own', async () => {
    const unit = uniqueName('unit');
    const officer = await seed.user(['unit_officer'], unit);
    await preferences.put(officer, { ...DEFAULT_PREFERENCES, channels: { in_app: false, email: false, webhook: true }, webhookUrl: receiver.url, webhookSecret: null });
    receiver.respond = () => 200;
    await returnDossier(unit);
    const mine = () => receiver.hooks.filter((hook) => JSON.parse(hook.body).recipient === officer);
    const [hook] = await eventually(async () => mine(), (hooks) => hooks.length === 1);
    expect(new Webhook(TEST_WEBHOOK_SECRET).verify(hook.body, hook.headers as Record<string, string>)).toEqual(expect.objectContaining({ recipient: officer }));
  });

  it('does not follow a redirect: the 3xx is a failed delivery, dead-lettered with the reason, and the target gets nothing', async () => {
    const target = await startReceiver();
    try {
      const unit = uniqueName('unit');
      const officer = await seed.user(['unit_officer'], unit);
      await preferences.put(officer, { ...DEFAULT_PREFERENCES, channels: { in_app: false, email: false, webhook: true }, webhookUrl: receiver.url, webhookSecret: secret });
      receiver.respond = (hook) => (JSON.parse(hook.body).recipient === officer ? { status: 307, headers: { location: target.url } } : 200);
      await returnDossier(unit);
      const letter = await eventually(() => deadLetterOf(h, officer), (l) => l !== undefined);
      expect(letter).toEqual({ attempts: 1, error: 'webhook answered 307, a redirect (redirects are not followed)' });
      expect(receiver.hooks.filter((hook) => JSON.parse(hook.body).recipient === officer)).toHaveLength(1);
      expect(target.hooks).toHaveLength(0);
    } finally {
      await target.close();
    }
  });

  it('puts a notification that failed every attempt in the dead letters, and delivers it once replayed', async () => {
    const unit = uniqueName('unit');
    const officer = await seed.user(['unit_officer'], unit);
    await preferences.put(officer, { ...DEFAULT_PREFERENCES, channels: { in_app: false, email: false, webhook: true }, webhookUrl: receiver.url, webhookSecret: secret });
    let down = true;
    receiver.respond = () => (down ? 500 : 200);
    await returnDossier(unit);
    const runtime = await h.restart();
    const letters = await eventually(() => runtime.deadLetters.list(10), (list) => list.some((l) => (l.data as { recipient: string }).recipient === officer));
    const letter = letters.find((l) => (l.data as { recipient: string }).recipient === officer);
    expect(letter).toEqual(expect.objectContaining({ attempts: 3, error: 'webhook answered 500', replayedAt: null }));

    down = false;
    expect(await runtime.deadLetters.replay(String(letter?.id), runtime.queues.delivery, {})).toBe('retried');
    const mine = () => receiver.hooks.filter((hook) => JSON.parse(hook.body).recipient === officer);
    await eventually(async () => mine().map((hook) => hook.status), (s) => s.includes(200));
    expect(mine().map((hook) => hook.status)).toEqual([500, 500, 500, 200]);
  });
});
