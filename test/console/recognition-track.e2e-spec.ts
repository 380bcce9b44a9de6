import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { at, buildWorld, type World } from '../../apps/api/src/initiatives/testing/initiative-fixtures';
import { ConsoleBrowser } from './browser';

/*
 * Issue 10's acceptance: one nomination walked through the whole recognition track in the
 * browser, each step by its own person in their own browser context — the officer, the
 * secretary, three council members and a colleague recused automatically, the public, the
 * decision authority. Nothing is seeded through the API but the directory (units, users,
 * council, movement); every step of the dossier is a click in the console.
 */
jest.setTimeout(600_000);

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('the recognition track in the browser, by the people who walk it', () => {
  let b: ConsoleBrowser;
  let w: World;
  const errors: string[] = [];

  beforeAll(async () => {
    b = await ConsoleBrowser.start();
    w = await buildWorld(b.apiHarness, { members: 3 });
  }, 180_000);
  afterAll(() => b?.close());
  afterEach(() => {
    if (errors.length) console.error(`page errors:\n${errors.splice(0).join('\n')}`);
  });

  const person = async (userId: string, to: string): Promise<Page> => {
    const { page } = await b.person(userId, to);
    page.on('pageerror', (e) => errors.push(`${userId}: ${String(e)}`));
    return page;
  };

  it('officer nominates, secretary screens and opens the review, members score and vote, the public objects, the authority grants, the gallery shows it', async () => {
    const title = `Sổ liên lạc điện tử ${w.f.tag}`;
    const letter = Buffer.from(`%PDF-1.4 tờ trình đề nghị công nhận ${w.f.tag}\n`);
    const report = Buffer.from(`Báo cáo thành tích ${w.f.tag}: 120 hộ gia đình\n`.repeat(500));

    // 1. The unit officer registers, reports progress and nominates with two files hashed in the browser.
    const officer = await person(w.officer, '/initiatives/new');
    await officer.getByRole('heading', { name: 'Đăng ký sáng kiến, mô hình' }).waitFor();
    await officer.getByLabel('Phong trào').selectOption(w.movementId);
    await officer.getByLabel('Tên sáng kiến').fill(title);
    await officer.getByLabel('Tóm tắt').fill('Các hộ gia đình báo cáo qua điện thoại thay cho giấy');
    await officer.getByLabel('Lĩnh vực').selectOption('economy');
    await officer.getByLabel('Họ tên tác giả 1').fill('Nguyễn Thị Hoa');
    await officer.getByRole('button', { name: 'Đăng ký', exact: true }).click();
    await officer.waitForURL(/\/initiatives\/(?!new$)[^/]+$/);
    const id = decodeURIComponent(new URL(officer.url()).pathname.split('/').pop() ?? '');
    await officer.getByLabel('Trạng thái: Đã đăng ký').waitFor();
    await officer.getByRole('button', { name: 'Báo cáo tiến độ' }).click();
    await officer.getByLabel('Nội dung tiến độ').fill('Đã áp dụng thử ở 120 hộ');
    await officer.getByRole('button', { name: 'Gửi báo cáo tiến độ' }).click();
    await officer
      .getByLabel('Trạng thái: Đang bồi dưỡng')
      .waitFor()
      .catch(async (error: Error) => {
        throw new Error(`${error.message}\n${await b.diagnose(officer, 'progress-report')}`);
      });
    await officer.getByRole('button', { name: 'Đề nghị xét công nhận (nộp hồ sơ)' }).click();
    await officer.getByLabel('Hình thức khen thưởng').fill('certificate_of_merit');
    await officer.getByLabel(/^Hội đồng( \*)?$/).selectOption(w.councilId);
    await officer.getByLabel('Tờ trình đề nghị').fill('Mô hình đáng nhân rộng ra các phường');
    await officer.getByLabel('Tệp của tài liệu 1').setInputFiles({ name: 'to-trinh.pdf', mimeType: 'application/pdf', buffer: letter });
    await officer.getByLabel('Tệp của tài liệu 2').setInputFiles({ name: 'bao-cao.txt', mimeType: 'text/plain', buffer: report });
    await officer.getByText(sha256(letter)).waitFor();
    await officer.getByText(sha256(report)).waitFor();
    await officer.getByRole('button', { name: 'Nộp hồ sơ đề nghị' }).click();
    await officer.getByLabel('Trạng thái: Đã đề nghị').waitFor();
    const nominated = await b.api.as(w.officer).get(`/initiatives/${encodeURIComponent(id)}`).expect(200);
    expect(nominated.body.dossier.documents.map((d: { sha256: string }) => d.sha256)).toEqual([sha256(letter), sha256(report)]);

    // 2. The secretary finds it in the screening queue, accepts it and opens the review.
    const secretary = await person(w.secretary, '/secretariat/screening');
    await secretary.getByRole('heading', { name: 'Hồ sơ chờ thẩm định', level: 2 }).waitFor();
    await secretary.getByLabel('Từ khóa trong tên hoặc tóm tắt').fill(w.f.tag);
    await secretary.getByLabel('Từ khóa trong tên hoặc tóm tắt').press('Enter');
    await secretary.getByRole('link', { name: title }).click();
    await secretary.getByRole('heading', { name: `Hồ sơ: ${title}` }).waitFor();
    await secretary.getByText(sha256(letter)).waitFor();
    await secretary.getByRole('radio', { name: 'Tiếp nhận' }).check();
    await secretary.getByRole('button', { name: 'Ghi kết quả thẩm định' }).click();
    await secretary.getByText('Đã tiếp nhận hồ sơ.').waitFor();
    await b.navigate(secretary, `/secretariat/reviews/${encodeURIComponent(id)}`);
    await secretary.getByRole('button', { name: 'Mở phiên đánh giá' }).click();
    const progress = secretary.getByRole('table', { name: /^Ai đã chấm điểm và bỏ phiếu/ });
    await progress.waitFor();
    await progress.getByRole('row', { name: new RegExp(w.colleague) }).getByText('Tự động: thuộc đơn vị đề nghị').waitFor();

    // 3. Three members score against the rubric and vote; the colleague from the nominating unit is refused.
    const scores = [
      [9, 8, 7],
      [8, 8, 8],
      [7, 9, 6],
    ];
    for (const [i, member] of w.members.entries()) {
      const page = await person(member, `/reviews/${encodeURIComponent(id)}`);
      await page.getByRole('heading', { name: title, level: 1 }).waitFor();
      const [novelty, effectiveness, scope] = scores[i] ?? [5, 5, 5];
      await page.getByLabel(/^Novelty and creativity \(/).fill(String(novelty));
      await page.getByLabel(/^Effectiveness \(/).fill(String(effectiveness));
      await page.getByLabel(/^Scope of influence \(/).fill(String(scope));
      await page.getByRole('button', { name: 'Gửi điểm' }).click();
      await page.getByRole('radio', { name: 'Đồng ý', exact: true }).check();
      await page.getByRole('button', { name: 'Bỏ phiếu' }).click();
      await page.getByText('Bạn đã bỏ phiếu: Đồng ý.').waitFor();
      await page.context().close();
    }
    const colleague = await person(w.colleague, `/reviews/${encodeURIComponent(id)}`);
    await colleague.getByText('Bạn không tham gia đánh giá hồ sơ này').waitFor();
    await colleague.getByText('Mã lỗi: CONFLICT_OF_INTEREST').waitFor();
    expect(await colleague.getByRole('button', { name: 'Bỏ phiếu' }).count()).toBe(0);
    await colleague.context().close();

    // 4. The secretary sees everyone has voted, closes the review (the tally at once) and opens the consultation.
    await secretary.getByRole('button', { name: 'Làm mới' }).click();
    await secretary.getByText('3/3 đã bỏ phiếu').waitFor();
    await secretary.getByRole('button', { name: 'Kết thúc phiên đánh giá và kiểm phiếu' }).click();
    await secretary.getByRole('alert').getByRole('button', { name: 'Kết thúc phiên đánh giá và kiểm phiếu' }).click();
    const tally = secretary.getByRole('table', { name: 'Kết quả kiểm phiếu' });
    await tally.waitFor();
    expect(await tally.getByRole('row', { name: /^Tán thành/ }).innerText()).toMatch(/3$/);
    await b.navigate(secretary, `/secretariat/consultations/${encodeURIComponent(id)}`);
    await secretary.getByRole('button', { name: 'Mở lấy ý kiến' }).click();
    await secretary.getByText(/^Đang lấy ý kiến đến/).waitFor();

    // 5. Someone of the public objects without signing in.
    const citizen = (await b.anonymous('/consultations')).page;
    await citizen.getByRole('heading', { name: title }).waitFor();
    await citizen.getByRole('button', { name: `Gửi ý kiến phản đối: ${title}` }).click();
    const form = citizen.getByRole('form', { name: `Gửi ý kiến phản đối: ${title}` });
    await form.getByLabel('Nội dung ý kiến').fill('Số hộ áp dụng có vẻ bị thổi phồng');
    await form.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await citizen.getByText(/Đã gửi ý kiến của bạn/).waitFor();

    // 6. The secretary dismisses it with a reason; once the window has passed, closes the consultation.
    await secretary.getByRole('button', { name: 'Làm mới' }).click();
    await secretary.getByText('Số hộ áp dụng có vẻ bị thổi phồng').waitFor();
    await secretary.getByRole('radio', { name: 'Bác bỏ' }).check();
    await secretary.getByRole('textbox', { name: /Lý do/ }).fill('Đã kiểm tra thực tế tại 120 hộ');
    await secretary.getByRole('button', { name: 'Ghi kết luận' }).click();
    await secretary.getByText('Bác bỏ: Đã kiểm tra thực tế tại 120 hộ').waitFor();
    // The window is working days long: the system's clock moves past it for the close.
    await at(b.apiHarness, new Date(Date.now() + 30 * 24 * 60 * 60_000).toISOString(), async () => {
      await secretary.getByRole('button', { name: 'Kết thúc lấy ý kiến' }).click();
      await secretary.getByText(/^Đã kết thúc lấy ý kiến/).waitFor();
    });

    // 7. The decision authority grants, with the council's tally beside the form.
    const authority = await person(w.authority, '/decisions');
    await authority.getByRole('heading', { name: 'Quyết định chờ ban hành', level: 1 }).waitFor();
    await authority.getByRole('link', { name: title }).click();
    await authority.getByRole('table', { name: 'Kết quả kiểm phiếu' }).getByRole('row', { name: /^Đồng ý\s*3$/ }).waitFor();
    await authority.getByRole('radio', { name: 'Khen thưởng', exact: true }).check();
    await authority.getByLabel(/^Số quyết định/).fill(`${w.f.tag}/QĐ-UBND`);
    await authority.getByLabel(/^Người ký/).fill('Chủ tịch UBND tỉnh');
    await authority.getByRole('button', { name: 'Ghi nhận quyết định' }).click();
    await authority.getByText('Đã ghi nhận quyết định.').waitFor();

    // 8. The secretary publishes it; 9. the public gallery shows it. The secretary's tab did not write
    // the grant, so its queue has no position to wait for: the read model takes the award in first.
    for (let i = 0; i < 150; i++) {
      const queue = await b.api.as(w.secretary).get('/initiatives').query({ q: w.f.tag, status: 'awarded' }).expect(200);
      if ((queue.body as { items: { initiativeId: string }[] }).items.some((item) => item.initiativeId === id)) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await b.navigate(secretary, `/secretariat/publication?q=${encodeURIComponent(w.f.tag)}`);
    await secretary.getByRole('link', { name: title }).click();
    await secretary.getByRole('heading', { name: `Hồ sơ: ${title}` }).waitFor();
    await secretary.getByLabel(/^Kênh công bố/).fill('Cổng thông tin tỉnh');
    await secretary.getByRole('button', { name: 'Ghi nhận công bố' }).click();
    await secretary.getByText('Đã ghi nhận.').waitFor();
    // A visitor has no position to wait for either: the public read model takes the publication in first.
    for (let i = 0; i < 150; i++) {
      const found = await b.api.anonymous.get('/public/initiatives').query({ q: w.f.tag }).expect(200);
      if ((found.body as { items: { initiativeId: string }[] }).items.some((item) => item.initiativeId === id)) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const gallery = (await b.anonymous(`/gallery?q=${encodeURIComponent(w.f.tag)}`)).page;
    await gallery.getByRole('link', { name: title }).click();
    await gallery.getByRole('heading', { name: title, level: 2 }).waitFor();
    await gallery.getByText('Nguyễn Thị Hoa').waitFor();
  });
});
