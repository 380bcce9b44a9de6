import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { ProjectionRunner, ProjectionTables } from '@laurel/projections';
import { ReadModelBench } from '../../test/read-model-fixtures';
import { readModelsFor } from '../catalogue';

const TEST_DIR = path.resolve(__dirname, '../../test');

function startProjector(prefix: string, batchSize: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', path.join(TEST_DIR, 'ts-register.cjs'), path.join(TEST_DIR, 'projector-process.ts'), prefix, String(batchSize)], {
    env: process.env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout?.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`projector exited early with ${code}`)));
  });
}

const exited = (child: ChildProcess) => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once('exit', resolve)));

describe('projector process crash', () => {
  let bench: ReadModelBench;
  beforeAll(async () => (bench = await ReadModelBench.open()));
  afterAll(() => bench.close());

  async function snapshot(prefix: string): Promise<unknown[]> {
    const out: unknown[] = [];
    for (const p of readModelsFor(bench.store)) {
      const tables = new ProjectionTables(`${prefix}_${p.name}`, p.version);
      for (const table of p.tables) out.push((await bench.pool.query(`SELECT * FROM ${tables.name(table)} AS r ORDER BY r::text`)).rows);
    }
    return out;
  }

  const applied = async (prefix: string) =>
    Number((await bench.pool.query(`SELECT coalesce(sum(events_applied), 0) AS n FROM projection_checkpoints WHERE projection LIKE $1`, [`${prefix}\\_%`])).rows[0].n);

  it('a projector killed with SIGKILL mid catch-up and restarted leaves read models equal to an uninterrupted run', async () => {
    await bench.syntheticHistory(250, 5);
    const tag = randomUUID().slice(0, 6);
    const steady = `steady${tag}`;
    const crashed = `crashed${tag}`;

    const runners = readModelsFor(bench.store).map((p) => new ProjectionRunner(bench.pool, bench.store, { ...p, name: `${steady}_${p.name}` }, { batchSize: 1000 }));
    runners.forEach((r) => r.start());
    await Promise.all(runners.map((r) => r.caughtUp(120_000)));
    await Promise.all(runners.map((r) => r.stop()));
    const total = await applied(steady);

    let child = await startProjector(crashed, 25);
    while ((await applied(crashed)) < total / 4) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await exited(child);
    const atCrash = await applied(crashed);
    expect(atCrash).toBeLessThan(total);

    child = await startProjector(crashed, 500);
    const deadline = Date.now() + 120_000;
    while ((await applied(crashed)) < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGTERM');
    await exited(child);

    expect(await applied(crashed)).toBe(total);
    expect(await snapshot(crashed)).toEqual(await snapshot(steady));
  }, 180_000);
});
