import * as fs from 'node:fs';
import type { ApiHarness } from '../api-harness';
import { at, buildWorld, screened, send, type World } from '../../apps/api/src/initiatives/testing/initiative-fixtures';
import { ConsoleBrowser } from './browser';

/*
 * Issue 10's auditor acceptance in a real browser: one initiative seeded through the API up to a
 * granted award; the auditor opens its decision timeline, moves the time picker before and after
 * the decision and sees the stage change; downloads the audit CSV and finds the decision's event
 * in it; the workflow diagram renders with its stage counts; the directory screens; an
 * administrator registers a user and creates a council in the directory and sees them listed,
 * adds and removes a member; axe and screenshots (Vietnamese and English) for each screen.
 */
jest.setTimeout(240_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An instant as the wall clock of Hanoi shows it, to the second (the console's default zone). */
const hanoiWall = (t: number) => new Date(t + 7 * 3600_000).toISOString().slice(0, 19);

interface Entry {
  version: number;
  type: string;
  recordedAt: string;
  data: Record<string, unknown>;
}

describe('auditor and administrator screens (browser)', () => {
  let b: ConsoleBrowser;
  let w: World;
  let id: string;
  let decisionNo: string;
  let award: Entry;
  let stageBefore: string;

  beforeAll(async () => {
    b = await ConsoleBrowser.start();
    // The initiative fixtures speak to an ApiHarness: the browser harness's system answers the same calls in-process.
    const harness = { app: b.app, as: (userId: string) => b.api.as(userId), anonymous: b.api.anonymous } as unknown as ApiHarness;
    w = await buildWorld(harness);
    decisionNo = `QD-${w.f.tag}`;
    id = await screened(w);
    const path = (suffix: string) => `/initiatives/${id}${suffix}`;
    await send(w.f.as(w.secretary), path('/review'), {});
    for (const member of w.members) await send(w.f.as(member), path('/review/ballots'), { choice: 'approve' });
    await send(w.f.as(w.secretary), path('/review/close'), {});
    await send(w.f.as(w.secretary), path('/consultation'), { closesAt: new Date(Date.now() + 60 * 60_000).toISOString() });
    await at(harness, new Date(Date.now() + 2 * 60 * 60_000).toISOString(), () => send(w.f.as(w.secretary), path('/consultation/close'), {}));
    // Two seconds between the last event before the decision and the decision: a moment to the second falls between them.
    await sleep(2100);
    await send(w.f.as(w.authority), path('/decision'), { outcome: 'granted', decisionNo, signedBy: 'Chairman' });

    const history = (await b.api.as(w.auditor).get(path('/history')).expect(200)).body as { events: Entry[] };
    award = history.events.find((e) => e.type === 'AwardGranted') as Entry;
    const stagesBefore = history.events.filter((e) => e.type === 'StageChanged' && e.version < award.version);
    stageBefore = String(stagesBefore[stagesBefore.length - 1].data.to);
    expect(stageBefore).not.toBe('awarded');
    expect(history.events.some((e) => e.type === 'StageChanged' && e.version > award.version && e.data.to === 'awarded')).toBe(true);
  });

  afterAll(async () => {
    await b?.close();
  });

  it('the auditor opens the timeline, moves the time picker before and after the decision and sees the stage change', async () => {
    const { page } = await b.person(w.auditor, `/audit/initiatives/${id}`);
    await page.getByRole('heading', { name: `Dòng thời gian quyết định: ${id}` }).waitFor();
    const stageThen = page.getByTestId('stage-then');
    await stageThen.getByText('awarded', { exact: true }).waitFor();
    const timeline = page.getByRole('table', { name: 'Dòng thời gian' });
    await timeline.getByText('AwardGranted').waitFor();
    // Compact by default: no ballot in the timeline.
    expect(await timeline.getByText('BallotCast').count()).toBe(0);
    await b.expectAccessible(page, 'audit-timeline');

    // Before the decision: a moment (Hanoi wall clock, to the second) a second before the award was recorded.
    const decidedAt = Date.parse(award.recordedAt);
    await page.getByLabel('Thời điểm').fill(hanoiWall(decidedAt - 1000));
    await page.getByRole('button', { name: 'Xem hồ sơ tại đây', exact: true }).click();
    await stageThen.getByText(stageBefore, { exact: true }).waitFor();
    expect(await stageThen.getByText('awarded', { exact: true }).count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('version')).toBe(String(award.version - 1));

    // After it: a second later.
    await page.getByLabel('Thời điểm').fill(hanoiWall(decidedAt + 1000));
    await page.getByRole('button', { name: 'Xem hồ sơ tại đây', exact: true }).click();
    await stageThen.getByText('awarded', { exact: true }).waitFor();

    // The slider moves through versions with the keyboard: Home is before the first event.
    const slider = page.getByRole('slider', { name: 'Phiên bản của hồ sơ' });
    await slider.focus();
    await page.keyboard.press('Home');
    await page.getByText('Trước sự kiện đầu tiên: hồ sơ chưa tồn tại.').waitFor();
    await page.keyboard.press('End');
    await stageThen.getByText('awarded', { exact: true }).waitFor();

    // Full: every event with its data, ballots included.
    await page.getByText('Đầy đủ (mọi sự kiện và dữ liệu)').click();
    await timeline.getByText('BallotCast').first().waitFor();
    expect(new URL(page.url()).searchParams.get('view')).toBe('full');
    await b.expectAccessible(page, 'audit-timeline-full');
  });

  it("the audit log filters by stream in the URL, and its CSV export holds the decision's event", async () => {
    const { page } = await b.person(w.auditor, `/audit?stream=initiative-${id}`);
    await page.getByRole('heading', { name: 'Nhật ký sự kiện' }).waitFor();
    const log = page.getByRole('table', { name: 'Nhật ký sự kiện' });
    await log.getByText('AwardGranted').waitFor();
    expect(await page.getByLabel('Luồng').inputValue()).toBe(`initiative-${id}`);
    // The decision's fields read as lines (not raw JSON); the whole JSON opens behind a toggle.
    const award = log.getByRole('row').filter({ hasText: 'AwardGranted' });
    await award.getByText(`decisionNo: ${decisionNo}`).waitFor();
    await award.getByText('Toàn bộ dữ liệu (JSON)').click();
    expect(await award.locator('pre').innerText()).toContain(`"decisionNo": "${decisionNo}"`);
    await b.expectAccessible(page, 'audit-log');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải CSV (cùng bộ lọc)' }).click()]);
    const csv = fs.readFileSync((await download.path()) as string, 'utf8');
    const lines = csv.split(/\r?\n/);
    expect(lines[0]).toContain('position');
    const decision = lines.filter((l) => l.includes(',AwardGranted,'));
    expect(decision).toHaveLength(1);
    expect(decision[0]).toContain(`initiative-${id}`);
    expect(decision[0]).toContain(decisionNo);
    expect(decision[0]).toContain(w.authority);
    // Same filter: only this initiative's stream.
    expect(lines.slice(1).filter(Boolean).every((l) => l.includes(`initiative-${id}`))).toBe(true);

    // The stream links to the timeline.
    await log.getByRole('link', { name: `initiative-${id}` }).first().click();
    await page.getByRole('heading', { name: `Dòng thời gian quyết định: ${id}` }).waitFor();
  });

  it('the workflow diagram renders with how many initiatives stand in each stage now', async () => {
    // The read model has taken the award in before the screen asks.
    for (let i = 0; i < 100; i++) {
      const counts = (await b.api.as(w.auditor).get('/workflows/initiative-recognition/stages').expect(200)).body as { stages: { stage: string; count: number }[] };
      if ((counts.stages.find((s) => s.stage === 'awarded')?.count ?? 0) > 0) break;
      await sleep(200);
    }
    const { page } = await b.person(w.auditor, '/workflows');
    await page.getByRole('heading', { name: 'Định nghĩa quy trình' }).waitFor();
    await b.expectAccessible(page, 'workflows');
    await b.navigate(page, '/workflows/initiative-recognition');
    const diagram = page.getByTestId('workflow-diagram');
    await diagram.locator('svg').waitFor();
    // The diagram carries the counts: the awarded stage reads "<n> sáng kiến".
    expect(await diagram.locator('svg').textContent()).toMatch(/\d+ sáng kiến/);
    const awarded = Number((await page.getByTestId('stage-count-awarded').textContent())?.replace(/\D/g, ''));
    expect(awarded).toBeGreaterThanOrEqual(1);
    await b.expectAccessible(page, 'workflow-diagram');
  });

  it('the directory shows the unit tree, users and roles, councils and members', async () => {
    const { page } = await b.person(w.auditor, `/directory/units?q=${encodeURIComponent(w.unitId)}`);
    await page.getByRole('heading', { name: 'Cây đơn vị' }).waitFor();
    const tree = page.getByRole('list', { name: 'Cây đơn vị' });
    await tree.getByText(w.unitId, { exact: true }).waitFor();
    await tree.getByText(w.provinceId, { exact: true }).waitFor();
    await b.expectAccessible(page, 'directory-units');

    await b.navigate(page, `/directory/users?unitId=${w.provinceId}`);
    const users = page.getByRole('table', { name: 'Người dùng và vai trò' });
    await users.getByText(w.secretary, { exact: true }).waitFor();
    await b.expectAccessible(page, 'directory-users');

    await b.navigate(page, `/directory/councils/${w.councilId}`);
    await page.getByRole('table', { name: 'Thành viên' }).getByText(w.members[0], { exact: true }).waitFor();
    await page.getByText('Chủ tịch', { exact: true }).waitFor();
    await b.expectAccessible(page, 'directory-council');

    await b.navigate(page, '/directory/councils');
    await page.getByRole('heading', { name: 'Hội đồng và thành viên' }).waitFor();
    await b.expectAccessible(page, 'directory-councils');
  });

  it('an administrator registers a user and creates a council in the directory, sees them listed, and manages its members', async () => {
    const userId = w.f.id('dir-user');
    const councilId = w.f.id('dir-council');
    const councilName = `Hội đồng huyện ${w.f.tag}`;
    const { page } = await b.person('admin', `/directory/users?unitId=${encodeURIComponent(w.unitId)}`);
    const users = page.getByRole('table', { name: 'Người dùng và vai trò' });
    await users.getByText(w.officer, { exact: true }).waitFor();
    const userForm = page.getByRole('region', { name: 'Đăng ký người dùng (quản trị viên)' });
    await userForm.getByRole('button', { name: 'Đăng ký người dùng' }).click();
    // Checked in the browser first: nothing is sent until the form is whole.
    await userForm.getByText('Chọn ít nhất một vai trò').waitFor();
    await userForm.getByLabel(/^Mã người dùng \(không bắt buộc\)/).fill(userId);
    await userForm.getByLabel(/^Tên/).fill('Phạm Văn Dũng');
    await userForm.getByLabel(/^Thư điện tử/).fill(`${userId}@laurel.test`);
    await userForm.getByLabel('Thành viên hội đồng').check();
    // A unit the directory does not hold: the API's refusal, in words with its code.
    await userForm.getByLabel(/^Mã đơn vị/).fill(`no-such-unit-${w.f.tag}`);
    await userForm.getByRole('button', { name: 'Đăng ký người dùng' }).click();
    await userForm.getByRole('alert').getByText('Mã lỗi: VALIDATION_FAILED', { exact: false }).waitFor();
    await userForm.getByLabel(/^Mã đơn vị/).fill(w.unitId);
    await userForm.getByRole('button', { name: 'Đăng ký người dùng' }).click();
    await userForm.getByText(`Đã đăng ký người dùng ${userId}`).waitFor();
    // The list reads its own write: the new user is there at once.
    await users.getByText(userId, { exact: true }).waitFor();
    await b.expectAccessible(page, 'directory-users-admin');

    await b.navigate(page, `/directory/councils?unitId=${encodeURIComponent(w.unitId)}`);
    await page.getByRole('heading', { name: 'Hội đồng và thành viên' }).waitFor();
    const councilForm = page.getByRole('region', { name: 'Thành lập hội đồng (quản trị viên)' });
    await councilForm.getByLabel(/^Mã hội đồng \(không bắt buộc\)/).fill(councilId);
    await councilForm.getByLabel(/^Tên hội đồng/).fill(councilName);
    await councilForm.getByLabel(/^Mã đơn vị của hội đồng/).fill(w.unitId);
    await councilForm.getByLabel(/^Cấp của hội đồng/).fill('district');
    await councilForm.getByLabel('Mã người dùng của thành viên 1').fill(userId);
    await councilForm.getByRole('button', { name: 'Thêm thành viên' }).click();
    await councilForm.getByLabel('Mã người dùng của thành viên 2').fill(w.colleague);
    await councilForm.getByLabel('Vai trò của thành viên 2').selectOption('chair');
    await councilForm.getByRole('button', { name: 'Thành lập hội đồng' }).click();
    await councilForm.getByText('Hội đồng chỉ có tối đa một chủ tịch').waitFor();
    await councilForm.getByLabel('Vai trò của thành viên 2').selectOption('member');
    await councilForm.getByLabel('Bỏ phiếu kín').check();
    await councilForm.getByRole('button', { name: 'Thành lập hội đồng' }).click();
    await councilForm.getByText('Đã thành lập hội đồng:').waitFor();
    const councils = page.getByRole('table', { name: 'Hội đồng và thành viên' });
    await councils.getByRole('link', { name: councilName }).waitFor();
    await b.expectAccessible(page, 'directory-councils-admin');

    // The same id again: the API's 409, with its code.
    await councilForm.getByLabel(/^Mã hội đồng \(không bắt buộc\)/).fill(councilId);
    await councilForm.getByLabel(/^Tên hội đồng/).fill(councilName);
    await councilForm.getByLabel(/^Mã đơn vị của hội đồng/).fill(w.unitId);
    await councilForm.getByLabel(/^Cấp của hội đồng/).fill('district');
    await councilForm.getByRole('button', { name: 'Thành lập hội đồng' }).click();
    await councilForm.getByRole('alert').getByText('Mã lỗi: ALREADY_EXISTS', { exact: false }).waitFor();

    // Its page: the members, one added and removed.
    await councils.getByRole('link', { name: councilName }).click();
    await page.getByRole('heading', { name: councilName }).waitFor();
    const members = page.getByRole('table', { name: 'Thành viên' });
    await members.getByText(userId, { exact: true }).waitFor();
    await members.getByText(w.colleague, { exact: true }).waitFor();
    await page.getByText('Bỏ phiếu kín', { exact: true }).waitFor();
    const addForm = page.getByRole('region', { name: 'Thêm thành viên vào hội đồng' });
    await addForm.getByLabel(/^Mã người dùng/).fill(w.officer);
    await addForm.getByLabel('Vai trò trong hội đồng').selectOption('secretary');
    await addForm.getByRole('button', { name: 'Thêm thành viên' }).click();
    await members.getByText(w.officer, { exact: true }).waitFor();
    await b.expectAccessible(page, 'directory-council-admin');
    await members.getByRole('button', { name: `Gỡ thành viên ${w.officer}` }).click();
    await members.getByText(w.officer, { exact: true }).waitFor({ state: 'detached' });

    const council = (await b.api.as('admin').get(`/councils/${councilId}`).expect(200)).body as { name: string; level: string; members: { userId: string; role: string }[]; rules?: { secretBallot?: boolean } };
    expect(council).toMatchObject({ name: councilName, level: 'district', rules: { secretBallot: true } });
    expect(council.members).toEqual([{ userId, role: 'chair' }, { userId: w.colleague, role: 'member' }]);
    const user = (await b.api.as('admin').get(`/users?unitId=${w.unitId}&role=council_member&limit=500`).expect(200)).body as { items: { userId: string; roles: string[] }[] };
    expect(user.items.find((u) => u.userId === userId)).toMatchObject({ roles: ['council_member'] });
  });
});
