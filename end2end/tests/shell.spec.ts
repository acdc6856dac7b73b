import { expect, test } from '@playwright/test';
import { hydrated, open } from './support';

test('the home page renders in Chinese', async ({ page }, info) => {
  const scripts: string[] = [];
  page.on('request', (r) => { if (/\.(wasm|js)$/.test(new URL(r.url()).pathname)) scripts.push(r.url()); });
  const problems = await open(page, info, '/');
  // No island on the home page, so no WASM and no script, with JavaScript on or off.
  expect(scripts).toEqual([]);
  expect(await page.locator('script[type="module"], script[src]').count()).toBe(0);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page).toHaveTitle('首页 - 社会救助自助服务平台');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('遇到困难，我们来帮您');
  const nav = page.getByRole('navigation', { name: '主导航' });
  for (const label of ['查询救助', '申请', '进度', '工作台']) {
    await expect(nav.getByRole('link', { name: label, exact: true })).toBeVisible();
  }
  expect(problems).toEqual([]);
});

test('the language switch changes the language and keeps the page', async ({ page }, info) => {
  await open(page, info, '/staff');
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Staff');
  await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();

  // The choice sticks across pages until switched back.
  await page.getByRole('link', { name: 'Social Assistance Self-Service' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Facing hardship? We are here to help');
  await page.getByRole('link', { name: '中文' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('遇到困难，我们来帮您');
});

test('navigation reaches every journey and marks the current one', async ({ page }, info) => {
  await open(page, info, '/');
  const nav = page.getByRole('navigation', { name: '主导航' });
  const journeys = [['查询救助', '/check', '查一查能得到哪些救助'], ['申请', '/apply', '申请救助'], ['工作台', '/staff', '工作台']];
  for (const [label, path, heading] of journeys) {
    await nav.getByRole('link', { name: label, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    await expect(nav.getByRole('link', { name: label, exact: true })).toHaveAttribute('aria-current', 'page');
  }
  await page.getByRole('link', { name: '返回首页' }).click();
  await expect(page).toHaveURL(/\/$/);
  // One's own applications need signing in first.
  await nav.getByRole('link', { name: '进度', exact: true }).click();
  await expect(page).toHaveURL(/\/signin\?next=\/status$/);
});

test('the skip link is the first stop and moves focus to the content', async ({ page }, info) => {
  await open(page, info, '/');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: '跳到主要内容' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#main$/);
  await expect(page.locator('main')).toBeFocused();
});

test('an unknown address shows a helpful page', async ({ page }, info) => {
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('找不到这个页面');
  await page.getByRole('link', { name: '返回首页' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('遇到困难，我们来帮您');
  await expect(page.locator('html')).not.toHaveAttribute('data-hydrated', 'true');
});

test('nothing scrolls sideways on a 320 px screen and targets are large enough', async ({ page }, info) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await open(page, info, '/');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  for (const link of await page.locator('header a, nav a, .cards a').all()) {
    const box = await link.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
  }
});

test('every field one types in is a large target on a 320 px phone', async ({ page }, info) => {
  await page.setViewportSize({ width: 320, height: 640 });
  for (const path of ['/signin', '/staff', '/check']) {
    await open(page, info, path);
    const fields = page.locator('input:not([type="hidden"]):not([type="checkbox"]):not([type="radio"]):not([type="file"]), select, textarea');
    expect(await fields.count(), `${path} has fields`).toBeGreaterThan(0);
    for (const field of await fields.all()) {
      if (!(await field.isVisible())) continue;
      const box = await field.boundingBox();
      expect(box?.height ?? 0, `${path} ${await field.getAttribute('id')}`).toBeGreaterThanOrEqual(44);
    }
  }
});

test('in English each navigation label fits one line on a 320 px phone', async ({ page }, info) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await page.context().addCookies([{ name: 'lang', value: 'en', url: info.project.use.baseURL! }]);
  await open(page, info, '/');
  const links = page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link');
  await expect(links).toHaveCount(4);
  for (const link of await links.all()) {
    const box = await link.boundingBox();
    // One line of text in a 48 px target; a second line would make it taller.
    expect(box?.height ?? 0, (await link.textContent()) ?? '').toBeLessThanOrEqual(48);
  }
});
