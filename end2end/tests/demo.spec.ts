import { expect, test } from '@playwright/test';
import { downloadedLetter, open } from './support';

// The demonstration, started as `make run` starts it (a second server, see the config): a
// visitor who only typed `make run` gets in as a resident and as staff from what the pages say.
const demo = `http://127.0.0.1:${Number(process.env.PORTAL_E2E_PORT ?? 3210) + 1}`;
test.use({ baseURL: demo });

test('a visitor signs in as the demo resident with only what the pages say', async ({ page }, info) => {
  // One code a minute per phone: the run that comes second waits its minute.
  test.setTimeout(150_000);
  await open(page, info, '/');
  await expect(page.locator('#demo-banner')).toContainText('演示环境');
  await page.getByRole('link', { name: '进度' }).first().click();
  await expect(page).toHaveURL(/\/signin/);
  const hint = (await page.locator('#demo-sign-in').textContent()) ?? '';
  const phone = /用 (\d{11}) 登录/.exec(hint)?.[1];
  expect(phone, 'the sign-in page names the demo resident').toBeTruthy();
  await page.getByLabel('手机号码').fill(phone!);
  await page.getByRole('button', { name: '获取验证码' }).click();
  const codeField = page.getByLabel('6 位验证码');
  await expect(codeField.or(page.getByRole('alert'))).toBeVisible();
  if (!(await codeField.isVisible())) {
    // The other run (hydrated or not) asked for this number's code less than a minute ago.
    await page.waitForTimeout(61_000);
    await page.getByRole('button', { name: '获取验证码' }).click();
  }
  await expect(codeField).toBeVisible();

  // The code is on the demo messages page, which the banner links to.
  const messages = await page.context().newPage();
  await messages.goto('/');
  await messages.getByRole('link', { name: '查看验证码' }).click();
  await expect(messages.getByRole('heading', { level: 1 })).toHaveText('演示短信');
  const code = /验证码是 (\d{6})/.exec((await messages.locator(`li[data-phone="${phone}"]`).filter({ hasText: '验证码是' }).first().textContent()) ?? '')?.[1];
  expect(code).toBeTruthy();
  await messages.close();

  await page.getByLabel('6 位验证码').fill(code!);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/status$/);
  await page.locator('a[href^="/status/SA"]').first().click();
  await expect(page.locator('#status')).toHaveText('已批准');
  // What the resident was texted on the way, and the letters: the receipt and the decision.
  await expect(page.locator('#messages')).toContainText('已批准');
  const receipt = await downloadedLetter(page, '下载受理回执（PDF）');
  expect(receipt).toContain('社会救助申请受理回执');
  const decision = await downloadedLetter(page, '下载决定书（PDF）');
  expect(decision).toContain('救助决定书');
});

test('a visitor signs in to the workbench with an account the page lists', async ({ page }, info) => {
  await open(page, info, '/staff');
  const accounts = page.locator('#demo-accounts');
  await expect(accounts).toContainText('demo.reviewer');
  const password = /密码都是 (\S+?)。/.exec((await accounts.textContent()) ?? '')?.[1];
  expect(password, 'the page gives the password').toBeTruthy();
  await page.getByLabel('用户名').fill('demo.reviewer');
  await page.getByLabel('密码').fill(password!);
  await page.getByRole('button', { name: '登录' }).click();
  // Demo applications wait in the reviewer's queue, each in its own state.
  const queue = page.locator('#queue');
  await expect(queue).toContainText('陈建国');
  await expect(queue).toContainText('需要补充材料');
  await expect(queue).toContainText('已受理');
});
