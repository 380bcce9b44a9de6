import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import type { ApiHarness } from '../api-harness';
import { buildWorld, type World } from '../../apps/api/src/initiatives/testing/initiative-fixtures';
import { ConsoleBrowser } from './browser';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('console: the unit officer and the statistics, in the browser', () => {
  let b: ConsoleBrowser;
  let w: World;
  const errors: string[] = [];
  beforeAll(async () => {
    b = await ConsoleBrowser.start();
    // The initiative fixtures seed through the running system (its command runner and HTTP API).
    w = await buildWorld({ app: b.app, as: (userId: string) => b.api.as(userId) } as unknown as ApiHarness);
  }, 120_000);
  afterAll(() => b?.close());
  afterEach(() => {
    if (errors.length) console.error(`page errors:\n${errors.splice(0).join('\n')}`);
  });

  const person = async (userId: string, at: string) => {
    const { page } = await b.person(userId, at);
    page.on('pageerror', (e) => errors.push(String(e)));
    return page;
  };

  const badge = (page: Page, status: string) => page.getByLabel(`Trạng thái: ${status}`).waitFor();

  it('an officer registers, reports progress and nominates two files hashed in the browser; the dossier holds their SHA-256', async () => {
    const page = await person(w.officer, '/');
    await page.getByRole('link', { name: 'Sáng kiến của đơn vị' }).click();
    await page.getByRole('heading', { name: 'Sáng kiến, mô hình của đơn vị tôi' }).waitFor();
    await b.expectAccessible(page, 'officer-initiatives');

    await page.getByRole('link', { name: 'Đăng ký sáng kiến' }).click();
    await page.getByRole('heading', { name: 'Đăng ký sáng kiến, mô hình' }).waitFor();
    await page.getByLabel('Phong trào').selectOption(w.movementId);
    await page.getByLabel('Tên sáng kiến').fill('Sổ liên lạc điện tử tổ dân phố');
    await page.getByLabel('Tóm tắt').fill('Các hộ gia đình báo cáo qua điện thoại thay cho giấy');
    await page.getByLabel('Lĩnh vực').selectOption('economy');
    await page.getByLabel('Họ tên tác giả 1').fill('Nguyễn Thị Hoa');
    await b.expectAccessible(page, 'officer-register');
    await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
    await page.waitForURL(/\/initiatives\/(?!new$)[^/]+$/);
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    await page.getByRole('heading', { name: 'Sổ liên lạc điện tử tổ dân phố' }).waitFor();
    await badge(page, 'Đã đăng ký');

    await page.getByRole('button', { name: 'Báo cáo tiến độ' }).click();
    await page.getByLabel('Nội dung tiến độ').fill('Đã áp dụng thử ở 120 hộ');
    await page.getByLabel('Chỉ số (JSON, không bắt buộc)').first().fill('{"hoGiaDinh": 120}');
    await page.getByRole('button', { name: 'Gửi báo cáo tiến độ' }).click();
    await badge(page, 'Đang bồi dưỡng');

    const letter = Buffer.from('%PDF-1.4 tờ trình đề nghị công nhận sáng kiến\n');
    const report = Buffer.from('Báo cáo thành tích: 120 hộ gia đình, 3 tổ dân phố\n'.repeat(1000));
    await page.getByRole('button', { name: 'Đề nghị xét công nhận (nộp hồ sơ)' }).click();
    await page.getByLabel('Hình thức khen thưởng').fill('certificate_of_merit');
    await page.getByLabel(/^Hội đồng( \*)?$/).selectOption(w.councilId);
    await page.getByLabel('Tờ trình đề nghị').fill('Mô hình đáng nhân rộng ra các phường');
    await page.getByLabel('Tệp của tài liệu 1').setInputFiles({ name: 'to-trinh.pdf', mimeType: 'application/pdf', buffer: letter });
    await page.getByLabel('Tệp của tài liệu 2').setInputFiles({ name: 'bao-cao-thanh-tich.txt', mimeType: 'text/plain', buffer: report });
    await page.getByText(sha256(letter)).waitFor();
    await page.getByText(sha256(report)).waitFor();
    await b.expectAccessible(page, 'officer-nominate');
    await page.getByRole('button', { name: 'Nộp hồ sơ đề nghị' }).click();
    await badge(page, 'Đã đề nghị');

    // The dossier (detail page and the API) holds each file's digest, name, size and media type.
    const documents = page.getByRole('table', { name: 'Tài liệu trong hồ sơ và mã băm SHA-256 của chúng' });
    await documents.getByText(sha256(letter)).waitFor();
    await documents.getByText(sha256(report)).waitFor();
    const detail = await b.api.as(w.officer).get(`/initiatives/${encodeURIComponent(id)}`).expect(200);
    expect(detail.body.dossier.documents).toEqual([
      { name: 'request_letter', sha256: sha256(letter), fileName: 'to-trinh.pdf', size: letter.length, mediaType: 'application/pdf' },
      { name: 'achievement_report', sha256: sha256(report), fileName: 'bao-cao-thanh-tich.txt', size: report.length, mediaType: 'text/plain' },
    ]);
    expect(detail.body.progressReports).toEqual([expect.objectContaining({ summary: 'Đã áp dụng thử ở 120 hộ', indicators: { hoGiaDinh: 120 } })]);
    await b.expectAccessible(page, 'officer-initiative');

    // The list reads its own write: the nominated initiative is there at once.
    await page.getByRole('link', { name: 'Danh sách sáng kiến' }).click();
    await page.getByRole('link', { name: 'Sổ liên lạc điện tử tổ dân phố' }).waitFor();
    // The unit by its name (the fixtures name it "district"), not by its id.
    await page.getByRole('table', { name: 'Sáng kiến của đơn vị district', exact: true }).waitFor();
    await page.getByLabel('Trạng thái', { exact: true }).selectOption('nominated');
    await page.waitForURL(/status=nominated/);
    await page.getByRole('link', { name: 'Sổ liên lạc điện tử tổ dân phố' }).waitFor();
    await page.context().close();
  }, 180_000);

  it('the statistics page shows its charts with the numbers beside them, in Vietnamese and in English', async () => {
    const vi = await person(w.auditor, '/');
    await vi.getByRole('link', { name: 'Thống kê' }).click();
    await vi.getByRole('heading', { name: 'Thống kê phong trào thi đua' }).waitFor();
    await vi.getByLabel('Phong trào').selectOption(w.movementId);
    expect(vi.url()).toContain(`movementId=${encodeURIComponent(w.movementId)}`);
    const funnel = vi.getByRole('table', { name: 'Số sáng kiến đã đạt từng bước' });
    await funnel.getByRole('row', { name: /Đăng ký\s+1\b/ }).waitFor();
    await funnel.getByRole('row', { name: /Đề nghị\s+1\b/ }).waitFor();
    for (const chart of ['Biểu đồ cột: số sáng kiến', 'Biểu đồ phễu']) {
      await vi.getByRole('img', { name: new RegExp(chart) }).locator('svg').first().waitFor();
    }
    // Nothing replicated yet: the replication figure says so, its table is empty.
    await vi.getByText('Chưa có đơn vị nào nhân rộng.').waitFor();
    await vi.getByRole('table', { name: 'Nhân rộng theo cấp' }).getByText('Không có kết quả').waitFor();
    await b.expectAccessible(vi, 'statistics');
    const [csv] = await Promise.all([vi.waitForEvent('download'), vi.getByRole('button', { name: 'Tải CSV' }).click()]);
    expect(csv.suggestedFilename()).toBe('statistics-initiatives.csv');
    await vi.context().close();

    // In English, by its shareable URL.
    const en = await person(w.officer, `/statistics?movementId=${encodeURIComponent(w.movementId)}`);
    await en.getByLabel('Ngôn ngữ').selectOption('en');
    await en.getByRole('heading', { name: 'Emulation statistics' }).waitFor();
    await en.getByRole('table', { name: 'Initiatives that reached each stage' }).getByRole('row', { name: /Nominated\s+1\b/ }).waitFor();
    await en.getByRole('img', { name: /Funnel chart/ }).locator('svg').first().waitFor();
    await en.getByRole('link', { name: "My unit's initiatives" }).click();
    await en.getByRole('heading', { name: "My unit's initiatives and models" }).waitFor();
    await en.context().close();
  }, 180_000);
});
