import { expect, test, type Page } from '@playwright/test';
import { hydrated, open } from './support';

async function start(page: Page, info: Parameters<typeof open>[1]) {
  const posts: string[] = [];
  const bundles: { url: string; encoding?: string; cache?: string }[] = [];
  page.on('request', (r) => { if (r.method() === 'POST') posts.push(r.url()); });
  page.on('response', (r) => {
    if (/\/pkg\/.*\.wasm$/.test(r.url())) {
      bundles.push({ url: r.url(), encoding: r.headers()['content-encoding'], cache: r.headers()['cache-control'] });
    }
  });
  const problems = await open(page, info, '/check');
  return { posts, problems, bundles };
}

const next = (page: Page) => page.getByRole('button', { name: '继续' }).click();

test('a new citizen household checks its options end to end', async ({ page }, info) => {
  const { posts, problems, bundles } = await start(page, info);
  await expect(page.getByText('第 1 步，共 5 步')).toBeVisible();
  await page.locator('#area').selectOption({ label: '秦淮区' });
  await page.locator('#hukou_local-no').check();
  await page.locator('#months').fill('48');
  await next(page);

  await expect(page.getByRole('heading', { name: '和您一起生活的家庭成员' })).toBeVisible();
  await page.locator('#m0_age').fill('63');
  await page.locator('#m0_income').fill('2000');
  await page.getByRole('button', { name: '再添加一位家庭成员' }).click();
  await page.locator('#m1_relation').selectOption('grandchild');
  await page.locator('#m1_age').fill('9');
  await page.locator('#m1_ill').check();
  await next(page);

  await page.locator('#income').fill('3500');
  await page.locator('#savings').fill('5000');
  await next(page);

  await page.locator('#medical').fill('340000');
  await page.locator('#event').selectOption('serious_illness');
  await page.locator('#event_date').fill('2026-02-20');
  await page.locator('#event_loss').fill('340000');
  await next(page);

  await page.locator('#recv_dibao').check();
  await page.locator('#pledge').check();
  expect(bundles, 'the question pages have no island and download no WASM').toEqual([]);
  await page.getByRole('button', { name: '查看结果' }).click();

  await expect(page.getByRole('heading', { name: '您可能得到的救助' })).toBeVisible();
  const first = page.locator('.option').first();
  await expect(first).toHaveAttribute('data-programme', 'temporary');
  await expect(first.locator('.badge')).toHaveText('很可能符合');
  await expect(first.locator('.amount')).toHaveText('一次性 2,220—11,100 元');
  await expect(page.locator('.option[data-programme="medical"]')).toHaveAttribute('data-verdict', 'likely');
  await expect(page.getByRole('link', { name: '去申请' })).toHaveAttribute('href', /^\/apply\?area=320104&/);

  // Changing an answer on the results page: the island asks the server for the results alone
  // (no page load); without JS, "update" posts the page.
  expect(posts.length).toBe(6);
  if (hydrated(info)) {
    await expect(page.locator('.live[data-live="true"]')).toBeVisible();
    // The results' island brings the WASM: a hashed name, brotli, cached for a year.
    expect(bundles).toHaveLength(1);
    expect(bundles[0].url, 'the lean bundle of the checker alone').toMatch(/portal-check\.[-\w]+\.wasm$/);
    expect(bundles[0].encoding).toBe('br');
    expect(bundles[0].cache).toContain('immutable');
  } else {
    expect(bundles).toEqual([]);
  }
  await page.locator('#pledge-live').uncheck();
  if (!hydrated(info)) await page.getByRole('button', { name: '更新结果' }).click();
  await expect(page.locator('.option[data-programme="temporary"]')).toHaveAttribute('data-verdict', 'possible');
  // Typing waits for a pause: a whole figure is one request, not one a key.
  const temporary = page.locator('.option[data-programme="temporary"]');
  await expect(temporary).toContainText('家庭人均月收入 1,750 元');
  await page.locator('#income').fill('');
  const before = posts.length;
  await page.locator('#income').pressSequentially('600');
  if (!hydrated(info)) await page.getByRole('button', { name: '更新结果' }).click();
  await expect(page.locator('#income')).toHaveValue('600');
  await expect(temporary).toContainText('家庭人均月收入 300 元');
  if (hydrated(info)) {
    await page.waitForTimeout(600);
    expect(posts.length, 'one request for the figure').toBe(before + 1);
    expect(posts[before]).toMatch(/\/check\/results$/);
  }
  await page.locator('#income').fill('abc');
  if (!hydrated(info)) await page.getByRole('button', { name: '更新结果' }).click();
  await expect(page.getByText('请填写金额（元），例如 1200 或 1200.50。').first()).toBeVisible();
  if (hydrated(info)) {
    await page.waitForTimeout(600);
    expect(posts.length, 'a figure that is not money is named at once and not sent').toBe(before + 1);
    // No signal: the results stay and the page says they could not be updated.
    await page.context().setOffline(true);
    await page.locator('#income').fill('9000');
    await expect(page.getByText('结果没能更新')).toBeVisible();
    await expect(temporary).toContainText('家庭人均月收入 300 元');
    await page.context().setOffline(false);
    await page.locator('#income').fill('8000');
    await expect(temporary).toContainText('近 6 个月家庭人均月收入低于 2,220 元时');
    await expect(temporary).not.toContainText('家庭人均月收入 300 元');
    await expect(page.getByText('结果没能更新')).toHaveCount(0);
  }
  // The one request sent with no signal is the only thing the console may name.
  expect(problems.filter((p) => !p.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
});

test('mistakes are summarised on top and nothing typed is lost', async ({ page }, info) => {
  await start(page, info);
  await page.locator('#months').fill('很多');
  await next(page);
  const summary = page.getByRole('alert');
  await expect(summary).toContainText('有问题需要修改');
  await expect(summary.getByRole('link')).toHaveCount(3);
  await expect(page.locator('#months')).toHaveValue('很多');
  await expect(page.locator('#months')).toHaveAttribute('aria-invalid', 'true');

  await page.locator('#area').selectOption({ label: '滨海县' });
  await page.locator('#hukou_local').check();
  await page.locator('#months').fill('');
  await next(page);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByText('第 2 步，共 5 步')).toBeVisible();
  await page.getByRole('button', { name: '返回上一步' }).click();
  await expect(page.locator('#area')).toHaveValue('320922');
});

test('the checker speaks English after the switch', async ({ page }, info) => {
  await start(page, info);
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check what help you can get');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toContainText('There is a problem');
});

test('Enter in a field does the primary action, not the first button on the page', async ({ page }, info) => {
  await start(page, info);
  await page.locator('#area').selectOption({ label: '秦淮区' });
  await page.locator('#hukou_local-no').check();
  await page.locator('#months').fill('48');
  await page.locator('#months').press('Enter');
  await expect(page.getByRole('heading', { name: '和您一起生活的家庭成员' })).toBeVisible();
  await page.locator('#m0_age').fill('63');
  await page.getByRole('button', { name: '再添加一位家庭成员' }).click();
  await page.locator('#m1_relation').selectOption('grandchild');
  await page.locator('#m1_age').fill('9');
  // The first submit button in tree order is 删除这位成员; Enter must still continue.
  await page.locator('#m1_age').press('Enter');
  await expect(page.locator('#income')).toBeVisible();
  await expect(page.locator('input[type="hidden"][name="m1_age"]')).toHaveValue('9');
  await expect(page.locator('input[type="hidden"][name="members"]')).toHaveValue('2');
});
