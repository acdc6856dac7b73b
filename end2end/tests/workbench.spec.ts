import { expect, test, type APIRequestContext, type Browser, type Page, type TestInfo } from '@playwright/test';
import * as fs from 'node:fs';
import { downloadedLetter, hydrated, submittedApplication } from './support';

const DEMO_PASSWORD = 'demo-password-2026';

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
  const citizen = await browser.newContext({ ...(info.project.use.viewport ? { viewport: info.project.use.viewport } : {}), javaScriptEnabled: hydrated(info), baseURL: info.project.use.baseURL, acceptDownloads: true });
  await citizen.addCookies((await request.storageState()).cookies);
  const mine = await citizen.newPage();

  // The receipt, printed at once: the reference, the office, a code to check it by.
  await mine.goto(`/status/${reference}`);
  const receipt = await downloadedLetter(mine, '下载受理回执（PDF）');
  expect(receipt).toContain('社会救助申请受理回执');
  expect(receipt).toContain(reference);
  expect(receipt).toContain('秦淮区秦虹街道社会救助窗口');
  await expect(mine.getByRole('link', { name: '下载决定书（PDF）' })).toHaveCount(0);

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
  await mine.goto(`/status/${reference}`);
  await expect(mine.locator('#status')).toHaveText('已批准');
  await expect(mine.locator('.timeline')).toContainText('入户核查');
  await expect(mine.locator('.timeline')).not.toContainText('住院治疗中');
  // And the text messages it was sent on the way: received, accepted, approved.
  const messages = mine.locator('#messages li');
  await expect(messages).toHaveCount(3);
  await expect(messages.nth(0)).toContainText(`您的救助申请 ${reference} 已提交`);
  await expect(messages.nth(2)).toContainText(`您的申请 ${reference} 已批准`);
  // And downloads the decision notice, which says what was decided and how to challenge it.
  const decision = await downloadedLetter(mine, '下载决定书（PDF）');
  for (const words of ['救助决定书', reference, '给予救助', '行政复议']) expect(decision).toContain(words);
  const code = /([2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5})/.exec(decision)?.[1];
  expect(code, 'the notice carries its code').toBeTruthy();
  // Anyone can check that code on the verification page, with the form (Enter sends it).
  const anyone = await browser.newContext({ javaScriptEnabled: hydrated(info), baseURL: info.project.use.baseURL });
  const check = await anyone.newPage();
  await check.goto('/verify');
  await check.getByLabel('核验码').fill(code!.toLowerCase());
  await check.getByLabel('核验码').press('Enter');
  await expect(check.locator('#verify-answer')).toHaveAttribute('data-found', 'true');
  await expect(check.locator('#verify-answer')).not.toContainText(reference);
  await anyone.close();

  // The office pays. The citizen says it has not arrived, and the case is back in the
  // office's queue, marked, although it is decided.
  await staffSignOut(page);
  await staffSignIn(page, 'demo.reviewer');
  // A decided case has left the default queue: straight to its page.
  await page.goto(`/staff/cases/${reference}`);
  const pay = page.locator('#form-payment');
  await pay.getByLabel('发放金额（元）').fill('1000');
  await pay.getByRole('button').click();
  await expect(page.locator('#payments')).toContainText('1,000');
  await mine.goto(`/status/${reference}`);
  const arrival = mine.locator('#payment-arrival');
  await expect(arrival).toContainText('发放的 1,000 元，您收到了吗？');
  await arrival.getByLabel('没收到').check();
  await arrival.getByLabel('想说明的情况（选填）').fill('银行卡里查不到');
  await arrival.getByRole('button', { name: '告诉街道（镇）' }).click();
  await expect(mine.locator('#arrival-told')).toHaveAttribute('data-arrival', 'not_received');
  await page.goto('/staff?arrival=true');
  await expect(page.locator('#queue')).toContainText(reference);
  await expect(page.locator('#queue')).toContainText('款项未到');
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

/** A form's hidden version on the case page now open, to post as that page would. */
async function caseVersion(page: Page): Promise<string> {
  return (await page.locator('input[name="version"]').first().getAttribute('value')) ?? '';
}

test('on a desktop, a public notice runs its days and emergency help stops at its ceiling, named', async ({ browser, request }, info) => {
  test.setTimeout(90_000);
  const desk = { width: 1366, height: 768 };
  const reference = await submittedApplication(request, hydrated(info) ? '13900005551' : '13900005552', 'dibao');
  const reviewer = await staffPage(browser, info, 'demo.reviewer', desk);
  const approver = await staffPage(browser, info, 'demo.approver', desk);

  // 先行救助 names its ceiling before anyone types, and refuses more, naming it again.
  await offered(approver, reference);
  const ceiling = /先行救助最多 ([\d,]+) 元/.exec((await approver.locator('#emergency-ceiling').textContent()) ?? '')?.[1];
  expect(ceiling, 'the ceiling is shown').toBeTruthy();
  await approver.locator('#aid_amount').fill('999999');
  await approver.locator('#action-emergency').click();
  await expect(approver.locator('.error-summary')).toContainText(`先行救助最多 ${ceiling} 元`);
  await expect(approver.locator('#card-emergency')).toContainText(`先行救助最多 ${ceiling} 元（`);
  await expect(approver.locator('#aid_amount'), 'what was typed stays').toHaveValue('999999');

  // Accepted and made public: the notice cannot end before its days, and no approval meanwhile.
  await offered(reviewer, reference);
  await reviewer.locator('#action-accept').click();
  await expect(reviewer.locator('#status')).toHaveText('已受理');
  await reviewer.locator('#action-notice-start').click();
  await expect(reviewer.locator('#done')).toContainText('开始公示');
  expect(await offered(reviewer, reference), 'no end of the notice offered while it runs').not.toContain('notice-end');
  expect(await offered(approver, reference), 'no approval before the notice ends').not.toContain('approve');
  const early = await reviewer.request.post(`/staff/cases/${reference}/notice-end`, { form: { version: await caseVersion(reviewer) }, maxRedirects: 0 });
  expect(early.status(), 'ending it now is refused').toBe(422);
  expect(await early.text()).toContain(`公示期还没满，不能结束公示：最早 ${inDays(7)} 可以结束。`);
  for (const p of [reviewer, approver]) await p.context().close();
});

test('on a desktop, the district figures download as CSV with every field quoted', async ({ browser }, info) => {
  const district = await staffPage(browser, info, 'demo.district', { width: 1366, height: 768 });
  await district.goto('/staff/district');
  await expect(district.getByRole('heading', { level: 1 })).toHaveText('全区情况');
  const [download] = await Promise.all([district.waitForEvent('download'), district.locator('a[href="/staff/district.csv?table=months"]').click()]);
  const file = await download.path();
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.replace(/^\uFEFF/, '').split('\r\n').filter((l) => l.length > 0);
  expect(lines[0]).toBe('"月份","救助项目","目前状态","件数","按月金额（元）","一次性金额（元）"');
  for (const line of lines) expect(line, 'every field quoted').toMatch(/^"[^"]*"(,"[^"]*")*$/);
  await district.context().close();
});
