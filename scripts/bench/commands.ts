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
import { setUp, walkInitiative } from './command-mix';
import { benchDatabase } from './database';
import { startApiProcess } from './api-process';
import { HttpClient, type Reply } from './http-client';
import { parseArgs, percentile, round } from './stats';

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
