import request from 'supertest';
import { ReadDatabase } from '@laurel/infra';
import { ApiHarness } from '../api-harness';
import { Fixtures } from '../../apps/api/src/initiatives/testing/initiative-fixtures';
import { startStreamingReplica, type StreamingReplica } from './streaming-replica';

/*
 * issue 15, "Reads on replicas": the API with DATABASE_URL on a primary and READ_DATABASE_URL on a
 * real streaming replica of it (test/replica/streaming-replica.ts). Queries read the replica and
 * wait there for ?minPosition=; commands and projections use the primary. While the primary is
 * down the replica goes on answering queries; while the replica is down the primary does.
 */

const ENV = ['DATABASE_URL', 'READ_DATABASE_URL', 'DATABASE_CONNECT_TIMEOUT_MS', 'READ_MODEL_WAIT_MS'] as const;
/** How long a ?minPosition= wait may take on a busy machine; the 503 checks set a short one. */
const LONG_WAIT_MS = '20000';
/** Each test's bound (jest-circus takes only the global testTimeout, not the integration project's). */
const TEST_MS = 60_000;

const unitIds = (body: { items: { unitId: string }[] }) => body.items.map((i) => i.unitId);
const initiativeIds = (body: { items: { initiativeId: string }[] }) => body.items.map((i) => i.initiativeId);

describe('queries on a streaming replica (READ_DATABASE_URL)', () => {
  const saved = Object.fromEntries(ENV.map((key) => [key, process.env[key]]));
  let servers: StreamingReplica;
  let api: ApiHarness;
  let f: Fixtures;
  let officer: string;
  let movementId: string;
  let unitId: string;
  /** An initiative the officer registered, and the position its command returned. */
  let initiative: { id: string; position: string };

  beforeAll(async () => {
    servers = await startStreamingReplica();
    process.env.DATABASE_URL = servers.primaryUrl;
    process.env.READ_DATABASE_URL = servers.replicaUrl;
    process.env.DATABASE_CONNECT_TIMEOUT_MS = '2000';
    process.env.READ_MODEL_WAIT_MS = LONG_WAIT_MS;
    api = await ApiHarness.start();
    f = new Fixtures(api);
    const province = await f.unit('province', 'province');
    unitId = await f.unit('district', 'district', province);
    officer = await f.user('officer', ['unit_officer'], unitId);
    movementId = await f.movement(province, 'initiative-recognition');
  }, 90_000);

  afterAll(async () => {
    await api?.close();
    await servers?.stop();
    for (const key of ENV) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }, TEST_MS);

  const registerUnit = async (name: string) => {
    const id = f.id(name);
    const created = await api.as('admin').post('/units').send({ id, name, level: 'grassroots', parentId: unitId }).expect(201);
    return { id, position: created.body.position as string };
  };
  const onPrimary = async (streamName: string) => (await servers.query('primary', 'SELECT 1 FROM rm_reference_states WHERE stream_name = $1', [streamName])).length > 0;
  const metrics = async () => (await request(api.app.getHttpServer()).get('/metrics').expect(200)).text;
  const metric = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);

  async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check().catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms\n${await servers.diagnosis()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('serves the read-your-writes queries from the replica, waiting there for ?minPosition=', async () => {
    expect(api.app.get(ReadDatabase).replicated).toBe(true);
    const created = await api.as(officer).post('/initiatives').send({ movementId, unitId, title: 'Replicated ledger', summary: 'Read on the standby', field: 'economy', authors: [{ name: 'Nguyễn Văn A' }] }).expect(201);
    initiative = { id: created.body.id, position: created.body.position };
    const list = await api.as(officer).get(`/initiatives?movementId=${movementId}&minPosition=${initiative.position}`).expect(200);
    expect(initiativeIds(list.body)).toEqual([initiative.id]);
    const counted = await api.as(officer).get(`/stats/initiatives?movementId=${movementId}&minPosition=${initiative.position}`).expect(200);
    expect(counted.body).toMatchObject({ total: 1 });

    // With the replica's replay paused, a write reaches the primary's read model and not the replica's.
    await servers.pauseReplay();
    try {
      const unit = await registerUnit('paused');
      await waitFor(`the primary's reference read model shows ${unit.id}`, () => onPrimary(`unit-${unit.id}`));
      const stale = await api.as('admin').get(`/units?parentId=${unitId}`).expect(200);
      expect(unitIds(stale.body)).not.toContain(unit.id);
      process.env.READ_MODEL_WAIT_MS = '500';
      const behind = await api.as('admin').get(`/units?minPosition=${unit.position}`).expect(503);
      expect(behind.body).toMatchObject({ code: 'NOT_CAUGHT_UP' });
      expect(behind.headers['retry-after']).toBe('1');
      const lagging = await metrics();
      expect(metric(lagging, 'laurel_read_replica_up')).toBe(1);
      expect(metric(lagging, 'laurel_read_replica_lag_bytes')).toBeGreaterThan(0);

      // A query waiting for the position answers once the replica has replayed it.
      process.env.READ_MODEL_WAIT_MS = LONG_WAIT_MS;
      const waiting = api.as('admin').get(`/units?parentId=${unitId}&minPosition=${unit.position}`).then((r) => r);
      await servers.resumeReplay();
      const caughtUp = await waiting;
      expect(caughtUp.status).toBe(200);
      expect(unitIds(caughtUp.body)).toContain(unit.id);
    } finally {
      process.env.READ_MODEL_WAIT_MS = LONG_WAIT_MS;
      await servers.resumeReplay().catch(() => undefined);
    }
  }, TEST_MS);

  it('reports the replica on /metrics and /health', async () => {
    await servers.caughtUp();
    await waitFor('laurel_read_replica_lag_bytes comes back to 0 once the replica has replayed everything', async () => metric(await metrics(), 'laurel_read_replica_lag_bytes') === 0);
    const text = await metrics();
    for (const [name, value] of [['laurel_read_replica_up', 1], ['laurel_read_replica_streaming', 1], ['laurel_read_replica_fallback', 0]] as const) expect({ name, value: metric(text, name) }).toEqual({ name, value });
    expect(metric(text, 'laurel_read_replica_lag_seconds')).toBeGreaterThanOrEqual(0);
    const health = await request(api.app.getHttpServer()).get('/health');
    expect(health.body.details.readReplica).toMatchObject({ status: 'up', standby: true, streaming: true, servesQueries: 'replica' });
  }, TEST_MS);

  it('goes on answering queries, signed in and public, while the primary is down; commands wait for it', async () => {
    const unit = await registerUnit('before-outage');
    // Signed in by nobody yet: this process has no directory entry of theirs in its cache.
    const auditor = await f.user('auditor', ['auditor'], unitId);
    await waitFor('the primary\'s reference read model shows the unit and the auditor', async () => (await onPrimary(`unit-${unit.id}`)) && (await onPrimary(`user-${auditor}`)));
    await servers.caughtUp();
    await servers.stopPrimary();
    try {
      const list = await api.as(auditor).get(`/initiatives?movementId=${movementId}&minPosition=${initiative.position}`);
      expect({ status: list.status, ids: list.status === 200 ? initiativeIds(list.body) : list.body }).toEqual({ status: 200, ids: [initiative.id] });
      const units = await api.as('admin').get(`/units?parentId=${unitId}&minPosition=${unit.position}`).expect(200);
      expect(unitIds(units.body)).toContain(unit.id);
      await api.anonymous.get('/public/initiatives').expect(200);
      // A user the replica does not know may be one it has not replayed yet: not a 401, the primary's 503.
      const unknown = await api.as(f.id('not-replicated')).get('/units').expect(503);
      expect(unknown.body.code).toBe('DATABASE_UNAVAILABLE');
      // /metrics still answers: the replica's WAL receiver has lost the primary, which measures no bytes.
      await waitFor('the replica reports it no longer streams', async () => metric(await metrics(), 'laurel_read_replica_streaming') === 0);
      const text = await metrics();
      expect({ up: metric(text, 'laurel_read_replica_up'), bytes: metric(text, 'laurel_read_replica_lag_bytes') }).toEqual({ up: 1, bytes: Number.NaN });
      const command = await api.as('admin').post('/units').send({ id: f.id('during-outage'), name: 'During the outage', level: 'grassroots', parentId: unitId }).expect(503);
      expect(command.body.code).toBe('DATABASE_UNAVAILABLE');
    } finally {
      await servers.startPrimary();
    }
    // Back: commands are accepted again, and the replica streams and shows them.
    let after: { id: string; position: string } | undefined;
    await waitFor('a command is accepted once the primary is back', async () => {
      after = await registerUnit(`after-outage-${Date.now()}`);
      return true;
    });
    const shown = await api.as('admin').get(`/units?parentId=${unitId}&minPosition=${after?.position}`).expect(200);
    expect(unitIds(shown.body)).toContain(after?.id);
  }, TEST_MS);

  it('reads the primary while the replica is down, and the replica again once it answers', async () => {
    await servers.stopReplica();
    try {
      const unit = await registerUnit('replica-down');
      const list = await api.as('admin').get(`/units?parentId=${unitId}&minPosition=${unit.position}`).expect(200);
      expect(unitIds(list.body)).toContain(unit.id);
      const text = await metrics();
      expect([metric(text, 'laurel_read_replica_up'), metric(text, 'laurel_read_replica_fallback')]).toEqual([0, 1]);
      const health = await request(api.app.getHttpServer()).get('/health').expect(503);
      expect(health.body.details.readReplica).toMatchObject({ status: 'down', servesQueries: 'primary' });
      await request(api.app.getHttpServer()).get('/health/ready').expect(200);
    } finally {
      await servers.startReplica();
    }
    await waitFor('queries go back to the replica once it answers', async () => metric(await metrics(), 'laurel_read_replica_fallback') === 0);
    await servers.pauseReplay();
    try {
      const unit = await registerUnit('replica-back');
      await waitFor(`the primary's reference read model shows ${unit.id}`, () => onPrimary(`unit-${unit.id}`));
      const stale = await api.as('admin').get(`/units?parentId=${unitId}`).expect(200);
      expect(unitIds(stale.body)).not.toContain(unit.id);
    } finally {
      await servers.resumeReplay();
    }
  }, TEST_MS);
});
