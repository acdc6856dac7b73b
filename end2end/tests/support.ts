import { expect, type Page, type TestInfo } from '@playwright/test';
import { execFileSync } from 'node:child_process';

export const hydrated = (info: TestInfo) => info.project.use.javaScriptEnabled !== false;

/** Opens a page and fails on any script error or CSP violation it reports. A page with an
 *  island, when JavaScript runs, is awaited until the WASM has hydrated; a page without one
 *  must not download the bundle at all. */
export async function open(page: Page, info: TestInfo, path: string) {
  const problems: string[] = [];
  const scripts: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('request', (r) => { if (r.url().includes('/pkg/')) scripts.push(r.url()); });
  await page.goto(path);
  const islands = await page.locator('leptos-island').count();
  if (hydrated(info) && islands > 0) {
    await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  } else {
    await expect(page.locator('html')).not.toHaveAttribute('data-hydrated', 'true');
  }
  if (islands === 0) expect(scripts, `${path} has no island and downloads no script`).toEqual([]);
  return problems;
}

/** Signs in on the sign-in page with the code read from the development outbox. */
export async function signIn(page: Page, request: import('@playwright/test').APIRequestContext, phone: string) {
  await page.getByLabel('手机号码').fill(phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  const outbox = await (await request.get('/dev/outbox')).text();
  const line = outbox.split('<li').find((l) => l.includes(`data-phone="${phone}"`) && l.includes('验证码是')) ?? '';
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

/** A citizen applies through plain form posts (the browser journey has its own test). */
export async function submittedApplication(request: import('@playwright/test').APIRequestContext, phone: string, programme = 'temporary'): Promise<string> {
  const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
  const page = await (await request.post('/signin', { form: { phone, action: 'send', next: '/apply' } })).text();
  const outbox = await (await request.get('/dev/outbox')).text();
  const line = outbox.split('<li').find((l) => l.includes(`data-phone="${phone}"`) && l.includes('验证码是')) ?? '';
  const code = /验证码是 (\d{6})/.exec(line)?.[1] ?? '';
  await request.post('/signin', { form: { phone, challenge: hidden(page, 'challenge'), code, action: 'verify', next: '/apply' } });
  await request.post('/account/identity', { form: { full_name: '周阿姨', id_number: '320104198001011230', consent: 'true' } });
  await request.post('/pledge', { form: { text_id: '320000-v1-zh-CN', area: '320104', answer: '1', signer_name: '周阿姨' } });
  const steps: [string, Record<string, string>][] = [
    ['who', { for_whom: 'self' }],
    ['programme', { programme }],
    ['residence', { district: '320104', subdistrict: '320104001', community: '320104001001', address: '中牌楼 5 栋 101 室', hukou_local: 'no' }],
    ['household', { members: '1', m0_age: '46' }],
    ['income', { income: '1200' }],
    ['spending', { medical: '40000', event: 'serious_illness', event_date: '2026-10-08', event_loss: '40000' }],
    ['payment', { pay_holder: '周阿姨', pay_bank: '工商银行秦淮支行', pay_account: '6222021234567890123' }],
  ];
  for (const [step, form] of steps) {
    const res = await request.post(`/apply/step/${step}`, { form, maxRedirects: 0 });
    expect(res.status(), step).toBe(303);
  }
  const review = await (await request.get('/apply/step/review')).text();
  const done = await request.post('/apply/submit', { form: { draft_id: hidden(review, 'draft_id') } });
  const reference = /\/apply\/done\/(SA[0-9]{6}-[2-9A-Z]{6})$/.exec(done.url())?.[1];
  expect(reference).toBeTruthy();
  return reference!;
}

/** Clicks a letter's download link and returns the PDF's text, without the spaces and line
 *  breaks of its layout (poppler's pdftotext, which `make test` installs). */
export async function downloadedLetter(page: Page, linkName: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: linkName }).click()]);
  const file = await download.path();
  const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
  expect(text.length, 'the letter has text').toBeGreaterThan(50);
  return text.replace(/\s+/g, '');
}
