import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '@laurel/event-store';
import { ReadModelBench } from '../../test/read-model-fixtures';
import { ensureTextSearch, fallbackFold, foldText } from '../text-search';
import { InvalidCursor } from '../cursor';
import { initiativesProjection } from './initiatives.projection';
import { INITIATIVE_SORTS, initiativeSource, listInitiatives, type InitiativeListItem, type InitiativeSort, type InitiativeSource } from './initiatives.reader';
import { publishedInitiatives } from './public.reader';

const TITLES = [
  ['Nước sạch cho khu dân cư', 'Bể lọc nước chung của tổ dân phố'],
  ['Đường làng xanh – sạch – đẹp', 'Nhân dân góp công làm đường'],
  ['Chợ an toàn thực phẩm', 'Kiểm tra nguồn gốc hàng hóa mỗi sáng'],
  ['ĐỒNG KHỞI làm sạch kênh', 'Thanh niên vớt rác 100% tuyến kênh'],
  ['Tủ sách_cộng đồng', 'Thư viện nhỏ ở nhà văn hóa'],
] as const;

describe('initiatives read model: text search and sorting', () => {
  let bench: ReadModelBench;
  let source: InitiativeSource;
  let movementId: string;
  const ids: string[] = [];
  beforeAll(async () => {
    bench = await ReadModelBench.open();
    const run = randomUUID().slice(0, 8);
    movementId = `mv-search-${run}`;
    const tables = await bench.tables(initiativesProjection);
    source = initiativeSource(tables);
    const events: RecordedEvent[] = [];
    for (const [n, [title, summary]] of TITLES.entries()) {
      const id = `search-${run}-${n}`;
      ids.push(id);
      const at = `2024-03-0${n + 1}T08:00:00.000Z`;
      events.push(...(await bench.append(`initiative-${id}`, [
        { type: 'InitiativeRegistered', data: { initiativeId: id, movementId, unitId: 'hanoi', title, summary, field: 'economy', authors: [{ name: 'Nguyễn Văn A' }], definitionId: 'initiative-recognition', definitionVersion: 1, registeredAt: at } },
        { type: 'InitiativePublished', data: { initiativeId: id, channel: 'portal', publishedAt: '2024-06-01T08:00:00.000Z' } },
        { type: 'StageChanged', data: { initiativeId: id, from: 'awarded', to: 'published', through: [], via: 'publish', timers: [], definitionId: 'initiative-recognition', definitionVersion: 1, at: '2024-06-01T08:00:00.000Z' } },
      ])));
    }
    await bench.apply(initiativesProjection, tables, events);
  });
  afterAll(() => bench.close());

  const titles = async (q: string) => (await listInitiatives(bench.pool, { movementId, q }, { limit: 50 }, source)).items.map((i) => i.title).sort();

  it('has unaccent and pg_trgm on this server, and folds with unaccent (IMMUTABLE wrapper)', async () => {
    const db = await bench.pool.connect();
    try {
      await db.query('BEGIN');
      const support = await ensureTextSearch(db);
      await db.query('COMMIT');
      expect(support.unaccent).toBe(true);
      expect(support.trigramSchema).toBe('public');
      const { rows } = await db.query(`SELECT provolatile FROM pg_proc WHERE oid = to_regprocedure('laurel_fold(text)')`);
      expect(rows[0].provolatile).toBe('i');
    } finally {
      db.release();
    }
  });

  it('Text search ignores case and Vietnamese diacritics', async () => {
    expect(await titles('nuoc sach')).toEqual(['Nước sạch cho khu dân cư']);
    expect(await titles('NƯỚC SẠCH')).toEqual(['Nước sạch cho khu dân cư']);
    expect(await titles('Nuoc')).toEqual(['Nước sạch cho khu dân cư']);
    // Đ/đ ↔ D/d, upper case with diacritics, and words of the summary.
    expect(await titles('duong lang')).toEqual(['Đường làng xanh – sạch – đẹp']);
    expect(await titles('Đường')).toEqual(['Đường làng xanh – sạch – đẹp']);
    expect(await titles('dong khoi')).toEqual(['ĐỒNG KHỞI làm sạch kênh']);
    expect(await titles('thuc pham chợ')).toEqual(['Chợ an toàn thực phẩm']);
    expect(await titles('sach')).toEqual(['Nước sạch cho khu dân cư', 'Tủ sách_cộng đồng', 'Đường làng xanh – sạch – đẹp', 'ĐỒNG KHỞI làm sạch kênh'].sort());
    // Every word must match; a word matches inside a longer one (a prefix while typing).
    expect(await titles('nuoc duong')).toEqual([]);
    expect(await titles('thu vi')).toEqual(['Tủ sách_cộng đồng']);
  });

  it('takes LIKE wildcards in a query literally', async () => {
    expect(await titles('100%')).toEqual(['ĐỒNG KHỞI làm sạch kênh']);
    expect(await titles('%')).toEqual(['ĐỒNG KHỞI làm sạch kênh']);
    expect(await titles('50%')).toEqual([]);
    expect(await titles('sach_cong')).toEqual(['Tủ sách_cộng đồng']);
    expect(await titles('a_h')).toEqual([]);
  });

  it('searches the public gallery the same way', async () => {
    const page = await publishedInitiatives(bench.pool, { movementId, q: 'duong LANG' }, { limit: 50 }, source.initiatives);
    expect(page.items.map((i) => i.title)).toEqual(['Đường làng xanh – sạch – đẹp']);
    expect((await publishedInitiatives(bench.pool, { movementId, q: 'KENH' }, { limit: 50 }, source.initiatives)).items.map((i) => i.title)).toEqual(['ĐỒNG KHỞI làm sạch kênh']);
  });

  it('folds without unaccent too (the fallback where the extension cannot be created)', async () => {
    const text = 'Nước sạch ĐƯỜNG LÀNG Chợ Ỷ Lan Thạch Hãn ưu việt';
    const { rows } = await bench.pool.query(`SELECT ${fallbackFold('$1::text')} AS folded`, [text]);
    expect(rows[0].folded).toBe(foldText(text));
  });

  describe('Text search reads the first rows of the list first, and answers what the whole query answers', () => {
    /** Counts the statements a list sends: one when the first step answered, two when it fell back. */
    const counting = () => {
      let statements = 0;
      const db = { query: (...args: unknown[]) => (statements++, (bench.pool.query as (...a: unknown[]) => unknown)(...args)) } as unknown as typeof bench.pool;
      return { db, statements: () => statements };
    };
    const walk = async (db: typeof bench.pool, q: string, sort: InitiativeSort, limit: number, window: number): Promise<string[]> => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listInitiatives(db, { movementId, q }, { limit, cursor }, source, sort, window);
        seen.push(...page.items.map((i) => i.initiativeId));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return seen;
    };
    const QUERIES = ['sach', 'a', 'nuoc', 'thu vi', 'nuoc duong', '%', 'dong'];

    it.each(INITIATIVE_SORTS)('sort=%s: every window gives the pages of the whole query', async (sort) => {
      for (const q of QUERIES) {
        const whole = await walk(bench.pool, q, sort, 50, 0);
        for (const window of [1, 2, 3, 4000]) for (const limit of [1, 2]) expect([q, window, limit, await walk(bench.pool, q, sort, limit, window)]).toEqual([q, window, limit, whole]);
      }
    });

    it('answers from the first rows alone when they hold the page, and asks the whole query when they do not', async () => {
      const first = counting();
      // 'sach' is in the two newest rows: the first three hold a page of one and the row after it.
      const page = await listInitiatives(first.db, { movementId, q: 'sach' }, { limit: 1 }, source, '-registeredAt', 3);
      expect(first.statements()).toBe(1);
      expect(page.items.map((i) => i.title)).toEqual(['Tủ sách_cộng đồng']);
      expect(page.nextCursor).not.toBeNull();
      const rare = counting();
      // 'nuoc' is the oldest row only: not in the first three.
      expect((await listInitiatives(rare.db, { movementId, q: 'nuoc' }, { limit: 2 }, source, '-registeredAt', 3)).items.map((i) => i.title)).toEqual(['Nước sạch cho khu dân cư']);
      expect(rare.statements()).toBe(2);
    });

    it('pages the public gallery the same way', async () => {
      for (const q of QUERIES) {
        const pages = async (window: number, limit: number) => {
          const seen: string[] = [];
          let cursor: string | undefined;
          do {
            const page = await publishedInitiatives(bench.pool, { movementId, q }, { limit, cursor }, source.initiatives, window);
            seen.push(...page.items.map((i) => i.initiativeId));
            cursor = page.nextCursor ?? undefined;
          } while (cursor);
          return seen;
        };
        const whole = await pages(0, 50);
        for (const window of [1, 2, 3]) expect([q, window, await pages(window, 1)]).toEqual([q, window, whole]);
      }
    });
  });

  describe('sorting with keyset pages', () => {
    const walk = async (sort: InitiativeSort, limit: number): Promise<InitiativeListItem[]> => {
      const seen: InitiativeListItem[] = [];
      let cursor: string | undefined;
      do {
        const page = await listInitiatives(bench.pool, { movementId }, { limit, cursor }, source, sort);
        seen.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return seen;
    };

    it.each(INITIATIVE_SORTS)('sort=%s returns every row exactly once, in its order, page by page', async (sort) => {
      const all = await walk(sort, 50);
      const paged = await walk(sort, 2);
      expect(paged.map((i) => i.initiativeId)).toEqual(all.map((i) => i.initiativeId));
      expect([...all.map((i) => i.initiativeId)].sort()).toEqual([...ids].sort());
      const order = {
        '-registeredAt': [...ids].reverse(),
        registeredAt: ids,
      } as Record<string, string[]>;
      if (order[sort]) expect(all.map((i) => i.initiativeId)).toEqual(order[sort]);
      else {
        // Titles in the database's collation, timestamps to the microsecond: compare with PostgreSQL's own ORDER BY.
        const column = sort.replace('-', '') === 'title' ? 'title' : 'updated_at';
        const dir = sort.startsWith('-') ? 'DESC' : 'ASC';
        const { rows } = await bench.pool.query(`SELECT initiative_id FROM ${source.initiatives} WHERE movement_id = $1 ORDER BY ${column} ${dir}, initiative_id ${dir}`, [movementId]);
        expect(all.map((i) => i.initiativeId)).toEqual(rows.map((r) => r.initiative_id));
      }
    });

    it('refuses a cursor of one sort under another', async () => {
      for (const issued of INITIATIVE_SORTS) {
        const { nextCursor } = await listInitiatives(bench.pool, { movementId }, { limit: 1 }, source, issued);
        for (const other of INITIATIVE_SORTS.filter((s) => s !== issued)) {
          await expect(listInitiatives(bench.pool, { movementId }, { limit: 1, cursor: nextCursor ?? '' }, source, other)).rejects.toThrow(InvalidCursor);
        }
      }
    });
  });
});
