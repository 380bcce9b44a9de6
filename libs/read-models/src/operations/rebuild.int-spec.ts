import { randomUUID } from 'node:crypto';
import { initiativesProjection } from '../initiatives/initiatives.projection';
import { ReadModelBench } from '../../test/read-model-fixtures';
import { activeReadModel } from './active-version';
import { rebuildReadModel, type RebuildProgress } from './rebuild';
import { ReadModelSupervisor } from './supervisor';
import { waitForReadModels } from './freshness';

describe('rebuilding a read model', () => {
  let bench: ReadModelBench;
  beforeAll(async () => (bench = await ReadModelBench.open()));
  afterAll(() => bench.close());

  it('builds a fresh version beside the live one, swaps it in when caught up, and the projector follows it', async () => {
    const projection = { ...initiativesProjection, name: `rb${randomUUID().slice(0, 6)}` };
    const view = `rm_${projection.name}_initiatives`;
    const live = new ReadModelSupervisor(bench.pool, bench.store, projection, { followMs: 50, leaseRetryMs: 50 });
    await live.start();
    try {
      const { initiativeIds, events } = await bench.syntheticHistory(40, 3);
      expect(await waitForReadModels(bench.pool, bench.store, [projection], events[events.length - 1].position, 30_000)).toBe(true);
      const before = (await bench.pool.query(`SELECT * FROM ${view} ORDER BY initiative_id`)).rows;
      expect(before.map((r) => r.initiative_id)).toEqual(expect.arrayContaining(initiativeIds));

      const progress: RebuildProgress[] = [];
      const result = await rebuildReadModel(bench.pool, bench.store, projection, { batchSize: 100, onProgress: (p) => progress.push(p) });
      expect(result.version).toBe(projection.version + 1);
      expect(await activeReadModel(bench.pool, projection.name)).toMatchObject({ version: projection.version + 1 });
      expect(progress.at(-1)).toMatchObject({ done: result.events, total: result.events });
      expect((await bench.pool.query(`SELECT * FROM ${view} ORDER BY initiative_id`)).rows).toEqual(before);
      // Its secondary indexes were set aside while it filled and built at the end: the same ones, defined the same way.
      const indexes = async (version: number) =>
        (
          await bench.pool.query<{ def: string }>(
            `SELECT replace(indexdef, $1, 'rm_v_') AS def FROM pg_indexes WHERE schemaname = current_schema() AND tablename LIKE $1 || '%' ORDER BY 1`,
            [`rm_${projection.name}_v${version}_`],
          )
        ).rows.map((r) => r.def);
      const liveIndexes = await indexes(projection.version);
      expect(liveIndexes.length).toBeGreaterThan(10);
      expect(await indexes(result.version)).toEqual(liveIndexes);

      const later = await bench.syntheticHistory(3, 4);
      const deadline = Date.now() + 10_000;
      let rows: unknown[] = [];
      while (Date.now() < deadline && rows.length < 3) {
        rows = (await bench.pool.query(`SELECT 1 FROM ${view} WHERE initiative_id = ANY ($1)`, [later.initiativeIds])).rows;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(rows).toHaveLength(3);
      expect(live.status?.version).toBe(projection.version + 1);
    } finally {
      await live.stop();
    }
  }, 60_000);
});
