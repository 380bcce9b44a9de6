/**
 * bench:commands — a realistic command mix over HTTP at 32 concurrent clients against the API
 * running as its own process. Each client walks initiatives through the recognition track:
 * register, progress report, nomination, screening, review opened, nine score sheets, nine ballots,
 * review closed. Prints one JSON line: commandsPerSec, p50Ms, p99Ms, errors, and as baseline an
 * authenticated GET of a workflow definition at the same concurrency (the server's floor for one
 * request: HTTP, auth, routing, validation and one small database read).
 *
 *   npm run bench:commands -- --clients 32 --seconds 20
 */
import { createSecretKey, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { benchDatabase } from './database';
import { startApiProcess } from './api-process';
import { HttpClient, type Reply } from './http-client';
import { parseArgs, percentile, round } from './stats';

const MEMBERS = 9;
const GRASSROOTS = 8;

interface Fixture {
  movementId: string;
  councilId: string;
  officers: { unitId: string; token: string }[];
  secretary: string;
  members: string[];
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { clients: 32, seconds: 20, baselineSeconds: 5 });
  const db = await benchDatabase();
  const api = await startApiProcess(db.url);
  const http = new HttpClient(api.baseUrl, args.clients + 4);
  try {
    const fixture = await setUp(http, api.secret);
    const latencies: number[] = [];
    const failures = new Map<string, number>();
    let commands = 0;
    const call = async (path: string, body: unknown, token: string): Promise<Reply> => {
      const t0 = process.hrtime.bigint();
      const reply = await http.request('POST', path, body, token);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      commands++;
      if (reply.status >= 300) {
        const code = `${reply.status} ${(reply.body as { code?: string } | undefined)?.code ?? ''}`;
        failures.set(code, (failures.get(code) ?? 0) + 1);
      }
      return reply;
    };

    const started = Date.now();
    const deadline = started + args.seconds * 1000;
    await Promise.all(
      Array.from({ length: args.clients }, async (_, client) => {
        for (let n = 0; Date.now() < deadline; n++) await walkInitiative(call, fixture, client, n);
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    latencies.sort((a, b) => a - b);

    const baseline = await readBaseline(http, fixture.secretary, args.clients, args.baselineSeconds);
    const errors = [...failures.values()].reduce((a, b) => a + b, 0);
    console.log(
      JSON.stringify({
        bench: 'commands',
        database: db.embedded ? 'embedded' : 'DATABASE_URL',
        clients: args.clients,
        seconds: round(seconds, 1),
        commands,
        commandsPerSec: round(commands / seconds, 0),
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
        errors,
        errorCodes: Object.fromEntries(failures),
        baselineReadsPerSec: round(baseline, 0),
        ratioToBaseline: round(commands / seconds / baseline, 3),
      }),
    );
  } finally {
    http.close();
    await api.stop();
    await db.stop();
  }
}

type Call = (path: string, body: unknown, token: string) => Promise<Reply>;

/** One initiative from registration to the close of its review: 23 commands. */
async function walkInitiative(call: Call, f: Fixture, client: number, n: number): Promise<void> {
  const officer = f.officers[(client + n) % f.officers.length];
  const registered = await call(
    '/initiatives',
    {
      movementId: f.movementId,
      unitId: officer.unitId,
      title: `Mô hình dân vận khéo ${client}-${n}`,
      summary: 'Residential group front committee organises weekly clean-up and a shared fund for the poorest households.',
      field: 'culture_society',
      authors: [{ name: 'Nguyễn Văn A' }],
    },
    officer.token,
  );
  const id = (registered.body as { id?: string }).id;
  if (registered.status !== 201 || !id) return;
  const path = `/initiatives/${id}`;
  await call(`${path}/progress-reports`, { summary: 'Quarter 1: 120 households joined', indicators: { households: 120 } }, officer.token);
  await call(
    `${path}/nomination`,
    {
      awardForm: 'merit_certificate',
      councilId: f.councilId,
      statement: 'Replicable in every ward',
      documents: [
        { name: 'request_letter', sha256: 'a'.repeat(64) },
        { name: 'achievement_report', sha256: 'b'.repeat(64) },
      ],
    },
    officer.token,
  );
  await call(`${path}/screening`, { outcome: 'accepted' }, f.secretary);
  await call(`${path}/review`, {}, f.secretary);
  for (const member of f.members) await call(`${path}/review/scores`, { scores: { novelty: 8, effectiveness: 7, scope: 6 } }, member);
  for (const member of f.members) await call(`${path}/review/ballots`, { choice: 'approve' }, member);
  await call(`${path}/review/close`, {}, f.secretary);
}

async function setUp(http: HttpClient, secret: string): Promise<Fixture> {
  // Service-account tokens (HS256 with exp): the standalone API has no dev tokens.
  const key = createSecretKey(Buffer.from(secret));
  const token = (userId: string) => new SignJWT({ sub: userId }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('2h').sign(key);
  const admin = await token('admin');
  const must = async (path: string, body: unknown) => {
    const reply = await http.request('POST', path, body, admin);
    if (reply.status >= 300) throw new Error(`setup ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  };
  const run = randomUUID().slice(0, 8);
  const province = `prov-${run}`;
  const district = `dist-${run}`;
  await must('/units', { id: province, name: 'Hà Nội', level: 'province' });
  await must('/units', { id: district, name: 'Long Biên', level: 'district', parentId: province });
  const units = Array.from({ length: GRASSROOTS }, (_, i) => `ward-${run}-${i}`);
  for (const [i, unitId] of units.entries()) await must('/units', { id: unitId, name: `Tổ dân phố ${i}`, level: 'grassroots', parentId: district });

  const user = async (id: string, roles: string[], unitId: string) => {
    await must('/users', { id, name: id, email: `${id}@bench.laurel`, roles, unitId });
    return token(id);
  };
  const officers = [];
  for (const unitId of units) officers.push({ unitId, token: await user(`officer-${unitId}`, ['unit_officer'], unitId) });
  const secretary = await user(`secretary-${run}`, ['secretary'], province);
  const memberIds = Array.from({ length: MEMBERS }, (_, i) => `member-${run}-${i}`);
  const members = [];
  for (const id of memberIds) members.push(await user(id, ['council_member'], province));

  const councilId = `council-${run}`;
  await must('/councils', {
    id: councilId,
    name: 'Hội đồng thi đua khen thưởng',
    unitId: province,
    level: 'province',
    members: memberIds.map((userId, i) => ({ userId, role: i === 0 ? 'chair' : 'member' })),
  });
  const movementId = `movement-${run}`;
  await must('/movements', {
    id: movementId,
    title: 'Sáng tạo đoàn kết',
    organizerUnitId: province,
    kind: 'regular',
    fields: ['economy', 'culture_society', 'security_defence', 'political_system'],
    startsOn: '2026-01-01',
    endsOn: '2026-12-31',
    workflowId: 'initiative-recognition',
  });
  await must(`/movements/${movementId}/launch`, {});
  return { movementId, councilId, officers, secretary, members };
}

async function readBaseline(http: HttpClient, token: string, clients: number, seconds: number): Promise<number> {
  let done = 0;
  const deadline = Date.now() + seconds * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < deadline) {
        await http.request('GET', '/workflows/initiative-recognition/versions/1', undefined, token);
        done++;
      }
    }),
  );
  return done / ((Date.now() - started) / 1000);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
