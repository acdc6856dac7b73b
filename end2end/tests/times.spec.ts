import { expect, test, type Page } from '@playwright/test';
import { hydrated, submittedApplication } from './support';

// #11 item 4: times are stored in UTC and shown in Beijing time. The test machines run in
// UTC, so a page that printed the stored time would be eight hours off and fail here.
const pad = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function beijing(ms: number) {
  const d = new Date(ms + 8 * 3600_000);
  const hm = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return {
    zh: `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${hm}`,
    en: `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${hm}`,
  };
}

/** The page shows the submission's time in Beijing time (one of the minutes it may have
 *  happened in) and no stored UTC form anywhere. */
async function showsBeijingTime(page: Page, minutes: number[], lang: 'zh' | 'en') {
  const text = await page.locator('main').innerText();
  expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}|\d{2}:\d{2}:\d{2}Z/);
  const expected = minutes.map((m) => beijing(m)[lang]);
  expect(expected.some((t) => text.includes(t)), `one of ${expected.join(' / ')} in:\n${text}`).toBe(true);
}

test('the citizen and the caseworker see when it happened in Beijing time', async ({ page, browser }, info) => {
  const phone = hydrated(info) ? '13700006661' : '13700006662';
  const before = Date.now();
  const reference = await submittedApplication(page.request, phone);
  const minutes = [before, Date.now()];

  await page.goto(`/status/${reference}`);
  await showsBeijingTime(page, minutes, 'zh');
  await page.context().addCookies([{ name: 'lang', value: 'en', url: info.project.use.baseURL! }]);
  await page.reload();
  await showsBeijingTime(page, minutes, 'en');

  const staff = await (await browser.newContext({ locale: 'zh-CN', javaScriptEnabled: hydrated(info), baseURL: info.project.use.baseURL })).newPage();
  await staff.goto('/staff');
  await staff.getByLabel('用户名').fill('demo.reviewer');
  await staff.getByLabel('密码').fill('demo-password-2026');
  await staff.getByRole('button', { name: '登录工作台' }).click();
  await expect(staff.getByText(/^当前登录：/)).toBeVisible();
  await staff.goto(`/staff/cases/${reference}`);
  await expect(staff.getByRole('heading', { level: 1 })).toHaveText(reference);
  await showsBeijingTime(staff, minutes, 'zh');
  await staff.context().close();
});
