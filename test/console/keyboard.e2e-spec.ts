import type { Locator, Page } from 'playwright-core';
import type { ApiHarness } from '../api-harness';
import { buildWorld, screened, send, type World } from '../../apps/api/src/initiatives/testing/initiative-fixtures';
import { ConsoleBrowser } from './browser';

/*
 * Keyboard-only use (issue 10, "Accessible: keyboard-only use of every form"): a council member
 * signs in, opens their review, scores the rubric (a mistake first, corrected after Shift+Tab) and
 * casts a ballot with Tab, Shift+Tab, typing, Enter, Space and the arrow keys — never a mouse click.
 * Every control reached shows a visible focus indicator. The API then holds the sheet and the vote.
 */
jest.setTimeout(240_000);

// What the functions run in the page use of it (this project's TypeScript has no DOM types).
interface InPage {
  document: { activeElement: { outerHTML: string; textContent: string | null; value?: string } | null };
  getComputedStyle(el: unknown): { outlineStyle: string; outlineWidth: string; outlineColor: string; boxShadow: string; borderColor: string; backgroundColor: string };
}

/** What makes focus visible on an element: its outline, shadow, border and background. */
const focusLook = (el: unknown) => {
  const s = (globalThis as unknown as InPage).getComputedStyle(el);
  return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.borderColor, s.backgroundColor].join('|');
};
const hasFocus = (el: unknown) => el === (globalThis as unknown as InPage).document.activeElement;
const focusRing = (el: { matches(selector: string): boolean }) => {
  const s = (globalThis as unknown as InPage).getComputedStyle(el);
  return { look: s.outlineStyle, width: parseFloat(s.outlineWidth), visible: el.matches(':focus-visible') };
};

/**
 * Presses Tab (or Shift+Tab) until `target` has the focus; fails when it is not reached within
 * `max` presses (an unreachable control, or a focus trap). Checks that the focused control looks
 * different from its unfocused self (a visible focus indicator) and that the ring is drawn.
 */
async function tabTo(page: Page, target: Locator, { back = false, max = 250 } = {}): Promise<void> {
  const unfocused = await target.evaluate(focusLook);
  for (let presses = 0; presses < max; presses++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    if (await target.evaluate(hasFocus)) {
      const ring = await target.evaluate(focusRing);
      expect(ring).toEqual({ look: 'solid', width: expect.any(Number), visible: true });
      expect(ring.width).toBeGreaterThanOrEqual(2);
      expect(await target.evaluate(focusLook)).not.toBe(unfocused);
      return;
    }
  }
  const at = await page.evaluate(() => (globalThis as unknown as InPage).document.activeElement?.outerHTML.slice(0, 200));
  throw new Error(`${String(target)} not reached with ${back ? 'Shift+Tab' : 'Tab'} in ${max} presses; focus is on ${at}`);
}

describe('keyboard-only use (browser)', () => {
  let b: ConsoleBrowser;
  let w: World;
  let id: string;
  let title: string;

  beforeAll(async () => {
    b = await ConsoleBrowser.start({ timeoutMs: 60_000 });
    const harness = { app: b.app, as: (userId: string) => b.api.as(userId), anonymous: b.api.anonymous } as unknown as ApiHarness;
    w = await buildWorld(harness);
    id = await screened(w);
    title = (await b.api.as(w.officer).get(`/initiatives/${id}`).expect(200)).body.title as string;
    const opened = await send(w.f.as(w.secretary), `/initiatives/${id}/review`, {});
    // The member's queue is a read model: it holds the review before the browser asks.
    await b.api.as(w.members[0]).get(`/me/reviews?minPosition=${opened.position}`).expect(200);
  });

  afterAll(async () => {
    await b?.close();
  });

  it('a council member signs in, scores the rubric and casts a ballot with the keyboard only', async () => {
    const member = w.members[0];
    const { page } = await b.anonymous('/sign-in?next=%2Freviews');

    // Sign in: Tab to the user id field, type, Enter submits.
    const userId = page.getByLabel(/^Mã người dùng/);
    await tabTo(page, userId);
    await page.keyboard.type(member);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Đánh giá của tôi', level: 1 }).waitFor();

    // The queue: Tab to the review, Enter follows the link.
    const link = page.getByRole('link', { name: title });
    await tabTo(page, link);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Hồ sơ', level: 2 }).waitFor();

    // The rubric: a score out of range first, refused in the browser.
    const novelty = page.getByLabel(/^Novelty and creativity \(/);
    await tabTo(page, novelty);
    await page.keyboard.type('12');
    const submitScores = page.getByRole('button', { name: 'Gửi điểm' });
    await tabTo(page, submitScores);
    await page.keyboard.press('Enter');
    await page.getByText('Điểm phải từ 0 đến 10.').waitFor();
    // Back to the field with Shift+Tab, corrected.
    await tabTo(page, novelty, { back: true });
    await page.keyboard.press('Control+A');
    await page.keyboard.type('9');
    await tabTo(page, page.getByLabel('Nhận xét về tiêu chí Novelty and creativity'));
    await page.keyboard.type('Lần đầu có ở tỉnh');
    await tabTo(page, page.getByLabel(/^Effectiveness \(/));
    await page.keyboard.type('8');
    await tabTo(page, page.getByLabel(/^Scope of influence \(/));
    await page.keyboard.type('7');
    await page.getByText('Điểm có trọng số: 80 / 100').waitFor();
    await tabTo(page, submitScores);
    await page.keyboard.press('Enter');
    // The sheet is final: the form goes and the focus moves to the confirmation, not to the page's start.
    const done = page.getByRole('status').filter({ hasText: 'Đã ghi nhận.' });
    await done.waitFor();
    await page.waitForFunction(() => (globalThis as unknown as InPage).document.activeElement?.textContent === 'Đã ghi nhận.');
    expect(await submitScores.count()).toBe(0);

    // The ballot: Tab into the choices, arrows move between them, Space keeps the one chosen.
    const approve = page.getByRole('radio', { name: 'Đồng ý', exact: true });
    const reject = page.getByRole('radio', { name: 'Không đồng ý', exact: true });
    await tabTo(page, approve, { max: 40 });
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => (globalThis as unknown as InPage).document.activeElement?.value === 'reject');
    expect(await reject.isChecked()).toBe(true);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Space');
    expect(await approve.isChecked()).toBe(true);
    expect(await reject.isChecked()).toBe(false);
    await tabTo(page, page.getByRole('button', { name: 'Bỏ phiếu' }), { max: 10 });
    await page.keyboard.press('Space');
    await page.getByText('Bạn đã bỏ phiếu: Đồng ý.').waitFor();

    // What the API holds: the member's sheet as typed, and the vote.
    const log = (await b.api.as(w.auditor).get(`/audit/events?stream=initiative-${id}&limit=500`).expect(200)).body as { items: { type: string; data: Record<string, unknown>; metadata: { actor?: { id?: string } } }[] };
    const mine = log.items.filter((e) => e.metadata.actor?.id === member);
    expect(mine.find((e) => e.type === 'ScoresSubmitted')?.data).toMatchObject({ memberId: member, scores: { novelty: 9, effectiveness: 8, scope: 7 }, comments: { novelty: 'Lần đầu có ở tỉnh' } });
    expect(mine.find((e) => e.type === 'BallotCast')?.data).toMatchObject({ memberId: member, choice: 'approve' });
    const review = (await b.api.as(member).get(`/initiatives/${id}`).expect(200)).body.review as { youVoted: boolean; scores: { own: unknown } };
    expect(review.youVoted).toBe(true);
    expect(review.scores.own).toBeTruthy();
  });
});
