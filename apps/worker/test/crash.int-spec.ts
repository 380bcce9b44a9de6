import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { DEFAULT_PREFERENCES, PreferenceStore } from '@laurel/notifications';
import { testDatabaseUrl, uniqueName } from '@laurel/testing';
import { eventually, startWorkerHarness, type WorkerHarness } from './harness';
import { startReceiver } from './receivers';
import { Seed } from './seed';

const EVENTS = 300;

function startWorkerProcess(h: WorkerHarness): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', path.join(__dirname, 'child/register-ts.cjs'), path.join(__dirname, 'child/worker-process.ts')], {
    env: { ...process.env, LAUREL_TEST_WORKER: JSON.stringify({ databaseUrl: testDatabaseUrl(), schema: h.schema, settings: h.settings }) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve(child));
    child.once('exit', (code) => reject(new Error(`worker process exited with ${code}`)));
  });
}

describe('a worker process killed mid-batch', () => {
  jest.setTimeout(120_000);
  let h: WorkerHarness;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    h = await startWorkerHarness({ concurrency: { in_app: 16, email: 16, webhook: 16 }, batchSize: 50 }, false);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await h.close();
    await receiver.close();
  });

  it('loses no notification and delivers none twice after SIGKILL and a restart', async () => {
    const seed = new Seed(h.store);
    const unit = uniqueName('unit');
    const officer = await seed.user(['unit_officer'], unit);
    await new PreferenceStore(h.pool).put(officer, { ...DEFAULT_PREFERENCES, channels: { in_app: true, email: false, webhook: true }, webhookUrl: receiver.url, webhookSecret: null });
    for (let i = 0; i < EVENTS / 20; i++) {
      const initiatives = await Promise.all(Array.from({ length: 20 }, () => seed.initiative(unit)));
      await Promise.all(initiatives.map((id) => seed.append(`initiative-${id}`, [seed.event('DossierAccepted', { initiativeId: id, screenedAt: new Date().toISOString() })])));
    }
    const inbox = async () => (await h.pool.query<{ n: number; distinct: number }>('SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS distinct FROM notification_inbox WHERE user_id = $1', [officer])).rows[0];

    child = await startWorkerProcess(h);
    await eventually(inbox, (c) => c.n >= EVENTS / 10, 30_000);
    child.kill('SIGKILL');
    await new Promise((resolve) => child?.once('exit', resolve));
    const atKill = await inbox();
    expect(atKill.n).toBeLessThan(EVENTS);

    child = await startWorkerProcess(h);
    const done = await eventually(inbox, (c) => c.n >= EVENTS, 60_000);
    await eventually(async () => new Set(receiver.hooks.map((x) => x.headers['idempotency-key'])).size, (n) => n >= EVENTS, 30_000);
    await new Promise((r) => setTimeout(r, 500));

    expect(await inbox()).toEqual({ n: EVENTS, distinct: EVENTS });
    expect(done.n).toBe(EVENTS);
    const keys = receiver.hooks.map((x) => String(x.headers['idempotency-key']));
    expect(new Set(keys).size).toBe(EVENTS);
    // Only a POST in flight at the kill may be repeated, and with the same Idempotency-Key.
    expect(keys.length - EVENTS).toBeLessThanOrEqual(h.settings.concurrency.webhook);
  });
});
