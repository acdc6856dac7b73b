import { expect, type Page, type TestInfo } from '@playwright/test';

export const hydrated = (info: TestInfo) => info.project.use.javaScriptEnabled !== false;

/** Opens a page; when JavaScript runs, waits until the WASM has hydrated and fails on any
 *  script error or CSP violation the page reports. */
export async function open(page: Page, info: TestInfo, path: string) {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  await page.goto(path);
  if (hydrated(info)) {
    await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  } else {
    await expect(page.locator('html')).not.toHaveAttribute('data-hydrated', 'true');
  }
  return problems;
}

/** Signs in on the sign-in page with the code read from the development outbox. */
export async function signIn(page: Page, request: import('@playwright/test').APIRequestContext, phone: string) {
  await page.getByLabel('手机号码').fill(phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  const outbox = await (await request.get('/dev/outbox')).text();
  const line = outbox.split('<li').find((l) => l.includes(`data-phone="${phone}"`)) ?? '';
  await page.getByLabel('6 位验证码').fill(/验证码是 (\d{6})/.exec(line)?.[1] ?? '');
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

/** Real-name details, on the page the application sends a person to first. */
export async function recordIdentity(page: Page, name: string, id: string) {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('登记您的姓名和身份证号码');
  await page.getByLabel('姓名', { exact: true }).fill(name);
  await page.getByLabel('身份证号码', { exact: true }).fill(id);
  await page.getByLabel(/我已阅读上面的说明/).check();
  await page.getByRole('button', { name: '保存' }).click();
}
