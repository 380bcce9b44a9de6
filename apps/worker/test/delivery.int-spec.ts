import { createHmac } from 'node:crypto';
import { PreferenceStore, DEFAULT_PREFERENCES } from '@laurel/notifications';
import { uniqueName } from '@laurel/testing';
import { eventually, startWorkerHarness, type WorkerHarness } from './harness';
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

  it('signs webhooks over timestamp and body, sends the job id as Idempotency-Key, and retries a failing receiver', async () => {
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
    const timestamp = String(last.headers['x-laurel-timestamp']);
    expect(last.headers['x-laurel-signature']).toBe(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${last.body}`).digest('hex')}`);
    expect(JSON.parse(last.body)).toEqual(expect.objectContaining({ id: last.headers['idempotency-key'], kind: 'dossier_returned' }));
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
