import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { at, buildWorld, DOCUMENTS, send, type World } from '../../apps/api/src/initiatives/testing/initiative-fixtures';
import { ConsoleBrowser } from './browser';

/*
 * What anyone sees without signing in (the gallery feature), and the signed-in user's bell:
 * the gallery with search and filters in the URL, an initiative's public page, an open consultation
 * with its closing time and the objection form; the notification bell with mark-as-read.
 * Every screen passes axe in Vietnamese and English.
 */
jest.setTimeout(180_000);

describe('public pages and the notification bell (browser)', () => {
  let b: ConsoleBrowser;
  let w: World;
  const tag = randomUUID().slice(0, 6);
  const publishedTitle = `Sổ tay tổ dân phố số ${tag}`;
  const consultedTitle = `Nước sạch cho bản ${tag}`;
  let publishedId: string;
  let consultedId: string;

  /** register → progress → nomination → screening → approving review, with our own title. */
  async function reviewed(title: string): Promise<string> {
    const { id } = await send(w.f.as(w.officer), '/initiatives', { movementId: w.movementId, unitId: w.unitId, title, summary: `Tóm tắt ${tag}`, field: 'economy', authors: [{ name: 'Nguyễn Văn A' }, { name: 'Trần Thị B' }] }, 201);
    const path = (suffix: string) => `/initiatives/${id}${suffix}`;
    await send(w.f.as(w.officer), path('/progress-reports'), { summary: 'Piloted in 3 groups', indicators: { households: 120 } });
    await send(w.f.as(w.officer), path('/nomination'), { awardForm: 'certificate_of_merit', councilId: w.councilId, statement: 'Worth replicating', documents: DOCUMENTS });
    await send(w.f.as(w.secretary), path('/screening'), { outcome: 'accepted' });
    await send(w.f.as(w.secretary), path('/review'), {});
    for (const member of w.members) await send(w.f.as(member), path('/review/ballots'), { choice: 'approve' });
    await send(w.f.as(w.secretary), path('/review/close'), {});
    return id;
  }

  beforeAll(async () => {
    b = await ConsoleBrowser.start();
    w = await buildWorld(b.apiHarness);
    publishedId = await reviewed(publishedTitle);
    const p = (suffix: string) => `/initiatives/${publishedId}${suffix}`;
    await send(w.f.as(w.secretary), p('/consultation'), { closesAt: new Date(Date.now() + 60 * 60_000).toISOString() });
    await at(b.apiHarness, new Date(Date.now() + 2 * 60 * 60_000).toISOString(), () => send(w.f.as(w.secretary), p('/consultation/close'), {}));
    await send(w.f.as(w.authority), p('/decision'), { outcome: 'granted', decisionNo: `QD-${tag}`, signedBy: 'Chủ tịch' });
    const published = await send(w.f.as(w.secretary), p('/publication'), { channel: 'Công báo tỉnh', url: 'https://congbao.example/1' });
    consultedId = await reviewed(consultedTitle);
    const opened = await send(w.f.as(w.secretary), `/initiatives/${consultedId}/consultation`, { closesAt: new Date(Date.now() + 3 * 24 * 60 * 60_000).toISOString() });
    // Both reached the read models before the browser looks.
    for (const position of [published.position, opened.position]) await b.api.anonymous.get(`/public/consultations?minPosition=${position}`).expect(200);
  });

  afterAll(async () => {
    await b?.close();
  });

  it('the gallery searches published initiatives, keeps the search in the URL, and opens the public page', async () => {
    const { page } = await b.anonymous('/gallery');
    await page.getByRole('heading', { name: 'Thư viện sáng kiến được công nhận' }).waitFor();
    await page.getByRole('searchbox', { name: 'Tìm kiếm' }).fill(tag);
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('q') === tag);
    const link = page.getByRole('link', { name: publishedTitle });
    await link.waitFor();
    // The consultation's initiative is not published: not in the gallery.
    expect(await page.getByText(consultedTitle).count()).toBe(0);
    await b.expectAccessible(page, 'gallery');
    await link.click();
    await page.waitForURL(`**/gallery/${publishedId}`);
    await page.getByRole('heading', { name: publishedTitle, level: 2 }).waitFor();
    await page.getByText('Nguyễn Văn A, Trần Thị B').waitFor();
    await page.getByRole('link', { name: 'Công báo tỉnh' }).waitFor();
    await b.expectAccessible(page, 'gallery-initiative');
  });

  it('a shared gallery URL with a search opens with the same results (filters live in the URL)', async () => {
    const { page } = await b.anonymous(`/gallery?q=${encodeURIComponent(tag)}`);
    await page.getByRole('link', { name: publishedTitle }).waitFor();
    expect(await page.getByRole('searchbox', { name: 'Tìm kiếm' }).inputValue()).toBe(tag);
  });

  it('a public page of an initiative that is not published says so', async () => {
    const { page } = await b.anonymous(`/gallery/${consultedId}`);
    await page.getByText('Không có sáng kiến đã công bố với mã này.').waitFor();
  });

  it('anyone files an objection to an open consultation without signing in, and sees it was filed', async () => {
    const { page } = await b.anonymous('/consultations');
    await page.getByRole('heading', { name: consultedTitle }).waitFor();
    await b.expectAccessible(page, 'consultations');
    await page.getByRole('button', { name: `Gửi ý kiến phản đối: ${consultedTitle}` }).click();
    const form = page.getByRole('form', { name: `Gửi ý kiến phản đối: ${consultedTitle}` });
    await form.getByLabel('Nội dung ý kiến').fill('Số liệu thí điểm quý 2 chưa chính xác');
    await form.getByLabel('Cách liên hệ với bạn (không bắt buộc)').fill('dan@example.vn');
    await b.expectAccessible(page, 'consultation-objection-form');
    await form.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await page.getByText(/Đã gửi ý kiến của bạn/).waitFor();
    const objections = await b.api.as(w.secretary).get(`/initiatives/${consultedId}`).expect(200);
    expect(JSON.stringify(objections.body)).toContain('Số liệu thí điểm quý 2 chưa chính xác');
  });

  it('the bell shows the unread count, lists notifications, and marks one read', async () => {
    const pool = b.app.get(Pool);
    const jobId = `in_app-${randomUUID()}`;
    await pool.query(
      `INSERT INTO notification_inbox (job_id, user_id, kind, initiative_id, event_id, payload, event_at) VALUES ($1, $2, 'dossier_returned', $3, $4, $5, now())`,
      [jobId, w.officer, consultedId, randomUUID(), JSON.stringify({ title: null, params: {} })],
    );
    const before = (await b.api.as(w.officer).get('/me/notifications').expect(200)).body.unread as number;
    const { page } = await b.person(w.officer, '/');
    const bell = page.getByRole('button', { name: `Thông báo, ${before} chưa đọc` });
    await bell.waitFor();
    await bell.click();
    const dialog = page.getByRole('dialog', { name: 'Thông báo' });
    await dialog.getByText('Hồ sơ bị trả lại').first().waitFor();
    await b.expectAccessible(page, 'notifications-bell');
    await dialog.getByRole('button', { name: 'Đánh dấu đã đọc: Hồ sơ bị trả lại' }).first().click();
    await page.getByRole('button', { name: before - 1 ? `Thông báo, ${before - 1} chưa đọc` : 'Thông báo', exact: true }).waitFor();
    expect((await b.api.as(w.officer).get('/me/notifications').expect(200)).body.unread).toBe(before - 1);
  });

  it('the notifications page lists them with an "only unread" filter in the URL', async () => {
    const { page } = await b.person(w.officer, '/notifications');
    await page.getByRole('heading', { name: 'Thông báo', level: 2 }).waitFor();
    await page.getByLabel('Chỉ hiện thông báo chưa đọc').click();
    await page.waitForURL((url) => url.searchParams.get('unread') === 'true');
    // A selector, not a waitForFunction string: that is eval'd in the page, which its CSP refuses.
    await page.locator('input[type=checkbox]:checked').first().waitFor({ state: 'attached' });
    await b.expectAccessible(page, 'notifications');
  });
});
