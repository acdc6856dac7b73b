import { expect, test, type Page, type APIRequestContext } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { hydrated } from './support';

const PASSWORD = 'demo-password-2026';
// Administration happens at an office desk: a desktop screen (both projects: hydrated and without JavaScript).
test.use({ viewport: { width: 1366, height: 768 }, isMobile: false, hasTouch: false });
const root = path.resolve(__dirname, '..', '..');

/** Each project changes the standard of its own district, so neither run (nor any other
 *  test) meets the other's values. */
const districts = {
  hydrated: { code: '320922', name: '滨海县', prefix: 'bh', before: '1,000 元', typed: '1,250', after: '1,250 元', monthly: '每月约 750 元', was: '每月约 500 元' },
  plain: { code: '320507', name: '相城区', prefix: 'xc', before: '1,195 元', typed: '1,300', after: '1,300 元', monthly: '每月约 800 元', was: '每月约 695 元' },
};

/** A district officer made as an administrator would with `server create-staff`. */
function districtOfficer(username: string, name: string, area: string) {
  execFileSync(path.join(root, 'target', 'release', 'server'), ['create-staff', '--username', username, '--name', name, '--role', 'district_officer', '--area', area], {
    env: { ...process.env, PORTAL_DATABASE_URL: `sqlite://${path.join(process.env.PORTAL_E2E_RUN_DIR!, 'portal.db')}`, PORTAL_STAFF_PASSWORD: PASSWORD, PORTAL_LOG: 'warn' },
  });
}

async function signIn(page: Page, username: string) {
  await page.goto('/staff');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录工作台' }).click();
  await expect(page.getByText(/^当前登录：/)).toBeVisible();
}

/** The dibao line of the checker's results for one person with 500 yuan a month. */
async function checkerSays(request: APIRequestContext, area: string) {
  const form = { area, hukou_local: 'yes', members: '1', m0_age: '45', income: '500', pledge: 'no', step: 'result', action: 'continue' };
  const html = await (await request.post('/check', { form })).text();
  const dibao = html.indexOf('data-programme="dibao"');
  return /每月约 [\d,]+ 元/.exec(html.slice(dibao))?.[0] ?? '';
}

test('two district officers change the dibao standard and the checker follows from its date', async ({ page, request }, info) => {
  const d = hydrated(info) ? districts.hydrated : districts.plain;
  districtOfficer(`${d.prefix}.one`, '区民政甲', d.code);
  districtOfficer(`${d.prefix}.two`, '区民政乙', d.code);
  const row = page.locator('#in-force tr[data-code="dibao_standard_monthly_fen"]');

  await signIn(page, `${d.prefix}.one`);
  await page.getByRole('link', { name: '政策参数' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('政策参数');
  await expect(page.getByRole('heading', { name: `现行数值（${d.name}）` })).toBeVisible();
  await expect(row).toContainText(d.before);

  // A date already past is refused, with what was typed kept.
  await page.getByLabel('参数', { exact: true }).selectOption({ label: '低保标准（每人每月）' });
  await page.getByLabel('新数值').fill(d.typed);
  await page.getByLabel('生效日期').fill('2020-01-01');
  await page.getByLabel('依据（文件名称和文号）').fill('区民政局〔2026〕12号');
  await page.getByRole('button', { name: '提交，等待批准' }).click();
  await expect(page.getByRole('alert')).toContainText('生效日期不能早于今天');
  await expect(page.getByLabel('新数值')).toHaveValue(d.typed);
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  await page.getByLabel('生效日期').fill(today);
  await page.getByLabel('生效日期').press('Enter');
  await expect(page.locator('#done')).toHaveText('已提交，另一位同事批准后生效。');
  await expect(page.locator('#pending')).toContainText('这是您提出的，需由另一位同事批准。');
  await expect(page.locator('#pending').getByRole('button', { name: '批准' })).toHaveCount(0);
  await expect(row).toContainText(d.before);
  expect(await checkerSays(request, d.code)).toBe(d.was);

  await page.goto('/staff');
  await page.getByRole('button', { name: '退出登录' }).click();
  await signIn(page, `${d.prefix}.two`);
  await page.getByRole('link', { name: '政策参数' }).click();
  await expect(page.locator('#pending')).toContainText('区民政甲');
  await page.locator('#pending').getByRole('button', { name: '批准', exact: true }).click();
  await expect(page.locator('#done')).toHaveText('已批准，从生效日期起使用。');
  await expect(row).toContainText(d.after);
  expect(await checkerSays(request, d.code)).toBe(d.monthly);

  await row.getByRole('link', { name: '低保标准（每人每月）' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('低保标准（每人每月）：历史');
  await expect(page.locator('#history tbody tr').first()).toContainText(d.after);
  await expect(page.locator('#history tbody tr').first()).toContainText('区民政甲');
  await expect(page.locator('#history tbody tr').first()).toContainText('区民政乙');
  await expect(page.locator('#history')).toContainText('随系统发布（参数文件）');
});
