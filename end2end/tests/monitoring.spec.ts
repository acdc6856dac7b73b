import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { hydrated } from './support';

// 动态监测 (#16): a 医保 batch arrives → the warning is in the right office's queue → a worker
// opens a proactive case from it → the household chain shows both. On a phone and at a
// desk, hydrated and without JavaScript (each run its own person and staff).
const PASSWORD = 'demo-password-2026';
const root = path.resolve(__dirname, '..', '..');
const server = path.join(root, 'target', 'release', 'server');
const env = () => ({ ...process.env, PORTAL_DATABASE_URL: `sqlite://${path.join(process.env.PORTAL_E2E_RUN_DIR!, 'portal.db')}`, PORTAL_STAFF_PASSWORD: PASSWORD, PORTAL_LOG: 'warn' });

function createStaff(username: string, name: string, role: string, area: string) {
  execFileSync(server, ['create-staff', '--username', username, '--name', name, '--role', role, '--area', area], { env: env() });
}

/** A department's credential as an operator makes it; the token is the last line printed. */
function feedToken(name: string): string {
  const out = execFileSync(server, ['create-feed-client', '--source', 'medical_insurance', '--name', name], { env: env() }).toString().trim().split('\n');
  return out[out.length - 1];
}

/** A valid resident ID number (GB 11643 check character). */
function idNumber(serial: number): string {
  const first17 = `32010419700101${String(serial).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

async function signIn(page: Page, username: string) {
  await page.goto('/staff');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录工作台' }).click();
  await expect(page.getByText(/^当前登录：/)).toBeVisible();
}

const runs = [
  { screen: 'phone', use: {} },
  { screen: 'desk', use: { viewport: { width: 1366, height: 768 }, isMobile: false, hasTouch: false } },
];

for (const run of runs) {
  test.describe(run.screen, () => {
    test.use(run.use);

    test('a medical batch raises a warning that becomes a case and joins the household chain', async ({ page, request }, info) => {
      const js = hydrated(info);
      const tag = `${run.screen}${js ? 'h' : 'p'}`;
      const serial = { phoneh: 11, phonep: 12, deskh: 13, deskp: 14 }[tag]!;
      const name = { phoneh: '监测甲', phonep: '监测乙', deskh: '监测丙', deskp: '监测丁' }[tag]!;
      const id = idNumber(serial);
      createStaff(`mo.${tag}`, '区民政', 'district_officer', '320104');
      createStaff(`mw.${tag}`, '莲子营社区', 'community_worker', '320104002001');
      createStaff(`mx.${tag}`, '别的社区', 'community_worker', '320104002002');

      // The district officer imports the register (one person, with a phone).
      await signIn(page, `mo.${tag}`);
      await page.getByRole('link', { name: '动态监测预警' }).click();
      await page.getByRole('link', { name: '低收入人口数据库' }).click();
      const csv = `id_number,name,tier,since,community,address,phone\n${id},${name},dibao_edge,2024-03-01,320104002001,中山路${serial}号,139000000${serial}\n`;
      await page.getByLabel('名单文件').setInputFiles({ name: 'list.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByRole('button', { name: '导入', exact: true }).click();
      await expect(page.locator('#done')).toHaveText('已导入 1 人。');

      // 医保 sends a batch: one costly hospital stay.
      const token = feedToken(`市医保局 ${tag}`);
      const batch = { batch_id: `e2e-${tag}`, rows: [{ id_number: id, out_of_pocket_fen: 820000, period_start: '2026-11-01', period_end: '2026-11-20', inpatient: true }] };
      const sent = await request.post('/api/v1/feeds/medical_insurance/batches', { headers: { authorization: `Bearer ${token}` }, data: batch });
      expect(sent.status()).toBe(201);
      expect((await sent.json()).warnings_raised).toBe(1);

      // Another community's worker does not see it.
      await page.context().clearCookies();
      await signIn(page, `mx.${tag}`);
      await page.goto('/staff/monitoring');
      await expect(page.locator('#warnings')).not.toContainText(name);

      // The person's community worker does, and registers a case from it.
      await page.context().clearCookies();
      await signIn(page, `mw.${tag}`);
      await page.getByRole('link', { name: '动态监测预警' }).click();
      const item = page.locator('#warnings li', { hasText: name });
      await expect(item).toContainText('大额住院自付');
      await expect(item).toContainText('8,200 元（预警线 6,000 元）');
      await item.getByRole('link', { name: '大额住院自付' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(`大额住院自付 · ${name}`);
      await expect(page.locator('#programmes-now')).toContainText('低保边缘');
      await page.getByRole('button', { name: '分给我办理' }).click();
      await expect(page.locator('#done')).toHaveText('这条预警已由您负责。');

      // A note alone for a case: the missing choices are named and the note stays.
      await page.getByLabel('登记主动发现案件').check();
      await page.getByLabel('核查情况').fill('入户核实：住院后无力支付后续治疗费用，本人同意申请临时救助');
      await page.getByRole('button', { name: '保存处置结果' }).click();
      await expect(page.getByRole('alert')).toContainText('本人');
      await expect(page.getByLabel('核查情况')).toHaveValue('入户核实：住院后无力支付后续治疗费用，本人同意申请临时救助');
      await expect(page.getByLabel('登记主动发现案件')).toBeChecked();
      await page.getByLabel('申请事项').selectOption({ label: '临时救助' });
      await page.getByLabel('本人（或监护人）已同意登记救助申请').check();
      await page.getByRole('button', { name: '保存处置结果' }).click();
      await expect(page.locator('#done')).toContainText('已登记主动发现案件');
      const reference = (await page.locator('#warning-case').textContent())!.trim();
      expect(reference).toMatch(/^SA/);

      // The household chain shows the warning, the case and the answer, oldest first.
      await page.locator('#chain-link').click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(`一户一条救助链 · ${name}`);
      const chain = page.locator('#chain li');
      await expect(chain).toHaveCount(3);
      await expect(chain.nth(0)).toContainText('监测预警');
      await expect(chain.nth(1)).toContainText('提出申请');
      await expect(chain.nth(1)).toContainText(reference);
      await expect(chain.nth(2)).toContainText('预警已处置');

      // The case is in the worker's own queue, like any case of the community.
      await page.goto('/staff');
      await expect(page.locator('#queue')).toContainText(reference);

      // On the smallest phones nothing of the monitoring pages scrolls sideways.
      if (run.screen === 'phone') {
        await page.setViewportSize({ width: 320, height: 640 });
        for (const url of ['/staff/monitoring', '/staff/monitoring?view=closed', '/staff/monitoring?view=reviews']) {
          await page.goto(url);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow, url).toBeLessThanOrEqual(0);
        }
        await page.goto('/staff/monitoring?view=closed');
        await page.locator('#warnings li', { hasText: name }).getByRole('link').click();
        await expect(page.locator('#closing')).toContainText('登记主动发现案件');
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, 'an answered warning').toBeLessThanOrEqual(0);
      }
    });
  });
}
