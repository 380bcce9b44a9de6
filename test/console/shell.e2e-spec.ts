import { ConsoleBrowser } from './browser';

/*
 * The console's shell in a real browser: anonymous landing page, development sign-in and sign-out,
 * the language switch, the 404 page, and the axe check of each in Vietnamese and English.
 */
jest.setTimeout(90_000);

describe('console shell (browser)', () => {
  let b: ConsoleBrowser;

  beforeAll(async () => {
    b = await ConsoleBrowser.start();
  });

  afterAll(async () => {
    await b?.close();
  });

  it('an anonymous visitor sees the landing page with a sign-in link, and it passes axe in both languages', async () => {
    const { page } = await b.anonymous('/');
    await page.getByRole('heading', { name: 'Laurel', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Đăng nhập' }).waitFor();
    await b.expectAccessible(page, 'home-anonymous');
  });

  it('the sign-in page lists the directory for development sign-in, marked as development, and passes axe', async () => {
    const { page } = await b.anonymous('/sign-in');
    await page.getByText('Chế độ phát triển').waitFor();
    await page.getByRole('button', { name: 'Đăng nhập với tư cách Administrator' }).waitFor();
    await b.expectAccessible(page, 'sign-in');
  });

  it('a user signs in as a directory user from the list, sees their name, and signs out', async () => {
    const { page } = await b.anonymous('/sign-in');
    await page.getByRole('button', { name: 'Đăng nhập với tư cách Administrator' }).click();
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await page.getByText('Administrator', { exact: true }).first().waitFor();
    await b.expectAccessible(page, 'home-signed-in');
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('link', { name: 'Đăng nhập' }).waitFor();
    expect(await page.getByRole('button', { name: 'Đăng xuất' }).count()).toBe(0);
  });

  it('person() signs in through the UI and lands at the path asked for; the token never appears in the URL', async () => {
    const { page } = await b.person('admin', '/no-such-screen');
    expect(new URL(page.url()).pathname).toBe('/no-such-screen');
    expect(page.url()).not.toMatch(/token|eyJ/);
    await page.getByText('Không tìm thấy trang này').waitFor();
  });

  it('the language select switches every string to English and back, and sets <html lang>', async () => {
    const { page } = await b.anonymous('/');
    await page.getByLabel('Ngôn ngữ').selectOption('en');
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByLabel('Language').selectOption('vi');
    await page.getByRole('link', { name: 'Đăng nhập' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
  });

  it('an unknown page answers the console (SPA fallback) with its 404 screen, which passes axe', async () => {
    const { page } = await b.anonymous('/khong-co-trang-nay');
    await page.getByText('Không tìm thấy trang này').waitFor();
    await b.expectAccessible(page, 'not-found');
  });
});
