import { randomUUID } from 'node:crypto';
import { Clock } from '@laurel/application';
import type { Page, Request } from 'playwright-core';
import { ConsoleBrowser } from './browser';

/*
 * The council member's and the decision authority's screens in a real browser (docs/console.md
 * "Council members", "Decision authorities"). Everything is seeded through the HTTP API; then a
 * member scores and votes, a member recused automatically sees the refusal, a secret review shows
 * its notice, and the authority grants. Each screen passes axe in Vietnamese and English.
 */
jest.setTimeout(180_000);

const tag = randomUUID().slice(0, 8);
const id = (name: string) => `${name}-${tag}`;
const sha = (c: string) => c.repeat(64);
const DOCUMENTS = [
  { name: 'request_letter', sha256: sha('a') },
  { name: 'achievement_report', sha256: sha('b') },
];

describe('council members and decision authorities (browser)', () => {
  let b: ConsoleBrowser;
  const province = id('rv-province');
  const district = id('rv-district');
  const [secretary, authority, officer, m1, m2, m3, colleague] = ['rv-secretary', 'rv-authority', 'rv-officer', 'rv-m1', 'rv-m2', 'rv-m3', 'rv-colleague'].map(id);
  const councilId = id('rv-council');
  let initiative: string;
  let secretInitiative: string;
  let lastPosition: string;

  /** POST as someone, expecting `status`; keeps the position for read-your-writes. */
  const send = async (as: string, path: string, body: object, status = 200) => {
    const response = await b.api.as(as).post(path).send(body);
    if (response.status !== status) throw new Error(`POST ${path} → ${response.status}: ${JSON.stringify(response.body)}`);
    if (typeof response.body?.position === 'string') lastPosition = response.body.position;
    return response.body;
  };

  const movement = async (workflowId: string) => {
    const movementId = id(`rv-movement-${workflowId}`);
    await send('admin', '/movements', { id: movementId, title: `Phong trào ${workflowId}`, organizerUnitId: province, kind: 'regular', fields: ['economy'], startsOn: '2025-01-01', endsOn: '2030-12-31', workflowId }, 201);
    await send('admin', `/movements/${movementId}/launch`, {});
    return movementId;
  };

  const requests = (page: Page) => {
    const seen: Request[] = [];
    page.on('request', (r) => seen.push(r));
    return seen;
  };

  beforeAll(async () => {
    b = await ConsoleBrowser.start();
    await send('admin', '/units', { id: province, name: 'Tỉnh Thử', level: 'province' }, 201);
    await send('admin', '/units', { id: district, name: 'Huyện Thử', level: 'district', parentId: province }, 201);
    const user = (userId: string, name: string, roles: string[], unitId: string) => send('admin', '/users', { id: userId, name, email: `${userId}@laurel.test`, roles, unitId }, 201);
    await user(secretary, 'Thư ký Hội đồng', ['secretary'], province);
    await user(authority, 'Chủ tịch UBND tỉnh', ['decision_authority'], province);
    await user(officer, 'Cán bộ huyện', ['unit_officer'], district);
    await user(m1, 'Thành viên Một', ['council_member'], province);
    await user(m2, 'Thành viên Hai', ['council_member'], province);
    await user(m3, 'Thành viên Ba', ['council_member'], province);
    // Of the nominating unit: recused automatically when the review opens.
    await user(colleague, 'Đồng nghiệp huyện', ['council_member'], district);
    await send(
      'admin',
      '/councils',
      {
        id: councilId,
        name: 'Hội đồng Thi đua - Khen thưởng tỉnh',
        unitId: province,
        level: 'province',
        members: [
          { userId: m1, role: 'chair' },
          { userId: m2, role: 'member' },
          { userId: m3, role: 'member' },
          { userId: colleague, role: 'member' },
          { userId: secretary, role: 'secretary' },
        ],
      },
      201,
    );

    // An open-ballot review on the recognition track.
    const recognition = await movement('initiative-recognition');
    initiative = (await send(officer, '/initiatives', { movementId: recognition, unitId: district, title: `Sổ tay tổ dân phố số ${tag}`, summary: 'Hộ gia đình báo cáo qua điện thoại', field: 'economy', authors: [{ name: 'Nguyễn Văn A' }] }, 201)).id;
    await send(officer, `/initiatives/${initiative}/progress-reports`, { summary: 'Thí điểm ở 3 tổ', indicators: { households: 120 } });
    await send(officer, `/initiatives/${initiative}/nomination`, { awardForm: 'certificate_of_merit', councilId, statement: 'Đáng nhân rộng', documents: DOCUMENTS });
    await send(secretary, `/initiatives/${initiative}/screening`, { outcome: 'accepted' });
    await send(secretary, `/initiatives/${initiative}/review`, {});
    // m2 scores first: m1 must not see it before scoring.
    await send(m2, `/initiatives/${initiative}/review/scores`, { scores: { novelty: 6, effectiveness: 7, scope: 5 }, comments: { scope: 'Mới ở một huyện' } });

    // A secret review on the annual title track.
    const annual = await movement('annual-emulation-title');
    secretInitiative = (await send(officer, '/initiatives', { movementId: annual, unitId: district, title: `Chiến sĩ thi đua ${tag}`, summary: 'Danh hiệu hằng năm', field: 'economy', authors: [{ name: 'Trần Thị B' }] }, 201)).id;
    await send(officer, `/initiatives/${secretInitiative}/self-assessment`, { summary: 'Hoàn thành xuất sắc nhiệm vụ' });
    await send(officer, `/initiatives/${secretInitiative}/nomination`, { awardForm: 'emulation_fighter', councilId, statement: 'Đề nghị danh hiệu', documents: DOCUMENTS });
    await send(secretary, `/initiatives/${secretInitiative}/review`, {});
    // The queue is a read model: wait until it holds both reviews.
    await b.api.as(m1).get(`/me/reviews?minPosition=${lastPosition}`).expect(200);
  });

  afterAll(async () => {
    await b?.close();
  });

  it('a member sees what they owe, scores against the rubric (others appear only after), and votes', async () => {
    const { page } = await b.person(m1, '/reviews');
    await page.getByRole('heading', { name: 'Đánh giá của tôi', level: 1 }).waitFor();
    await page.getByRole('link', { name: `Sổ tay tổ dân phố số ${tag}` }).waitFor();
    await page.getByRole('link', { name: `Chiến sĩ thi đua ${tag}` }).waitFor();
    await b.expectAccessible(page, 'reviews-queue');

    // The filter lives in the URL.
    await page.getByRole('combobox', { name: 'Còn phải làm' }).click();
    await page.getByRole('option', { name: 'Chấm điểm' }).click();
    await page.waitForURL((url) => url.searchParams.get('owes') === 'scores');
    await page.getByRole('link', { name: `Sổ tay tổ dân phố số ${tag}` }).waitFor();
    // The URL changes before the filtered page arrives: wait for the list to be the filtered one.
    await page.getByRole('link', { name: `Chiến sĩ thi đua ${tag}` }).waitFor({ state: 'detached' });
    expect(await page.getByRole('link', { name: `Chiến sĩ thi đua ${tag}` }).count()).toBe(0);

    const seen = requests(page);
    await page.getByRole('link', { name: `Sổ tay tổ dân phố số ${tag}` }).click();
    await page.getByRole('heading', { name: 'Hồ sơ', level: 2 }).waitFor();
    await page.getByText(sha('a')).waitFor();
    await page.getByText('Thí điểm ở 3 tổ').waitFor();
    await page.getByText('Nguyễn Văn A').waitFor();
    await page.getByText('Điểm của các thành viên khác chỉ hiện sau khi bạn gửi điểm của mình', { exact: false }).waitFor();
    expect(await page.getByText(`Thành viên: ${m2}`).count()).toBe(0);
    await b.expectAccessible(page, 'review-dossier');

    // Out of range: refused in the browser.
    await page.getByLabel(/^Novelty and creativity \(/).fill('12');
    await page.getByRole('button', { name: 'Gửi điểm' }).click();
    await page.getByText('Điểm phải từ 0 đến 10.').waitFor();
    expect(seen.filter((r) => r.method() === 'POST').length).toBe(0);

    await page.getByLabel(/^Novelty and creativity \(/).fill('9');
    await page.getByLabel(/^Effectiveness \(/).fill('8');
    await page.getByLabel(/^Scope of influence \(/).fill('7');
    await page.getByLabel('Nhận xét về tiêu chí Novelty and creativity').fill('Lần đầu có ở tỉnh');
    await page.getByText('Điểm có trọng số: 80 / 100').waitFor();
    await page.getByRole('button', { name: 'Gửi điểm' }).click();
    await page.getByText(`Thành viên: ${m2}`, { exact: false }).waitFor();
    await page.getByText('Lần đầu có ở tỉnh').waitFor();
    await page.getByText('Mới ở một huyện').waitFor();

    const post = seen.find((r) => r.method() === 'POST' && r.url().endsWith(`/initiatives/${initiative}/review/scores`));
    expect(post?.headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    // The refetch after the command reads its own write.
    expect(seen.some((r) => r.method() === 'GET' && r.url().includes(`/initiatives/${initiative}?`) && new URL(r.url()).searchParams.has('minPosition'))).toBe(true);

    await page.getByRole('radio', { name: 'Đồng ý', exact: true }).check();
    await page.getByRole('button', { name: 'Bỏ phiếu' }).click();
    await page.getByText('Bạn đã bỏ phiếu: Đồng ý.').waitFor();
    await b.expectAccessible(page, 'review-scored-and-voted');
  });

  it('a member recused automatically sees the refusal in words, with its code', async () => {
    const { page } = await b.person(colleague, `/reviews/${initiative}`);
    await page.getByRole('heading', { name: `Sổ tay tổ dân phố số ${tag}`, level: 1 }).waitFor();
    await page.getByText('Bạn không tham gia đánh giá hồ sơ này').waitFor();
    await page.getByText('bạn thuộc đơn vị đề nghị', { exact: false }).waitFor();
    await page.getByText('Mã lỗi: CONFLICT_OF_INTEREST').waitFor();
    expect(await page.getByRole('button', { name: 'Bỏ phiếu' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Gửi điểm' }).count()).toBe(0);
    await b.expectAccessible(page, 'review-recused');
  });

  it('a secret review tells the member what secrecy means, and after the vote says only that they voted', async () => {
    const { page } = await b.person(m2, `/reviews/${secretInitiative}`);
    await page.getByText('Đây là cuộc bỏ phiếu kín').waitFor();
    await page.getByText('chỉ kết quả kiểm phiếu được công bố', { exact: false }).waitFor();
    // Four voting members, the colleague recused: three eligible.
    await page.getByText('với 3 thành viên có quyền bỏ phiếu', { exact: false }).waitFor();
    await b.expectAccessible(page, 'review-secret');
    await page.getByRole('radio', { name: 'Không đồng ý', exact: true }).check();
    await page.getByRole('button', { name: 'Bỏ phiếu' }).click();
    await page.getByText('Bạn đã bỏ phiếu kín', { exact: false }).waitFor();
    expect(await page.getByText('Bạn đã bỏ phiếu: Không đồng ý').count()).toBe(0);
  });

  it('a member declares a conflict with a reason and is recused from then on', async () => {
    const { page } = await b.person(m3, `/reviews/${secretInitiative}`);
    await page.getByRole('button', { name: 'Khai báo xung đột lợi ích' }).click();
    await page.getByText('Hãy nêu lý do.').waitFor();
    await page.getByLabel(/^Lý do xung đột lợi ích/).fill('Tôi từng hướng dẫn người được đề nghị');
    await page.getByRole('button', { name: 'Khai báo xung đột lợi ích' }).click();
    await page.getByText('bạn đã khai báo xung đột lợi ích', { exact: false }).waitFor();
    await page.getByText('Mã lỗi: CONFLICT_OF_INTEREST').waitFor();
  });

  it("the authority sees the decision waiting with the council's tally and the consultation, and grants", async () => {
    const path = (suffix: string) => `/initiatives/${initiative}${suffix}`;
    await send(m2, path('/review/ballots'), { choice: 'approve' });
    await send(m3, path('/review/ballots'), { choice: 'reject' });
    await send(secretary, path('/review/close'), {});
    await send(secretary, path('/consultation'), { closesAt: new Date(Date.now() + 60 * 60_000).toISOString() });
    const clock = b.app.get(Clock);
    const now = clock.now;
    clock.now = () => new Date(Date.now() + 2 * 60 * 60_000).toISOString();
    try {
      await send(secretary, path('/consultation/close'), {});
    } finally {
      clock.now = now;
    }
    await b.api.as(authority).get(`/initiatives?status=decision&minPosition=${lastPosition}`).expect(200);

    const { page } = await b.person(authority, '/decisions');
    await page.getByRole('heading', { name: 'Quyết định chờ ban hành', level: 1 }).waitFor();
    await page.getByRole('link', { name: `Sổ tay tổ dân phố số ${tag}` }).waitFor();
    await b.expectAccessible(page, 'decisions-waiting');

    await page.getByRole('link', { name: `Sổ tay tổ dân phố số ${tag}` }).click();
    await page.getByText('Kết luận: Đề nghị khen thưởng').waitFor();
    const tally = page.getByRole('table', { name: 'Kết quả kiểm phiếu' });
    await tally.getByRole('row', { name: /^Đồng ý\s*2$/ }).waitFor();
    await tally.getByRole('row', { name: /^Không đồng ý\s*1$/ }).waitFor();
    await tally.getByRole('row', { name: /^Không tham gia \(xung đột lợi ích\)\s*1$/ }).waitFor();
    await page.getByRole('heading', { name: 'Lấy ý kiến công khai' }).waitFor();
    await page.getByText('Không có ý kiến phản đối.').waitFor();
    await b.expectAccessible(page, 'decision-form');

    await page.getByRole('radio', { name: 'Khen thưởng', exact: true }).check();
    await page.getByRole('button', { name: 'Ghi nhận quyết định' }).click();
    await page.getByText('Bắt buộc.').first().waitFor();
    await page.getByLabel(/^Số quyết định/).fill(`${tag}/QĐ-UBND`);
    await page.getByLabel(/^Người ký/).fill('Chủ tịch UBND tỉnh');
    await page.getByRole('button', { name: 'Ghi nhận quyết định' }).click();
    await page.getByText('Đã ghi nhận quyết định.').waitFor();
    await page.getByText(`số ${tag}/QĐ-UBND`, { exact: false }).waitFor();
    await page.getByText('Hồ sơ này không ở giai đoạn chờ quyết định.').waitFor();
    await b.expectAccessible(page, 'decision-granted');
    const after = (await b.api.as(authority).get(`/initiatives/${initiative}`).expect(200)).body;
    expect(after.status).toBe('awarded');
    expect(after.awards[0]).toMatchObject({ decisionNo: `${tag}/QĐ-UBND`, signedBy: 'Chủ tịch UBND tỉnh' });
  });
});
