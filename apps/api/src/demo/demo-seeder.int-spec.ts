import { Logger } from '@nestjs/common';
import { Client, Pool } from 'pg';
import { EVENT_STORE, type EventStore } from '@laurel/event-store';
import { testDatabaseUrl, testRunId } from '@laurel/testing';
import { ApiHarness } from '../../../../test/api-harness';
import { DEMO_INITIATIVES, DEMO_MARKER_STREAM, DEMO_USERS } from './demo-plan';

/*
 * The demo seeded on start with SEED_DEMO=true. Each test gets a database of its own, so "the first
 * start" really is one, whatever else the run's database holds.
 */

const ENV_KEYS = ['SEED_DEMO', 'AUTH_DEV_TOKENS', 'LAUREL_EMBEDDED', 'DATABASE_URL'] as const;
const saved = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
const databases: string[] = [];

async function freshDatabase(tag: string): Promise<string> {
  const name = `laurel_demo_${testRunId()}_${tag}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const admin = new Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  databases.push(name);
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Starts the API on `databaseUrl` with the demo switched on: the seeding happens inside the start.
 * As the embedded launcher would (dev tokens exist only in embedded mode).
 */
async function start(databaseUrl: string): Promise<ApiHarness> {
  Object.assign(process.env, { SEED_DEMO: 'true', AUTH_DEV_TOKENS: 'true', LAUREL_EMBEDDED: 'true', DATABASE_URL: databaseUrl });
  return ApiHarness.start();
}

/** Every event of the demo's streams, as `stream#version type`. */
async function demoEvents(databaseUrl: string): Promise<string[]> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const { rows } = await pool.query<{ line: string }>(
      `SELECT stream_name || '#' || stream_version || ' ' || event_type AS line FROM es_events
        WHERE stream_name = $1 OR stream_name LIKE '%-demo-%' ORDER BY stream_name, stream_version`,
      [DEMO_MARKER_STREAM],
    );
    return rows.map((r) => r.line);
  } finally {
    await pool.end();
  }
}

const EXPECTED_STAGES: Record<string, string> = {
  'demo-initiative-1': 'registered',
  'demo-initiative-2': 'cultivating',
  'demo-initiative-3': 'nominated',
  'demo-initiative-4': 'in_review',
  'demo-initiative-5': 'consultation',
  'demo-initiative-6': 'awarded',
  'demo-initiative-7': 'published',
};

describe('the demo seeded on the first start (SEED_DEMO=true)', () => {
  afterAll(async () => {
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    const admin = new Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    for (const name of databases) {
      // Once the closed applications' sockets are gone (terminating them would be unhandled errors there).
      for (let attempt = 0; ; attempt++) {
        try {
          await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
          break;
        } catch (error) {
          if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error; // object_in_use
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    }
    await admin.end();
  });

  let seededOnce: string[] = [];

  it('a first start seeds units, users, a council, a movement and initiatives at different stages; a second start adds nothing', async () => {
    const url = await freshDatabase('seq');
    const first = await start(url);
    try {
      seededOnce = await demoEvents(url);
      expect(seededOnce.filter((line) => line.startsWith(`${DEMO_MARKER_STREAM}#`))).toEqual([`${DEMO_MARKER_STREAM}#1 DemoSeeded`]);

      // Newcomers sign in as a demo user and find the initiatives where the plan left them.
      const signIn = await first.anonymous.post('/auth/dev-token').send({ userId: 'demo-officer' }).expect(200);
      expect(typeof signIn.body.token).toBe('string');
      for (const [id, stage] of Object.entries(EXPECTED_STAGES)) {
        const response = await first.as('demo-auditor').get(`/initiatives/${id}`).expect(200);
        expect({ id, stage: response.body.stage }).toEqual({ id, stage });
      }
      const inReview = (await first.as('demo-auditor').get('/initiatives/demo-initiative-4').expect(200)).body;
      expect(inReview.review).toMatchObject({ status: 'open' });
      expect(inReview.review.voters).toEqual(['demo-member-1', 'demo-member-2']);
      expect(inReview.review.owingBallot).toEqual(expect.arrayContaining(['demo-member-3']));
      const published = (await first.as('demo-auditor').get('/initiatives/demo-initiative-7').expect(200)).body;
      expect(published.awards).toHaveLength(1);
      expect(published.publications).toHaveLength(1);
      expect(published.reviews[0].tally).toMatchObject({ quorumMet: true, approved: true });

      // The lists are a read model: ask for one that has reached the seeder's last write.
      const head = await first.app.get<EventStore>(EVENT_STORE).headPosition();
      const users = await first.as('admin').get(`/users?limit=500&minPosition=${head}`).expect(200);
      const ids = users.body.items.map((u: { userId: string }) => u.userId);
      expect(ids).toEqual(expect.arrayContaining([...DEMO_USERS.map((u) => u.id), 'admin']));
      const roles = new Set(users.body.items.flatMap((u: { roles: string[] }) => u.roles));
      for (const role of ['unit_officer', 'secretary', 'council_member', 'decision_authority', 'administrator', 'auditor']) expect(roles).toContain(role);
      const levels = (await first.as('admin').get(`/units?limit=500&minPosition=${head}`).expect(200)).body.items.filter((u: { unitId: string }) => u.unitId.startsWith('demo-'));
      expect(new Set(levels.map((u: { level: string }) => u.level))).toEqual(new Set(['province', 'district', 'grassroots']));
    } finally {
      await first.close();
    }

    const second = await start(url);
    await second.close();
    expect(await demoEvents(url)).toEqual(seededOnce);
  }, 60_000);

  it('two processes starting together on an empty database seed the demo once', async () => {
    const url = await freshDatabase('par');
    const errors = jest.spyOn(Logger.prototype, 'error');
    const apps = await Promise.all([start(url), start(url)]);
    await Promise.all(apps.map((app) => app.close()));
    expect(errors).not.toHaveBeenCalled(); // neither seeder stumbled over the other
    errors.mockRestore();
    const events = await demoEvents(url);
    expect(events).toEqual(seededOnce);
    expect(new Set(events.map((line) => line.split(' ')[0])).size).toBe(events.length);
    expect(DEMO_INITIATIVES.every((i) => events.some((line) => line.startsWith(`initiative-${i.id}#`)))).toBe(true);
  }, 60_000);

  it('with SEED_DEMO unset nothing is seeded', async () => {
    const url = await freshDatabase('off');
    Object.assign(process.env, { DATABASE_URL: url });
    delete process.env.SEED_DEMO;
    const app = await ApiHarness.start();
    await app.close();
    expect(await demoEvents(url)).toEqual([]);
  }, 30_000);
});
