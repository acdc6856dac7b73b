import { expect, test, type Page } from '@playwright/test';
import { createHmac } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { hydrated } from './support';

// The third server of the config: the second factor on, as in production.
const secure = `http://127.0.0.1:${Number(process.env.PORTAL_E2E_PORT ?? 3210) + 2}`;
test.use({ baseURL: secure });
// Administration happens at an office desk: a desktop screen (both projects: hydrated and without JavaScript).
test.use({ viewport: { width: 1366, height: 768 }, isMobile: false, hasTouch: false });
const root = path.resolve(__dirname, '..', '..');

/** The code an authenticator app shows now for a Base32 key (RFC 6238, SHA-1, 6 digits). */
function totp(base32: string, at = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of base32.replace(/=+$/, '')) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const h = createHmac('sha1', key).update(counter).digest();
  const o = h[19] & 0x0f;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** Enrols the signed-in person's authenticator on the page it was sent to. */
async function enrol(page: Page) {
  await expect(page).toHaveURL(/\/staff\/2fa\/setup$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('设置动态码');
  await expect(page.locator('.qr svg')).toBeVisible();
  const key = (await page.locator('#totp-secret').textContent())!.trim();
  await page.getByLabel('验证器显示的 6 位动态码').fill(totp(key));
  await page.getByRole('button', { name: '完成设置' }).click();
  await expect(page.locator('#recovery-codes li')).toHaveCount(10);
  await page.getByRole('link', { name: '进入工作台' }).click();
  await expect(page.getByText(/^当前登录：/)).toBeVisible();
}

test('an administrator creates a reviewer, who sets a password and a second factor and opens the queue', async ({ page }, info) => {
  const suffix = hydrated(info) ? 'h' : 'p';
  const password = '玄武湖边的樱花三月就开了';
  execFileSync(path.join(root, 'target', 'release', 'server'), ['create-staff', '--username', `root.${suffix}`, '--name', '系统管理员', '--role', 'admin', '--area', '320104'], {
    env: { ...process.env, PORTAL_DATABASE_URL: `sqlite://${path.join(process.env.PORTAL_E2E_RUN_DIR!, 'secure.db')}`, PORTAL_STAFF_PASSWORD: password, PORTAL_LOG: 'warn' },
  });

  await page.goto('/staff');
  await page.getByLabel('用户名').fill(`root.${suffix}`);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录工作台' }).click();
  await enrol(page);

  await page.getByRole('link', { name: '工作人员账号' }).click();
  await page.getByLabel('用户名', { exact: true }).fill(`li.wei.${suffix}`);
  await page.getByLabel('姓名', { exact: true }).fill('李伟');
  await page.getByLabel('角色').selectOption({ label: '街道经办人' });
  await page.getByLabel('地区代码').fill('320104001');
  await page.getByRole('button', { name: '建立账号' }).click();
  await expect(page.locator('#setup-link')).toContainText('链接只显示这一次');
  const link = (await page.locator('.setup-url').textContent())!.trim();
  await page.goto('/staff');
  await page.getByRole('button', { name: '退出登录' }).click();

  // The reviewer opens the link, chooses a password, enrols and sees the queue.
  await page.goto(new URL(link).pathname);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('设置您的密码');
  await page.getByLabel('新密码').fill('short');
  await page.getByLabel('再输入一次').fill('short');
  await page.getByRole('button', { name: '保存密码并登录' }).click();
  await expect(page.getByRole('alert')).toContainText('至少');
  const chosen = '钟山风景区的梧桐叶子黄了';
  await page.getByLabel('新密码').fill(chosen);
  await page.getByLabel('再输入一次').fill(chosen);
  await page.getByLabel('再输入一次').press('Enter');
  await enrol(page);
  // The queue of the office: open, and empty on this server.
  await expect(page.locator('#queue')).toHaveCount(1);
  await expect(page.locator('#queue-empty')).toBeVisible();
});
