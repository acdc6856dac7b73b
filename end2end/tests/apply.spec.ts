import { expect, test, type Page } from '@playwright/test';
import { hydrated, open, recordIdentity, signIn } from './support';

// A 1×1 PNG, as a phone photo stand-in.
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

async function next(page: Page, step: string) {
  await page.getByRole('button', { name: '保存并继续' }).click();
  await expect(page).toHaveURL(new RegExp(`/apply/step/${step}$`));
}

test('from sign-in through the pledge to the confirmation page', async ({ page, request }, info) => {
  const phone = hydrated(info) ? '13700001111' : '13700002222';
  await open(page, info, '/apply/step/who');
  await expect(page).toHaveURL(/\/signin\?next=\/apply\/step\/who$/);
  await signIn(page, request, phone);
  await expect(page).toHaveURL(/\/account\/identity\?next=/);
  await recordIdentity(page, '王小明', '11010519491231002X');
  await expect(page).toHaveURL(/\/apply\/step\/who$/);

  // An unanswered step: the error summary on top, nothing lost.
  await page.getByRole('button', { name: '保存并继续' }).click();
  await expect(page.getByRole('alert')).toContainText('请');
  await page.getByLabel(/为本人申请（王小明，1101\*+002X）/).check();
  await next(page, 'programme');
  await page.getByLabel('临时救助').check();
  await next(page, 'residence');
  // The first page with an island: its WASM arrives now (none of the steps before had one).
  if (hydrated(info)) await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');

  // The place, one level at a time: with WASM each choice loads the next list at once;
  // without it a button lists them.
  const list = async (name: string) => {
    if (hydrated(info)) await expect(page.getByRole('button', { name })).toBeHidden();
    else await page.getByRole('button', { name }).click();
  };
  await expect(page.getByLabel('街道（镇）')).toBeHidden();
  await page.getByLabel('区（县）').selectOption({ label: '秦淮区' });
  await list('列出街道（镇）');
  await page.getByLabel('街道（镇）').selectOption({ label: '秦虹街道' });
  await list('列出社区（村）');
  await page.getByLabel('社区（村）').selectOption({ label: '中牌楼社区居委会' });
  await page.getByLabel('详细地址').fill('中牌楼 3 栋 201 室');
  await page.getByRole('group', { name: '您的户口在这个城市吗？' }).getByLabel('否').check();
  await next(page, 'household');
  await page.getByLabel('年龄（岁）').fill('40');
  await next(page, 'income');
  await page.getByLabel(/全家平均每月收入/).fill('1500');
  await next(page, 'spending');
  await page.getByLabel(/看病花了多少元/).fill('30000');
  await page.getByLabel('最近有没有遇到突发事件？').selectOption({ label: '重大疾病' });
  await page.getByLabel('发生日期').fill('2026-10-01');
  // A long text: with WASM a live count under it; without, the hint names the limit and the
  // line stays empty (a count that would not move would mislead).
  const story = page.getByLabel('简单说说发生了什么（可不填）');
  const count = page.locator('#event_story-count');
  if (hydrated(info)) {
    await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
    await expect(count).toHaveText('还可以输入 500 字');
    await story.fill('很'.repeat(503));
    await expect(count).toHaveText('超出 3 字，请删减后再提交');
    await expect(count).toHaveClass(/char-count-over/);
  } else {
    await expect(count).toBeEmpty();
    await expect(page.getByText(/最多 500 字/)).toBeVisible();
    await story.fill('很'.repeat(503));
  }
  // Over the limit the post is refused with the text kept, and the field named.
  await page.getByRole('button', { name: '保存并继续' }).click();
  await expect(page).toHaveURL(/\/apply\/step\/spending$/);
  await expect(page.getByRole('alert')).toContainText('500');
  await expect(story).toHaveValue('很'.repeat(503));
  await story.fill('十月初确诊住院');
  if (hydrated(info)) await expect(count).toHaveText('还可以输入 493 字');
  await next(page, 'documents');

  await page.getByLabel('材料类型').selectOption({ label: '医疗票据、诊断证明' });
  await page.getByLabel('选择照片或 PDF 文件').setInputFiles({ name: '病历.png', mimeType: 'image/png', buffer: PHOTO });
  await page.getByRole('button', { name: '上传' }).click();
  await expect(page.locator('#document-list')).toContainText('病历.png');
  await next(page, 'payment');
  await page.getByLabel('户名').fill('王小明');
  await page.getByLabel('开户银行').fill('农业银行秦淮支行');
  await page.getByLabel(/账号（银行卡号或存折号）/).fill('6228 4801 2345 6789 012');
  await next(page, 'pledge');

  // The pledge is signed on its own page and leads back here.
  await page.getByRole('link', { name: '阅读并签署承诺书' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('社会救助诚信承诺书');
  await page.getByLabel('要退回已领的救助，并记入个人信用记录').check();
  await page.getByLabel('您的姓名').fill('王小明');
  await page.getByRole('button', { name: '我承诺' }).click();
  await expect(page).toHaveURL(/\/apply\/step\/pledge$/);
  await expect(page.locator('#pledge')).toContainText('您已签署诚信承诺书');
  await next(page, 'review');

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('检查您的填写');
  await expect(page.getByText('6228 **** 9012')).toBeVisible();
  await expect(page.locator('#office')).toContainText('秦淮区秦虹街道社会救助窗口');
  await page.getByRole('button', { name: '提交申请' }).click();

  await expect(page).toHaveURL(/\/apply\/done\/SA\d{6}-[2-9A-Z]{6}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('申请已提交');
  const reference = (await page.locator('#reference').textContent()) ?? '';
  await expect(page.locator('#office')).toContainText('秦淮区秦虹街道社会救助窗口 将在');
  await page.getByRole('link', { name: '查看办理进度' }).click();
  await expect(page).toHaveURL(new RegExp(`/status/${reference}$`));
  await expect(page.locator('#status')).toHaveText('已提交，等待受理');
  await expect(page.locator('#document-list')).toContainText('病历.png');

  // Back to the form after submitting: the confirmation again, and no blank draft.
  await page.goto('/apply/step/review');
  await expect(page).toHaveURL(new RegExp(`/apply/done/${reference}$`));
  await page.goto('/status');
  await expect(page.locator('main')).not.toContainText('没填完');
});

test('a draft is resumed after signing in on another phone', async ({ page, request, browser }, info) => {
  // The second sign-in waits out the one-minute resend limit for the same number.
  test.setTimeout(120_000);
  const phone = hydrated(info) ? '13700003333' : '13700004444';
  await open(page, info, '/apply/step/who');
  await signIn(page, request, phone);
  await recordIdentity(page, '李四', '110105194912310046');
  await page.getByLabel(/为本人申请/).check();
  await next(page, 'programme');
  await page.getByLabel('临时救助').check();
  await next(page, 'residence');
  await page.getByLabel('详细地址').fill('还没选好区');
  await page.getByRole('button', { name: '保存并继续' }).click();
  await expect(page.getByRole('alert')).toBeVisible();

  await page.waitForTimeout(61_000);
  const u = info.project.use;
  const other = await browser.newContext({ ...(u.viewport ? { viewport: u.viewport } : {}), userAgent: u.userAgent, locale: 'zh-CN', javaScriptEnabled: hydrated(info), baseURL: u.baseURL });
  const second = await other.newPage();
  await second.goto('/apply');
  await second.getByRole('link', { name: '用手机号登录' }).click();
  await signIn(second, request, phone);
  await expect(second).toHaveURL(/\/apply$/);
  await second.getByRole('button', { name: '继续填写申请' }).click();
  await expect(second).toHaveURL(/\/apply\/step\/residence$/);
  await expect(second.getByLabel('详细地址')).toHaveValue('还没选好区');
  await second.getByRole('link', { name: '返回上一步' }).click();
  await expect(second.getByLabel('临时救助')).toBeChecked();
  await other.close();
});
