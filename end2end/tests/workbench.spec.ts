import { expect, test, type APIRequestContext, type Browser, type Page, type TestInfo } from '@playwright/test';
import { hydrated } from './support';

const DEMO_PASSWORD = 'demo-password-2026';

/** A citizen applies through plain form posts (the browser journey has its own test). */
async function submittedApplication(request: APIRequestContext, phone: string): Promise<string> {
  const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
  const page = await (await request.post('/signin', { form: { phone, action: 'send', next: '/apply' } })).text();
  const outbox = await (await request.get('/dev/outbox')).text();
  const line = outbox.split('<li').find((l) => l.includes(`data-phone="${phone}"`)) ?? '';
  const code = /验证码是 (\d{6})/.exec(line)?.[1] ?? '';
  await request.post('/signin', { form: { phone, challenge: hidden(page, 'challenge'), code, action: 'verify', next: '/apply' } });
  await request.post('/account/identity', { form: { full_name: '周阿姨', id_number: '320104198001011230', consent: 'true' } });
  await request.post('/pledge', { form: { text_id: '320000-v1-zh-CN', area: '320104', answer: '1', signer_name: '周阿姨' } });
  const steps: [string, Record<string, string>][] = [
    ['who', { for_whom: 'self' }],
    ['programme', { programme: 'temporary' }],
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

async function staffSignIn(page: Page, username: string) {
  await page.goto('/staff');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('工作台');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录工作台' }).click();
  await expect(page.getByText(/^当前登录：/)).toBeVisible();
}

async function openCase(page: Page, reference: string) {
  await page.getByRole('link', { name: reference }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(reference);
}

async function staffSignOut(page: Page) {
  await page.goto('/staff');
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByRole('button', { name: '登录工作台' })).toBeVisible();
}

async function journey(page: Page, request: APIRequestContext, browser: Browser, info: TestInfo, phone: string) {
  const reference = await submittedApplication(request, phone);

  await staffSignIn(page, 'demo.reviewer');
  await expect(page.locator('#queue')).toContainText(reference);
  await openCase(page, reference);
  await expect(page.getByText('6222 **** 0123')).toBeVisible();
  await page.getByRole('button', { name: '受理' }).click();
  await expect(page.locator('#status')).toHaveText('已受理');
  await staffSignOut(page);

  await staffSignIn(page, 'demo.worker');
  await openCase(page, reference);
  const visit = page.locator('#form-visit');
  await visit.getByLabel('核查情况').fill('住院治疗中，家中无其他收入');
  await visit.getByRole('button', { name: '记录' }).click();
  const appraisal = page.locator('#form-appraisal');
  await appraisal.getByLabel('参加人员').fill('居委会、居民代表共 7 人');
  await appraisal.getByLabel('同意', { exact: true }).check();
  await appraisal.getByRole('button', { name: '记录' }).click();
  await expect(page.locator('.timeline')).toContainText('民主评议');
  await staffSignOut(page);

  await staffSignIn(page, 'demo.approver');
  await openCase(page, reference);
  const approve = page.locator('#form-approve');
  await approve.getByLabel(/救助倍数/).selectOption({ index: 1 });
  await approve.getByRole('button', { name: '批准' }).click();
  await expect(page.locator('#decision')).toContainText('已批准');

  // The citizen, on their own phone, sees the decision.
  const citizen = await browser.newContext({ ...(info.project.use.viewport ? { viewport: info.project.use.viewport } : {}), javaScriptEnabled: hydrated(info), baseURL: info.project.use.baseURL });
  await citizen.addCookies((await request.storageState()).cookies);
  const mine = await citizen.newPage();
  await mine.goto(`/status/${reference}`);
  await expect(mine.locator('#status')).toHaveText('已批准');
  await expect(mine.locator('.timeline')).toContainText('入户核查');
  await expect(mine.locator('.timeline')).not.toContainText('住院治疗中');
  await citizen.close();
}

test('a routed application goes from the queue to an approval on a phone', async ({ page, request, browser }, info) => {
  test.setTimeout(90_000);
  await journey(page, request, browser, info, hydrated(info) ? '13900001111' : '13900002222');
});

test('the same on an office desktop screen', async ({ browser, request }, info) => {
  test.setTimeout(90_000);
  const desktop = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', javaScriptEnabled: hydrated(info), baseURL: info.project.use.baseURL });
  const page = await desktop.newPage();
  await journey(page, request, browser, info, hydrated(info) ? '13900003333' : '13900004444');
  await desktop.close();
});

/** A staff member signed in on a screen of their own, for the rest of a test. */
async function staffPage(browser: Browser, info: TestInfo, username: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', javaScriptEnabled: hydrated(info), baseURL: info.project.use.baseURL });
  const page = await context.newPage();
  await staffSignIn(page, username);
  return page;
}

/** The actions a case page offers, by their address's last part, in order. */
async function offered(page: Page, reference: string): Promise<string[]> {
  await page.goto(`/staff/cases/${reference}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(reference);
  return page.locator('#case-actions form').evaluateAll((forms) => forms.map((f) => f.id.replace(/^form-/, '')));
}

function inDays(n: number): string {
  const d = new Date(Date.now() + 8 * 3600_000 + n * 86400_000);
  return d.toISOString().slice(0, 10);
}

for (const screen of [{ name: 'a 320 px phone', viewport: { width: 320, height: 640 } }, { name: 'an office desktop', viewport: { width: 1366, height: 768 } }]) {
  test(`each state of a case offers only its actions, on ${screen.name}`, async ({ browser, playwright }, info) => {
    test.setTimeout(120_000);
    const base = hydrated(info) ? 1 : 2;
    const desk = screen.viewport.width > 1000 ? 5 : 0;
    const citizens = await Promise.all([0, 1, 2].map(() => playwright.request.newContext({ baseURL: info.project.use.baseURL })));
    const [toApprove, toReject, toAsk] = await Promise.all(citizens.map((c, i) => submittedApplication(c, `139100${base}${desk}${i}000`.slice(0, 11))));
    const reviewer = await staffPage(browser, info, 'demo.reviewer', screen.viewport);
    const worker = await staffPage(browser, info, 'demo.worker', screen.viewport);
    const approver = await staffPage(browser, info, 'demo.approver', screen.viewport);
    const expectOffers = async (reference: string, state: string, want: Record<string, string[]>) => {
      for (const [who, page] of [['reviewer', reviewer], ['worker', worker], ['approver', approver]] as const) {
        expect(await offered(page, reference), `${state}: ${who}`).toEqual(want[who]);
        if (want[who].length === 0) await expect(page.locator('#no-actions')).toBeVisible();
      }
    };

    await expectOffers(toApprove, 'submitted', { reviewer: ['assign', 'accept', 'request-info', 'transfer'], worker: ['assign'], approver: ['assign', 'emergency'] });
    // The case on the left, its actions on the right on a desktop; the actions last on a phone.
    const content = await reviewer.locator('.workbench-case').boundingBox();
    const actions = await reviewer.locator('#case-actions').boundingBox();
    if (screen.viewport.width > 1000) {
      expect(actions!.x, 'the actions sit to the right').toBeGreaterThan(content!.x + content!.width - 1);
      expect(content!.width + actions!.width, 'the workbench uses the screen').toBeGreaterThan(1000);
    } else {
      expect(actions!.y, 'the actions come last').toBeGreaterThan(content!.y + content!.height - 1);
    }
    expect(await reviewer.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling').toBe(true);

    // Asked for more before acceptance: waiting on the applicant.
    await offered(reviewer, toAsk);
    const ask = reviewer.locator('#form-request-info');
    await ask.getByLabel(/需要补充什么/).fill('近 6 个月的工资流水');
    await ask.getByLabel(/补正截止日期/).fill(inDays(10));
    await ask.getByRole('button', { name: '发出补正通知' }).click();
    await expect(reviewer.locator('#status')).toHaveText('需要补充材料');
    await expectOffers(toAsk, 'more_info', { reviewer: ['assign', 'transfer'], worker: ['assign'], approver: ['assign', 'emergency'] });

    for (const reference of [toApprove, toReject]) {
      await offered(reviewer, reference);
      await reviewer.locator('#action-accept').click();
      await expect(reviewer.locator('#status')).toHaveText('已受理');
    }
    await expectOffers(toApprove, 'accepted', {
      reviewer: ['assign', 'request-info', 'visit', 'appraisal', 'transfer'],
      worker: ['assign', 'visit', 'appraisal'],
      approver: ['assign', 'approve', 'reject', 'emergency'],
    });
    await expect(reviewer.locator('#case-clock')).toContainText('核查：还剩');

    // A forgotten amount is an error, not the lowest multiple.
    await offered(approver, toApprove);
    await expect(approver.locator('#multiple')).toHaveValue('');
    await approver.locator('#action-approve').click();
    await expect(approver.locator('.error-summary')).toBeVisible();
    await approver.locator('#multiple').selectOption({ index: 1 });
    await approver.locator('#action-approve').click();
    await expect(approver.locator('#decision')).toContainText('已批准');
    await expectOffers(toApprove, 'approved', { reviewer: ['payment'], worker: [], approver: [] });
    await expect(reviewer.locator('#case-clock')).toContainText('已办结');

    await offered(approver, toReject);
    const reject = approver.locator('#form-reject');
    await reject.getByLabel(/不予批准的理由/).fill('家庭存款超过规定');
    await reject.getByLabel('政策依据').fill('社会救助暂行办法第九条');
    await reject.getByRole('button', { name: '不予批准' }).click();
    await expect(approver.locator('#status')).toHaveText('未批准');
    await expectOffers(toReject, 'rejected', { reviewer: [], worker: [], approver: [] });

    // Decided cases leave the queue's default view and stay one filter away.
    await reviewer.goto('/staff');
    await expect(reviewer.locator('#queue')).not.toContainText(toApprove);
    await expect(reviewer.locator('#queue')).toContainText(toAsk);
    await reviewer.locator('#status').selectOption('all');
    await reviewer.getByRole('button', { name: '筛选' }).click();
    await expect(reviewer.locator('#queue')).toContainText(toApprove);
    for (const c of citizens) await c.dispose();
    for (const p of [reviewer, worker, approver]) await p.context().close();
  });
}
