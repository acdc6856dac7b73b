import { expect, test } from '@playwright/test';
import { hydrated, open } from './support';

test('a citizen signs in with a texted code', async ({ page, request }, info) => {
  // A different number per project, so the two runs do not share a resend limit.
  const phone = hydrated(info) ? '13511112222' : '13533334444';
  await open(page, info, '/signin?next=/status');
  await page.getByLabel('手机号码').fill(phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('输入短信验证码');
  await expect(page.getByText(`验证码已发到 ${phone.slice(0, 3)}****${phone.slice(7)}`)).toBeVisible();

  const outbox = await (await request.get('/dev/outbox')).text();
  const line = outbox.split('<li').find((l) => l.includes(`data-phone="${phone}"`) && l.includes('验证码是')) ?? '';
  const code = /验证码是 (\d{6})/.exec(line)?.[1] ?? '';
  expect(code).toMatch(/^\d{6}$/);

  await page.getByLabel('6 位验证码').fill(code === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('验证码不对');

  await page.getByLabel('6 位验证码').fill(code);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/status$/);
  const cookies = await page.context().cookies();
  const sid = cookies.find((c) => c.name === 'sid');
  expect(sid?.httpOnly).toBe(true);
  expect(sid?.sameSite).toBe('Lax');
});
