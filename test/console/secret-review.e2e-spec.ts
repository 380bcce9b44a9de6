import type { Page } from 'playwright-core';
import { buildWorld, DOCUMENTS, screened, send, type World } from '../../apps/api/src/initiatives/testing/initiative-fixtures';
import type { ApiHarness } from '../api-harness';
import { ConsoleBrowser } from './browser';

/*
 * The secretary's screens in a real browser (issue 10, acceptance "a secret review"): the secretary
 * opens a secret review, members vote (through the API: the member screens live elsewhere), the
 * progress shows who voted and no choice, a reminder goes to the one who still owes, and the closed
 * review shows only the tally. Plus screening (a return with its reason) and the resolution of a
 * public objection; every screen passes axe in Vietnamese and English, with screenshots.
 */
jest.setTimeout(240_000);

/** Words that would name a choice, in either language: none may appear before the tally. */
const CHOICE_WORDS = /approve|reject|abstain|Tán thành|Không tán thành|Không biểu quyết/i;

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('secretary screens (browser)', () => {
  let b: ConsoleBrowser;
  let harness: ApiHarness;

  beforeAll(async () => {
    b = await ConsoleBrowser.start();
    // The initiative fixtures need only `app` and `as(userId)` of a harness.
    harness = { app: b.app, as: (userId: string) => b.api.as(userId) } as unknown as ApiHarness;
  });

  afterAll(async () => {
    await b?.close();
  });

  /** Waits until the list read model shows the initiative to the secretary (another person's writes). */
  const listed = (w: World, id: string, status: string) =>
    until(async () => {
      const res = await b.api.as(w.secretary).get(`/initiatives?status=${status}&limit=100`);
      return (res.body.items as { initiativeId: string }[] | undefined)?.some((i) => i.initiativeId === id) ? true : undefined;
    }, `${id} listed as ${status}`);

  const progressTable = (page: Page) => page.getByRole('table', { name: /^(Ai đã chấm điểm và bỏ phiếu|Who has scored and voted)/ });

  it('a secret review: members vote, the progress shows who voted and no choice, the closed review shows only the tally', async () => {
    const w = await buildWorld(harness, { workflowId: 'annual-emulation-title', members: 3 });
    const officer = w.f.as(w.officer);
    const { id } = await send(officer, '/initiatives', { movementId: w.movementId, unitId: w.unitId, title: 'Chiến sĩ thi đua: sổ tay số', summary: 'Tự đánh giá cả năm', field: 'economy', authors: [{ name: 'Trần Thị B' }] }, 201);
    await send(officer, `/initiatives/${id}/self-assessment`, { summary: 'All targets met', selfScore: 95 });
    await send(officer, `/initiatives/${id}/nomination`, { awardForm: 'emulation_fighter', councilId: w.councilId, statement: 'Three years in a row', documents: DOCUMENTS });

    // The secretary opens the review from the console: the panel comes from the council.
    const { page } = await b.person(w.secretary, `/secretariat/reviews/${id}`);
    await page.getByRole('heading', { name: /Phiên đánh giá: Chiến sĩ thi đua/ }).waitFor();
    const panel = page.getByRole('table', { name: /Thành viên hội đồng/ });
    await panel.getByRole('row', { name: new RegExp(w.members[0]!) }).waitFor();
    await panel.getByRole('row', { name: new RegExp(w.secretary) }).getByText('Không (thư ký)').waitFor();
    await b.expectAccessible(page, 'secretariat-open-review');
    await page.getByRole('button', { name: 'Mở phiên đánh giá' }).click();

    // Opened: the member of the nominating unit is recused, and the screen says why.
    const table = progressTable(page);
    await table.waitFor();
    await table.getByRole('row', { name: new RegExp(w.colleague) }).getByText('Tự động: thuộc đơn vị đề nghị').waitFor();
    await page.getByText('Bỏ phiếu kín: màn hình này chỉ cho biết ai đã bỏ phiếu').waitFor();

    // Two members vote (one for, one against); the secretary refreshes and sees who voted, not what.
    await send(w.f.as(w.members[0]!), `/initiatives/${id}/review/ballots`, { choice: 'approve' });
    await send(w.f.as(w.members[1]!), `/initiatives/${id}/review/ballots`, { choice: 'reject' });
    await page.getByRole('button', { name: 'Làm mới' }).click();
    await page.getByText('2/3 đã bỏ phiếu').waitFor();
    await table.getByRole('row', { name: new RegExp(`${w.members[0]!}.*Có`) }).waitFor();
    await table.getByRole('row', { name: new RegExp(`${w.members[2]!}.*Chưa`) }).waitFor();
    expect(await page.locator('main').innerText()).not.toMatch(CHOICE_WORDS);
    await b.expectAccessible(page, 'secretariat-review-progress');
    expect(await page.locator('main').innerText()).not.toMatch(CHOICE_WORDS);

    // Remind: it goes to the one member who still owes a ballot.
    await page.getByRole('button', { name: 'Nhắc thành viên chưa hoàn thành' }).click();
    await page.getByText(`Đã gửi nhắc nhở tới 1 thành viên: ${w.members[2]!}.`).waitFor();
    // Recorded in the log, naming only that member; the dispatcher turns it into their notice (plan.spec.ts).
    const history = await b.api.as(w.secretary).get(`/initiatives/${id}/history`).expect(200);
    const reminder = (history.body.events as { type: string; data: { memberIds?: string[] } }[]).find((e) => e.type === 'ReviewersReminded');
    expect(reminder?.data.memberIds).toEqual([w.members[2]!]);
    expect(JSON.stringify(reminder)).not.toMatch(CHOICE_WORDS);
    await page.getByText(/^Lần nhắc gần nhất:/).waitFor();

    // The last member votes; the secretary closes: the tally shows at once, and nothing per member.
    await send(w.f.as(w.members[2]!), `/initiatives/${id}/review/ballots`, { choice: 'approve' });
    await page.getByRole('button', { name: 'Kết thúc phiên đánh giá và kiểm phiếu' }).click();
    await page.getByRole('alert').getByRole('button', { name: 'Kết thúc phiên đánh giá và kiểm phiếu' }).click();
    const tally = page.getByRole('table', { name: 'Kết quả kiểm phiếu' });
    await tally.waitFor();
    expect(await tally.getByRole('row', { name: /^Tán thành/ }).innerText()).toMatch(/2$/);
    expect(await tally.getByRole('row', { name: /^Không tán thành/ }).innerText()).toMatch(/1$/);
    await page.getByText('Kết quả: Không được đề nghị').waitFor();
    await page.getByText(/Quy trình annual-emulation-title phiên bản \d+ · số lượng tối thiểu 2\/3 trên tổng số thành viên · tán thành từ 90% trên tổng số thành viên · bỏ phiếu kín/).waitFor();
    expect(await progressTable(page).count()).toBe(0);
    const main = await page.locator('main').innerText();
    for (const m of w.members) expect(main).not.toContain(m);
    await b.expectAccessible(page, 'secretariat-review-closed');
  });

  it('screening: the secretary finds the dossier in the queue and returns it with a reason', async () => {
    const w = await buildWorld(harness);
    const officer = w.f.as(w.officer);
    const title = `Sổ ghi chép điện tử ${w.f.tag}`;
    const { id } = await send(officer, '/initiatives', { movementId: w.movementId, unitId: w.unitId, title, summary: 'Households report by phone', field: 'economy', authors: [{ name: 'Nguyễn Văn A' }] }, 201);
    await send(officer, `/initiatives/${id}/progress-reports`, { summary: 'Piloted in 3 groups' });
    await send(officer, `/initiatives/${id}/nomination`, { awardForm: 'certificate_of_merit', councilId: w.councilId, statement: 'Worth replicating', documents: DOCUMENTS });
    await listed(w, id, 'nominated');

    const { page } = await b.person(w.secretary, '/secretariat/screening');
    await page.getByRole('heading', { name: 'Hồ sơ chờ thẩm định', level: 2 }).waitFor();
    await page.getByLabel('Từ khóa trong tên hoặc tóm tắt').fill(w.f.tag);
    await page.getByLabel('Từ khóa trong tên hoặc tóm tắt').press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === w.f.tag);
    await page.getByRole('link', { name: title }).waitFor();
    await b.expectAccessible(page, 'secretariat-screening-queue');

    await page.getByRole('link', { name: title }).click();
    await page.getByRole('heading', { name: `Hồ sơ: ${title}` }).waitFor();
    await page.getByText(DOCUMENTS[0]!.sha256).waitFor();
    await b.expectAccessible(page, 'secretariat-dossier');
    await page.getByRole('radio', { name: 'Trả lại' }).check();
    // No reason, no return: the form says so and sends nothing.
    await page.getByRole('button', { name: 'Ghi kết quả thẩm định' }).click();
    await page.getByRole('textbox', { name: /Lý do trả lại/ }).fill('Báo cáo thành tích chưa có chữ ký');
    await page.getByRole('button', { name: 'Ghi kết quả thẩm định' }).click();
    await page.getByText('Đã trả lại hồ sơ cho đơn vị.').waitFor();
    // The page reads its own write: the stage is the returned one at once.
    await page.getByText('Giai đoạn hiện tại: Đã trả lại').waitFor();
    const history = await b.api.as(w.secretary).get(`/initiatives/${id}/history`);
    expect((history.body.events as { type: string; reason: string | null }[]).find((e) => e.type === 'DossierReturned')?.reason).toBe('Báo cáo thành tích chưa có chữ ký');
  });

  it('consultation: the secretary reads a public objection and dismisses it with a reason', async () => {
    const w = await buildWorld(harness);
    const id = await screened(w);
    const secretary = w.f.as(w.secretary);
    await send(secretary, `/initiatives/${id}/review`, {});
    for (const m of w.members) await send(w.f.as(m), `/initiatives/${id}/review/ballots`, { choice: 'approve' });
    await send(secretary, `/initiatives/${id}/review/close`, {});
    await send(secretary, `/initiatives/${id}/consultation`, { closesAt: new Date(Date.now() + 60 * 60_000).toISOString() });
    await send(b.api.anonymous, `/initiatives/${id}/consultation/objections`, { text: 'Số liệu thí điểm có vẻ bị thổi phồng', contact: 'citizen@example.vn' });
    await listed(w, id, 'consultation');

    const { page } = await b.person(w.secretary, '/secretariat/consultations');
    await page.getByRole('heading', { name: 'Lấy ý kiến công khai', level: 2 }).waitFor();
    await b.expectAccessible(page, 'secretariat-consultation-queue');
    await b.navigate(page, `/secretariat/consultations/${id}`);
    await page.getByText('Số liệu thí điểm có vẻ bị thổi phồng').waitFor();
    await page.getByText('Liên hệ: citizen@example.vn').waitFor();
    await b.expectAccessible(page, 'secretariat-consultation');
    await page.getByRole('radio', { name: 'Bác bỏ' }).check();
    await page.getByRole('textbox', { name: /Lý do/ }).fill('Đã kiểm tra thực tế tại 3 tổ dân phố');
    await page.getByRole('button', { name: 'Ghi kết luận' }).click();
    await page.getByText('Bác bỏ: Đã kiểm tra thực tế tại 3 tổ dân phố').waitFor();
    expect(await page.getByRole('button', { name: 'Ghi kết luận' }).count()).toBe(0);

    await b.navigate(page, '/secretariat/publication');
    await page.getByRole('heading', { name: 'Công bố và đề nghị cấp trên', level: 2 }).waitFor();
    await b.expectAccessible(page, 'secretariat-publication-queue');
  });
});
