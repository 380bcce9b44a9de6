import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { streams } from '@laurel/application';
import { EVENT_STORE, type EventStore } from '@laurel/event-store';
import { findFreePort } from '@laurel/infra';
import { testDatabaseUrl, testRedisUrl } from '@laurel/testing';
import { ApiHarness } from '../../../../test/api-harness';
import { buildWorld, screened, send, type World } from '../initiatives/testing/initiative-fixtures';
import { CRASH_MARKER } from './idempotency.interceptor';

const root = path.resolve(__dirname, '../../../..');

interface ApiChild {
  url: string;
  child: ChildProcess;
}

/** The API as its own process, running the TypeScript sources, with the test-only crash hook armed. */
async function startApi(): Promise<ApiChild> {
  const port = await findFreePort();
  const child = spawn(
    process.execPath,
    ['--experimental-require-module', '--no-warnings', '-r', path.join(root, 'apps/worker/test/child/register-ts.cjs'), path.join(root, 'apps/api/src/main.ts')],
    {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: testDatabaseUrl(),
        REDIS_URL: testRedisUrl(),
        PORT: String(port),
        LOG_LEVEL: 'silent',
        SEED_DEMO: 'false',
        LAUREL_TEST_CRASH_AFTER_APPEND: '1',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API process exited with ${child.exitCode}`);
    if (await fetch(`${url}/health`).then((r) => r.ok, () => false)) return { url, child };
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('the API process did not become healthy within 60 s');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

const exited = (child: ChildProcess) =>
  new Promise<NodeJS.Signals | number | null>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.signalCode ?? child.exitCode) : child.once('exit', (code, signal) => resolve(signal ?? code))));

describe('an API process killed between the append and the response', () => {
  jest.setTimeout(180_000);
  let api: ApiHarness;
  let w: World;
  let store: EventStore;
  let running: ApiChild | undefined;
  beforeAll(async () => {
    api = await ApiHarness.start();
    w = await buildWorld(api);
    store = api.app.get(EVENT_STORE);
  });
  afterAll(async () => {
    running?.child.kill('SIGKILL');
    await api.close();
  });

  const post = (base: string, route: string, key: string, body: object, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/v1${route}`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key, ...headers }, body: JSON.stringify(body) });

  /** Sends with the crash marker: the process dies right after the append, the client gets no answer. */
  async function crashAfterAppend(route: string, key: string, body: object, headers: Record<string, string> = {}) {
    running = await startApi();
    const killed = running.child;
    await expect(post(running.url, route, key, body, { ...headers, [CRASH_MARKER]: '1' })).rejects.toThrow();
    expect(await exited(killed)).toBe('SIGKILL');
    running = undefined;
  }

  it('a retry with the same key after the restart gets the answer the first request would have given, and the stream holds one set of events', async () => {
    const id = await screened(w);
    const stream = streams.initiative(id);
    const secretary = { authorization: `Bearer ${api.token(w.secretary)}` };

    // A signed-in command with an extra field in its answer (openReview → reviewId).
    const openKey = `open-${randomUUID()}`;
    await crashAfterAppend(`/initiatives/${id}/review`, openKey, {}, secretary);
    const afterCrash = await store.readStream(stream);
    const written = afterCrash.filter((e) => e.metadata.idempotencyKey === openKey);
    expect(written.map((e) => e.type)).toContain('ReviewOpened');

    running = await startApi();
    const retry = await post(running.url, `/initiatives/${id}/review`, openKey, {}, secretary);
    expect(retry.status).toBe(200);
    const opened = (await retry.json()) as Record<string, unknown>;
    const last = written[written.length - 1];
    const reviewOpened = written.find((e) => e.type === 'ReviewOpened')?.data as { reviewId: string };
    expect(opened).toEqual({ id, version: last.streamVersion, position: last.position, reviewId: reviewOpened.reviewId });
    const again = await post(running.url, `/initiatives/${id}/review`, openKey, {}, secretary);
    expect(await again.json()).toEqual(opened);
    expect((await store.readStream(stream)).length).toBe(afterCrash.length);

    // Through the review and into the consultation, then an anonymous objection (→ objectionId).
    for (const member of w.members) await send(api.as(member), `/initiatives/${id}/review/ballots`, { choice: 'approve' });
    await send(api.as(w.secretary), `/initiatives/${id}/review/close`, {});
    await send(api.as(w.secretary), `/initiatives/${id}/consultation`, {});
    running.child.kill('SIGKILL');
    await exited(running.child);
    running = undefined;

    const objectionKey = `objection-${randomUUID()}`;
    const objection = { text: 'Filed just before the server died' };
    await crashAfterAppend(`/initiatives/${id}/consultation/objections`, objectionKey, objection);
    running = await startApi();
    const answer = await post(running.url, `/initiatives/${id}/consultation/objections`, objectionKey, objection);
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as Record<string, unknown>;
    const filed = (await store.readStream(stream)).filter((e) => e.type === 'ObjectionFiled');
    expect(filed).toHaveLength(1);
    expect(body).toEqual({ id, version: filed[0].streamVersion, position: filed[0].position, objectionId: (filed[0].data as { objectionId: string }).objectionId });
    expect(await (await post(running.url, `/initiatives/${id}/consultation/objections`, objectionKey, objection)).json()).toEqual(body);
    expect((await store.readStream(stream)).filter((e) => e.type === 'ObjectionFiled')).toHaveLength(1);
  });
});
