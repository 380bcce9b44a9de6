import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore, type RecordedEvent } from '@laurel/event-store';
import { openQueues, type NotificationQueues } from '@laurel/notifications';
import { ProjectionRunner, ProjectionTables } from '@laurel/projections';
import { POSTGRES_READ_MODELS as READ_MODELS } from '@laurel/read-models';
import { appEnv, serviceToken, sleep, startApp, startServers, type AppProcess, type Servers } from './app-processes';

/*
 * issue 13, "Production-shape tests": Laurel as production runs it, two of each kind of process
 * (api, projector, worker) against one PostgreSQL and one Redis of the test's own, with a client
 * spreading its commands over both APIs. The same-stream races of the in-process tests come out
 * exact across processes; one process of each kind is killed (SIGKILL) mid-load and the survivors
 * take over; afterwards the read models equal a fresh rebuild, every notification is in the inbox
 * once and every timer fired once.
 */

const MEMBERS = 8;
const DOCUMENTS = [
  { name: 'request_letter', sha256: 'a'.repeat(64) },
  { name: 'achievement_report', sha256: 'b'.repeat(64) },
];
/** Every wait on processes, queues and timers: generous, the machine is shared. */
const WAIT_MS = 45_000;

interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers of many routes
  body: any;
  api: number;
  headers: Headers;
}

interface Sent {
  key: string;
  path: string;
  reply: Reply;
  /** Sends it took: more than one when an API died under it (or answered 503). */
  attempts: number;
}

/** A client of both APIs: each request goes to the next one in turn unless told which. */
class Client {
  private turn = 0;
  private readonly tokens = new Map<string, Promise<string>>();
  /** APIs the test killed: the client no longer sends to them (a load balancer's health check). */
  readonly down = new Set<number>();

  constructor(
    private readonly servers: Servers,
    private readonly apis: readonly AppProcess[],
  ) {}

  private token(who: string): Promise<string> {
    let token = this.tokens.get(who);
    if (!token) this.tokens.set(who, (token = serviceToken(this.servers, who)));
    return token;
  }

  private nextApi(): number {
    for (;;) {
      const index = this.turn++ % this.apis.length;
      if (!this.down.has(index)) return index;
    }
  }

  async send(who: string, path: string, body: object | undefined, options: { api?: number; headers?: Record<string, string>; method?: string } = {}): Promise<Reply> {
    const api = options.api ?? this.nextApi();
    try {
      const response = await fetch(`${this.apis[api].url}/api/v1${path}`, {
        method: options.method ?? (body === undefined ? 'GET' : 'POST'),
        headers: { authorization: `Bearer ${await this.token(who)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined, api, headers: response.headers };
    } catch {
      return { status: 0, body: undefined, api, headers: new Headers() };
    }
  }

  /** A command that must succeed (set-up): fails with the problem when the status differs. */
  async ok(who: string, path: string, body: object, status = 200, options: { api?: number; headers?: Record<string, string> } = {}): Promise<Reply['body']> {
    const reply = await this.send(who, path, body, options);
    if (reply.status !== status) throw new Error(`${who}: POST ${path} on api ${reply.api} → ${reply.status}, expected ${status}: ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  /**
   * A command sent with an Idempotency-Key and retried with the same key, on the other API, while
   * it gets no answer (the API died under it) or a 503: what a careful client does.
   */
  async reliably(who: string, path: string, body: object, key = randomUUID()): Promise<Sent> {
    const deadline = Date.now() + WAIT_MS;
    for (let attempts = 1; ; attempts++) {
      const reply = await this.send(who, path, body, { headers: { 'idempotency-key': key } });
      if ((reply.status !== 0 && reply.status !== 503) || Date.now() > deadline) return { key, path, reply, attempts };
      await sleep(100);
    }
  }
}

async function eventually<T>(what: string, probe: () => Promise<T>, check: (value: T) => boolean, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms; last value ${JSON.stringify(value)}`);
    await sleep(200);
  }
}

const byJson = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort();

describe('production shape: two APIs, two projectors and two workers on one PostgreSQL and one Redis', () => {
  let servers: Servers;
  let apis: AppProcess[] = [];
  let projectors: AppProcess[] = [];
  let workers: AppProcess[] = [];
  const killed = new Set<AppProcess>();
  let client: Client;
  let pool: Pool;
  let store: PostgresEventStore;
  let queues: NotificationQueues;
  const tag = randomUUID().slice(0, 6);
  const id = (name: string) => `${name}-${tag}`;
  const w = { province: id('province'), district: id('district'), officer: id('officer'), secretary: id('secretary'), members: Array.from({ length: MEMBERS }, (_, i) => id(`member${i + 1}`)), council: id('council'), movement: id('movement') };
  /** Initiatives whose consultation a timer closes, filled as the tests go. */
  const consultations: string[] = [];

  const all = () => [...apis, ...projectors, ...workers];
  const events = async (initiative: string): Promise<RecordedEvent[]> => store.readStream(`initiative-${initiative}`);

  beforeAll(async () => {
    servers = await startServers();
    const env = appEnv(servers, {
      DATABASE_POOL_SIZE: '10',
      // A killed worker's jobs come back to the queue within ~1.5 × this.
      NOTIFICATIONS_LOCK_MS: '2000',
    });
    [apis, projectors, workers] = await Promise.all([
      Promise.all([startApp('api', env), startApp('api', env)]),
      Promise.all([startApp('projector', env), startApp('projector', env)]),
      Promise.all([startApp('worker', env), startApp('worker', env)]),
    ]);
    client = new Client(servers, apis);
    pool = new Pool({ connectionString: servers.postgres.url, max: 6 });
    pool.on('error', () => undefined);
    store = await PostgresEventStore.connect({ pool });
    queues = openQueues({ redis: { url: servers.redis.url }, prefix: 'laurel' });

    // The world, through both APIs: a province with its council and movement, a district and its officer.
    await client.ok('admin', '/units', { id: w.province, name: 'Province', level: 'province' }, 201);
    await client.ok('admin', '/units', { id: w.district, name: 'District', level: 'district', parentId: w.province }, 201);
    const user = (userId: string, roles: string[], unitId: string) => client.ok('admin', '/users', { id: userId, name: userId, email: `${userId}@laurel.test`, roles, unitId }, 201);
    await Promise.all([user(w.officer, ['unit_officer'], w.district), user(w.secretary, ['secretary'], w.province), ...w.members.map((m) => user(m, ['council_member'], w.province))]);
    await client.ok('admin', '/councils', {
      id: w.council,
      name: 'Province council',
      unitId: w.province,
      level: 'province',
      members: [...w.members.map((userId, i) => ({ userId, role: i === 0 ? 'chair' : 'member' })), { userId: w.secretary, role: 'secretary' }],
    }, 201);
    await client.ok('admin', '/movements', { id: w.movement, title: 'Creative Solidarity', organizerUnitId: w.province, kind: 'regular', fields: ['economy'], startsOn: '2025-01-01', endsOn: '2030-12-31', workflowId: 'initiative-recognition' }, 201);
    await client.ok('admin', `/movements/${w.movement}/launch`, {});
  }, 180_000);

  afterAll(async () => {
    await queues?.close();
    await store?.close();
    await pool?.end();
    await Promise.all(all().map((app) => app.stop()));
    await servers?.stop();
  }, 60_000);

  afterEach(() => {
    for (const app of all()) {
      expect({ kind: app.kind, port: app.port, uncaught: app.uncaught() }).toEqual({ kind: app.kind, port: app.port, uncaught: [] });
      if (!killed.has(app)) expect({ kind: app.kind, port: app.port, exit: app.exit }).toEqual({ kind: app.kind, port: app.port, exit: undefined });
    }
  });

  const register = async (): Promise<string> =>
    (await client.ok(w.officer, '/initiatives', { movementId: w.movement, unitId: w.district, title: 'Digital residential-group ledger', summary: 'Households report by phone', field: 'economy', authors: [{ name: 'Nguyễn Văn A' }] }, 201)).id;

  /** Registered, reported on, nominated to the council, screened, and its review opened. */
  async function inReview(): Promise<string> {
    const initiative = await register();
    await client.ok(w.officer, `/initiatives/${initiative}/progress-reports`, { summary: 'Piloted in 3 groups', indicators: { households: 120 } });
    await client.ok(w.officer, `/initiatives/${initiative}/nomination`, { awardForm: 'certificate_of_merit', councilId: w.council, statement: 'Worth replicating', documents: DOCUMENTS });
    await client.ok(w.secretary, `/initiatives/${initiative}/screening`, { outcome: 'accepted' });
    await client.ok(w.secretary, `/initiatives/${initiative}/review`, {});
    return initiative;
  }

  /** The review closed as recommended, and a consultation opened that its timer closes at `closesAt`. */
  async function consultationClosingAt(initiative: string, closesAt: Date): Promise<void> {
    const closed = await client.ok(w.secretary, `/initiatives/${initiative}/review/close`, {});
    expect(closed).toMatchObject({ id: initiative });
    await client.ok(w.secretary, `/initiatives/${initiative}/consultation`, { closesAt: closesAt.toISOString() });
    consultations.push(initiative);
  }

  it('double votes by the same member on both APIs at once: one accepted, the other 409 ALREADY_VOTED', async () => {
    const initiative = await inReview();
    const replies = await Promise.all(
      w.members.map((member) => Promise.all([0, 1].map((api) => client.send(member, `/initiatives/${initiative}/review/ballots`, { choice: 'approve' }, { api })))),
    );
    for (const [i, pair] of replies.entries()) {
      const outcome = pair.map((r) => (r.status === 200 ? 'accepted' : `${r.status} ${r.body?.code}`)).sort();
      expect({ member: w.members[i], outcome }).toEqual({ member: w.members[i], outcome: ['409 ALREADY_VOTED', 'accepted'] });
    }
    const ballots = (await events(initiative)).filter((e) => e.type === 'BallotCast').map((e) => (e.data as { memberId: string }).memberId);
    expect(ballots.sort()).toEqual([...w.members].sort());
    // Every member voted: recommended, and into a consultation whose timer closes it during the kill test.
    await consultationClosingAt(initiative, new Date(Date.now() + 15_000));
  }, 60_000);

  it('an Idempotency-Key storm across both APIs: one effect, every answer the same', async () => {
    // A command that creates its stream (the id is the server's) and one that appends to it.
    const registerKey = randomUUID();
    const body = { movementId: w.movement, unitId: w.district, title: 'Stormy', summary: 'One of sixteen', field: 'economy', authors: [{ name: 'B' }] };
    const registered = await Promise.all(Array.from({ length: 16 }, (_, i) => client.send(w.officer, '/initiatives', body, { api: i % 2, headers: { 'idempotency-key': registerKey } })));
    expect(registered.map((r) => r.status)).toEqual(Array(16).fill(201));
    expect(new Set(registered.map((r) => JSON.stringify(r.body))).size).toBe(1);
    const initiative = registered[0].body.id as string;

    const reportKey = randomUUID();
    const reported = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        client.send(w.officer, `/initiatives/${initiative}/progress-reports`, { summary: 'Reported once', indicators: { households: 7 } }, { api: i % 2, headers: { 'idempotency-key': reportKey } }),
      ),
    );
    expect(reported.map((r) => r.status)).toEqual(Array(16).fill(200));
    expect(new Set(reported.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(reported.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(15);

    const stream = await events(initiative);
    expect(stream.filter((e) => e.type === 'InitiativeRegistered')).toHaveLength(1);
    expect(stream.filter((e) => e.type === 'ProgressReported')).toHaveLength(1);
    // Every event of the stream is one of the two commands', written once.
    const keyOf = (type: string) => stream.find((e) => e.type === type)?.metadata.idempotencyKey;
    expect({ registered: keyOf('InitiativeRegistered'), reported: keyOf('ProgressReported') }).toEqual({ registered: registerKey, reported: reportKey });
    expect(stream.filter((e) => e.metadata.idempotencyKey !== registerKey && e.metadata.idempotencyKey !== reportKey)).toEqual([]);
    expect(reported[0].body).toMatchObject({ id: initiative, version: stream.length });
  }, 60_000);

  it('If-Match on both APIs at once: exactly one wins, the others 409 WRONG_EXPECTED_VERSION', async () => {
    const initiative = await register();
    const version = (await events(initiative)).length;
    const replies = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        client.send(w.officer, `/initiatives/${initiative}/progress-reports`, { summary: `Report ${i}`, indicators: { households: i } }, { api: i % 2, headers: { 'if-match': String(version) } }),
      ),
    );
    const winners = replies.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    for (const loser of replies.filter((r) => r.status !== 200)) expect({ status: loser.status, code: loser.body?.code }).toEqual({ status: 409, code: 'WRONG_EXPECTED_VERSION' });
    const stream = await events(initiative);
    const reports = stream.filter((e) => e.type === 'ProgressReported');
    expect(reports).toHaveLength(1);
    expect(reports[0].streamVersion).toBe(version + 1);
    expect(winners[0].body.version).toBe(stream.length);
  }, 60_000);

  it('closing a review races ballots on both APIs: the tally is exactly the ballots recorded before the close', async () => {
    const initiative = await inReview();
    const path = `/initiatives/${initiative}/review`;
    const ballots = w.members.map((member, i) => sleep(i * 15).then(() => client.send(member, `${path}/ballots`, { choice: i % 3 === 2 ? 'reject' : 'approve' }, { api: i % 2 })));
    const close = sleep((MEMBERS / 2) * 15).then(() => client.send(w.secretary, `${path}/close`, {}, { api: 1 }));
    const [closeReply, ...ballotReplies] = await Promise.all([close, ...ballots]);
    expect(closeReply.status).toBe(200);
    for (const reply of ballotReplies) expect([200, '409 REVIEW_CLOSED']).toContain(reply.status === 200 ? 200 : `${reply.status} ${reply.body?.code}`);

    const stream = await events(initiative);
    const closedAt = stream.findIndex((e) => e.type === 'ReviewClosed');
    const before = stream.slice(0, closedAt).filter((e) => e.type === 'BallotCast');
    expect(stream.slice(closedAt).filter((e) => e.type === 'BallotCast')).toEqual([]);
    const accepted = w.members.filter((_, i) => ballotReplies[i].status === 200);
    expect(before.map((e) => (e.data as { memberId: string }).memberId).sort()).toEqual([...accepted].sort());
    const tally = (stream[closedAt].data as { tally: { voted: number; approve: number; reject: number } }).tally;
    const choices = before.map((e) => (e.data as { choice: string }).choice);
    expect(tally).toMatchObject({ voted: before.length, approve: choices.filter((c) => c === 'approve').length, reject: choices.filter((c) => c === 'reject').length });
    console.log(`close race: ${before.length} of ${MEMBERS} ballots landed before the close`);
  }, 60_000);

  /** Which of `apps` holds the advisory lock named `key` (AdvisoryLease), by its PostgreSQL session's client port. */
  async function holderOf(apps: readonly AppProcess[], key: string): Promise<AppProcess | undefined> {
    const { rows } = await pool.query<{ port: number }>(
      `SELECT a.client_port AS port FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
         AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended($1, 0)`,
      [key],
    );
    return apps.find((app) => rows.some((r) => app.localPorts().has(r.port)));
  }
  const projectionKeys = READ_MODELS.map((p) => `laurel-projection:${p.name}:${p.version}`);
  const DISPATCHER_KEY = 'laurel-notifications:notifications';

  it('one api, one projector and one worker killed (SIGKILL) mid-load: nothing acknowledged is lost, nothing doubled, the survivors take over, each timer fires once', async () => {
    // Two more consultations whose timers fall around the kill.
    const [a, b] = await Promise.all([inReview(), inReview()]);
    for (const initiative of [a, b]) await Promise.all(w.members.map((m) => client.ok(m, `/initiatives/${initiative}/review/ballots`, { choice: 'approve' })));
    await consultationClosingAt(a, new Date(Date.now() + 4000));
    await consultationClosingAt(b, new Date(Date.now() + 9000));

    // The processes holding the leases are the ones to kill.
    const projector = await eventually('a projector holds a projection lease', async () => (await Promise.all(projectionKeys.map((k) => holderOf(projectors, k)))).find(Boolean), Boolean);
    const worker = await eventually('a worker holds the dispatcher lease', () => holderOf(workers, DISPATCHER_KEY), Boolean);
    expect(projector && worker).toBeTruthy();

    // The load: clients taking initiatives through registration, report, nomination and screening
    // (which notifies the officer), every command with its own Idempotency-Key, spread over both APIs.
    const sent: Sent[] = [];
    let stopping = false;
    const flow = async (i: number) => {
      while (!stopping) {
        const registered = await client.reliably(w.officer, '/initiatives', { movementId: w.movement, unitId: w.district, title: `Load ${i}`, summary: 's', field: 'economy', authors: [{ name: 'C' }] });
        sent.push(registered);
        if (registered.reply.status !== 201) continue;
        const initiative = registered.reply.body.id as string;
        const steps: [string, string, object][] = [
          [w.officer, 'progress-reports', { summary: 'Under load', indicators: { households: i } }],
          [w.officer, 'nomination', { awardForm: 'certificate_of_merit', councilId: w.council, statement: 'Under load', documents: DOCUMENTS }],
          [w.secretary, 'screening', i % 2 === 0 ? { outcome: 'accepted' } : { outcome: 'returned', reason: 'The request letter is not signed' }],
        ];
        for (const [who, step, body] of steps) {
          const done = await client.reliably(who, `/initiatives/${initiative}/${step}`, body);
          sent.push(done);
          if (done.reply.status !== 200) break;
        }
      }
    };
    const acknowledged = () => sent.filter((s) => s.reply.status >= 200 && s.reply.status < 300).length;
    const load = Promise.all(Array.from({ length: 4 }, (_, i) => flow(i)));
    await eventually('commands acknowledged before the kill', async () => acknowledged(), (n) => n >= 20);

    const victims = [apis[1], projector as AppProcess, worker as AppProcess];
    client.down.add(1);
    victims.forEach((v) => killed.add(v));
    await Promise.all(victims.map((v) => v.kill()));
    const atKill = acknowledged();
    await eventually('commands acknowledged after the kill', async () => acknowledged() - atKill, (n) => n >= 20);
    stopping = true;
    await load;

    // Every command got its answer in the end (retried on the surviving API when its own died).
    expect(sent.filter((s) => s.reply.status < 200 || s.reply.status >= 300).map((s) => `${s.path} → ${s.reply.status} ${JSON.stringify(s.reply.body)}`)).toEqual([]);
    // Each acknowledged command is in the log; no command is in it twice.
    const { rows: keyed } = await pool.query<{ key: string; type: string; n: number }>(
      `SELECT metadata->>'idempotencyKey' AS key, event_type AS type, count(*)::int AS n FROM es_events
       WHERE metadata->>'idempotencyKey' = ANY ($1) GROUP BY 1, 2`,
      [sent.map((s) => s.key)],
    );
    expect(keyed.filter((r) => r.n !== 1)).toEqual([]);
    const logged = new Set(keyed.map((r) => r.key));
    expect(sent.filter((s) => !logged.has(s.key)).map((s) => s.path)).toEqual([]);

    // The survivors took the leases over and carried on.
    const survivor = { projector: projectors.find((p) => p !== projector) as AppProcess, worker: workers.find((x) => x !== worker) as AppProcess };
    for (const key of projectionKeys) await eventually(`the surviving projector holds ${key}`, () => holderOf([survivor.projector], key), Boolean);
    await eventually('the surviving worker holds the dispatcher lease', () => holderOf([survivor.worker], DISPATCHER_KEY), Boolean);

    // Every timer fired, once, though one of the two workers died around them.
    for (const initiative of consultations) {
      await eventually(`the consultation of ${initiative} closed by its timer`, async () => (await events(initiative)).filter((e) => e.type === 'ConsultationClosed').length, (n) => n >= 1);
    }
    const retried = sent.filter((s) => s.attempts > 1);
    console.log(`kill under load: ${sent.length} commands (${atKill} acknowledged before the kill, ${retried.length} sent again after their API died under them), ${consultations.length} timers`);
  }, 120_000);

  it('afterwards: the read models equal a fresh rebuild, every notification is in the inbox once, every timer fired once', async () => {
    // Nothing left to run: delivery queues drained, timers due already fired.
    const unfinished = async () => {
      const counts = await Promise.all([
        ...Object.values(queues.delivery).map((q) => q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children')),
        queues.timers.getJobCounts('waiting', 'active', 'prioritized'),
      ]);
      return counts.reduce((sum, c) => sum + Object.values(c).reduce((x, n) => x + n, 0), 0);
    };
    await eventually('every queue has drained', unfinished, (n) => n === 0);
    const survivor = projectors.find((p) => !killed.has(p)) as AppProcess;
    await eventually(
      'the surviving projector reports no read model behind the log',
      async () => {
        const health = (await fetch(`${survivor.url}/health`).then((r) => r.json(), () => ({}))) as { details?: { projections?: Record<string, { lagEvents?: number } | string> } };
        // Terminus puts the indicator's own `status` beside the read models.
        return Object.entries(health.details?.projections ?? {}).filter(([, lag]) => typeof lag === 'object');
      },
      (lags) => lags.length === READ_MODELS.length && lags.every(([, lag]) => typeof lag === 'object' && lag.lagEvents === 0),
    );
    // Timers: each consultation closed exactly once.
    for (const initiative of consultations) expect({ initiative, closes: (await events(initiative)).filter((e) => e.type === 'ConsultationClosed').length }).toEqual({ initiative, closes: 1 });

    // Notifications: every one there (the surviving worker's dispatcher went on from the dead one's
    // checkpoint), and one inbox row per event and recipient.
    const expected: string[] = [];
    const { rows: log } = await pool.query<{ event_id: string; event_type: string }>(
      `SELECT event_id, event_type FROM es_events WHERE event_type IN ('DossierAccepted', 'DossierReturned', 'ReviewOpened', 'ConsultationClosed') AND stream_name LIKE 'initiative-%'`,
    );
    for (const e of log) {
      if (e.event_type === 'DossierAccepted') expected.push(`${e.event_id} ${w.officer} dossier_accepted`);
      if (e.event_type === 'DossierReturned') expected.push(`${e.event_id} ${w.officer} dossier_returned`);
      if (e.event_type === 'ReviewOpened') expected.push(...w.members.map((m) => `${e.event_id} ${m} review_opened`));
      if (e.event_type === 'ConsultationClosed') expected.push(`${e.event_id} ${w.officer} consultation_closed`, `${e.event_id} ${w.secretary} consultation_closed`);
    }
    expect(expected.length).toBeGreaterThan(40);
    const inboxRows = async () => (await pool.query<{ event_id: string; user_id: string; kind: string }>('SELECT event_id, user_id, kind FROM notification_inbox')).rows;
    const missing = (rows: { event_id: string; user_id: string; kind: string }[]) => {
      const received = new Set(rows.map((r) => `${r.event_id} ${r.user_id} ${r.kind}`));
      return expected.filter((n) => !received.has(n));
    };
    await eventually('every notification the log calls for is in the inbox', async () => missing(await inboxRows()).length, (n) => n === 0);
    await eventually('every queue has drained', unfinished, (n) => n === 0);
    const inbox = await inboxRows();
    expect(missing(inbox)).toEqual([]);
    const { rows: doubled } = await pool.query('SELECT event_id, user_id, kind, count(*)::int AS n FROM notification_inbox GROUP BY 1, 2, 3 HAVING count(*) > 1');
    expect(doubled).toEqual([]);

    // Read models: the live ones (built by two projectors, one killed mid-way) equal a rebuild from the log.
    const rebuilt = READ_MODELS.map((p) => new ProjectionRunner(pool, store, { ...p, name: `rebuilt_${p.name}` }, { batchSize: 2000 }));
    rebuilt.forEach((r) => r.start());
    try {
      await Promise.all(rebuilt.map((r) => r.caughtUp(WAIT_MS)));
    } finally {
      await Promise.all(rebuilt.map((r) => r.stop()));
    }
    for (const p of READ_MODELS) {
      const live = new ProjectionTables(p.name, p.version);
      const fresh = new ProjectionTables(`rebuilt_${p.name}`, p.version);
      for (const table of p.tables) {
        const [a, b] = await Promise.all([pool.query(`SELECT * FROM ${live.view(table)}`), pool.query(`SELECT * FROM ${fresh.name(table)}`)]);
        expect({ table: live.view(table), rows: byJson(a.rows) }).toEqual({ table: live.view(table), rows: byJson(b.rows) });
      }
    }
    console.log(`afterwards: ${inbox.length} inbox rows, ${expected.length} expected notifications checked, ${READ_MODELS.length} read models compared`);
  }, 120_000);
});
