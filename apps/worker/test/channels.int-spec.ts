import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Pool } from 'pg';
import { DEFAULT_PREFERENCES, NotificationRuntime, PreferenceStore } from '@laurel/notifications';
import { uniqueName } from '@laurel/testing';
import { eventually, inboxOf, startWorkerHarness, type WorkerHarness } from './harness';
import { Seed } from './seed';

/** A TCP server that accepts connections and never answers: a webhook receiver that hangs. */
async function startHangingServer() {
  const sockets = new Set<net.Socket>();
  let most = 0;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    most = Math.max(most, sockets.size);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    open: () => sockets.size,
    most: () => most,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('delivery channels', () => {
  jest.setTimeout(60_000);

  describe('a webhook receiver that hangs', () => {
    let h: WorkerHarness;
    let hanging: Awaited<ReturnType<typeof startHangingServer>>;
    beforeAll(async () => {
      hanging = await startHangingServer();
      h = await startWorkerHarness({ concurrency: { in_app: 4, email: 2, webhook: 2 }, webhookTimeoutMs: 30_000, attempts: 1 });
    });
    afterAll(async () => {
      await hanging.close(); // the hanging POSTs fail now, so the workers can close
      await h.close();
    });

    it('holds up neither the inbox nor more connections than the webhook channel allows', async () => {
      const seed = new Seed(h.store);
      const preferences = new PreferenceStore(h.pool);
      const unit = uniqueName('unit');
      const officers = await Promise.all(Array.from({ length: 12 }, () => seed.user(['unit_officer'], unit)));
      for (const officer of officers) {
        await preferences.put(officer, { ...DEFAULT_PREFERENCES, channels: { in_app: true, email: false, webhook: true }, webhookUrl: hanging.url, webhookSecret: null });
      }
      const initiative = await seed.initiative(unit);
      await seed.append(`initiative-${initiative}`, [seed.event('DossierReturned', { initiativeId: initiative, reason: 'incomplete', screenedAt: new Date().toISOString() })]);

      // Every officer has the in-app notification long before any webhook could time out (30 s)...
      const inboxes = async () => (await Promise.all(officers.map((o) => inboxOf(h.pool, o)))).map((rows) => rows.length);
      expect(await eventually(inboxes, (counts) => counts.every((n) => n === 1), 10_000)).toEqual(officers.map(() => 1));
      // ...while the webhook channel keeps its own two POSTs hanging, and never more.
      await eventually(async () => hanging.open(), (n) => n === 2);
      await new Promise((r) => setTimeout(r, 300));
      expect(hanging.most()).toBe(2);
    });
  });

  describe('the in-app channel', () => {
    let h: WorkerHarness;
    let runtime: NotificationRuntime;
    const inserts: number[] = [];
    beforeAll(async () => {
      h = await startWorkerHarness({ concurrency: { in_app: 64, email: 2, webhook: 2 } }, false);
      // The same pool, counting the inbox INSERTs and their rows.
      const counting = new Proxy(h.pool, {
        get(target, prop) {
          if (prop === 'query') {
            return (config: unknown, ...rest: unknown[]) => {
              const c = config as { name?: string; values?: unknown[][] };
              if (c?.name === 'notification-inbox-insert') inserts.push(c.values?.[0]?.length ?? 0);
              return (target.query as (...a: unknown[]) => unknown)(config, ...rest);
            };
          }
          const value = Reflect.get(target, prop) as unknown;
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      }) as Pool;
      runtime = new NotificationRuntime({ pool: counting, store: h.store, runner: h.runner, settings: h.settings, name: 'test' });
      await runtime.start();
    });
    afterAll(async () => {
      await runtime.stop();
      await h.close();
    });

    it('writes notifications delivered together in shared multi-row INSERTs, each exactly once', async () => {
      const seed = new Seed(h.store);
      const unit = uniqueName('unit');
      const officer = await seed.user(['unit_officer'], unit);
      const initiatives = await Promise.all(Array.from({ length: 20 }, () => seed.initiative(unit)));
      for (let i = 0; i < 10; i++) {
        await Promise.all(initiatives.map((id) => seed.append(`initiative-${id}`, [seed.event('DossierAccepted', { initiativeId: id, screenedAt: new Date().toISOString() })])));
      }
      const rows = await eventually(() => inboxOf(h.pool, officer), (r) => r.length >= 200);
      expect(new Set(rows.map((r) => r.event_id)).size).toBe(200);
      expect(inserts.reduce((a, b) => a + b, 0)).toBe(200);
      // One INSERT per notification would be 200; together they take a small fraction of that.
      expect(inserts.length).toBeLessThanOrEqual(50);
    });
  });
});
