import { expect, test, type Page } from '@playwright/test';
import { hydrated, open } from './support';

// #11 item 8: English is a full translation. The whole citizen journey, from the checker to
// the status page, run in English: no page may show a Chinese character or full-width
// punctuation. The names typed here are romanised, so nothing is excused but the language
// switch, which names the other language in that language.
const HAN = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

async function noChinese(page: Page, where: string) {
  const found = await page.evaluate((pattern) => {
    const han = new RegExp(pattern);
    const switcher = document.querySelector('a.lang-switch');
    const texts: string[] = [document.title, ...document.body.innerText.split('\n')];
    for (const el of Array.from(document.querySelectorAll('option, [title], [placeholder], [aria-label], [alt]'))) {
      if (switcher && (el === switcher || switcher.contains(el))) continue;
      if (el.tagName === 'OPTION') texts.push(el.textContent ?? '');
      for (const a of ['title', 'placeholder', 'aria-label', 'alt']) texts.push(el.getAttribute(a) ?? '');
    }
    const own = switcher?.textContent?.trim();
    return texts.map((t) => t.trim()).filter((t) => han.test(t) && t !== own);
  }, HAN.source);
  expect(found, `Chinese on ${where}`).toEqual([]);
}

async function press(page: Page, name: string) {
  await page.getByRole('button', { name, exact: true }).click();
}

test.beforeEach(async ({ page }, info) => {
  await page.context().addCookies([{ name: 'lang', value: 'en', url: info.project.use.baseURL! }]);
});

test('the checker and the whole application journey show no Chinese in English', async ({ page, request }, info) => {
  test.setTimeout(90_000);
  await open(page, info, '/');
  await noChinese(page, 'the home page');

  // The checker, with numbers big enough to be grouped.
  await open(page, info, '/check');
  await noChinese(page, 'the first checker question');
  await page.locator('#area').selectOption('320104');
  await page.locator('#hukou_local-no').check();
  await page.locator('#months').fill('48');
  await press(page, 'Continue');
  await page.locator('#m0_age').fill('63');
  await noChinese(page, 'the household question');
  await press(page, 'Continue');
  await page.locator('#income').fill('1500');
  await press(page, 'Continue');
  await page.locator('#medical').fill('42000');
  await page.locator('#event').selectOption('serious_illness');
  await page.locator('#event_date').fill('2026-10-01');
  await noChinese(page, 'the spending question');
  await press(page, 'Continue');
  await page.locator('#pledge').check();
  await press(page, 'See results');
  await expect(page.locator('.option').first()).toBeVisible();
  await noChinese(page, 'the checker results');
  await expect(page.locator('.option[data-programme="temporary"] .amount')).toContainText(/\d{1,3}(,\d{3})+ yuan/);

  // Sign-in: the text message is in English too.
  const phone = hydrated(info) ? '13700005551' : '13700005552';
  await page.goto('/apply/step/who');
  await noChinese(page, 'sign-in');
  await page.locator('[name=phone]').fill(phone);
  await press(page, 'Send me a code');
  const outbox = await (await request.get('/dev/outbox')).text();
  const line = outbox.split('<li').find((l) => l.includes(`data-phone="${phone}"`) && l.includes('sign-in code')) ?? '';
  expect(line, 'the sign-in code is texted in English').not.toBe('');
  await noChinese(page, 'the code page');
  await page.locator('[name=code]').fill(/code is (\d{6})/.exec(line)?.[1] ?? '');
  await press(page, 'Sign in');

  await expect(page).toHaveURL(/\/account\/identity/);
  await noChinese(page, 'the identity page');
  await page.locator('[name=full_name]').fill('Zhou Min');
  await page.locator('[name=id_number]').fill('320104198001011230');
  await page.locator('[name=consent]').check();
  await press(page, 'Save');

  await expect(page).toHaveURL(/\/apply\/step\/who$/);
  await noChinese(page, 'who the application is for');
  await page.getByLabel(/For myself/).check();
  await press(page, 'Save and continue');
  await noChinese(page, 'the programme step');
  await page.getByLabel('Temporary assistance').check();
  await press(page, 'Save and continue');

  await expect(page).toHaveURL(/\/apply\/step\/residence$/);
  // The area picker is an island: choices made before it hydrates would load no list.
  if (hydrated(info)) await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  // Places are named in English in every list.
  await page.locator('[name=district]').selectOption('320104');
  if (!hydrated(info)) await press(page, 'List subdistricts and towns');
  await expect(page.locator('[name=subdistrict] option[value="320104001"]')).toHaveText('Qinhong Subdistrict');
  await page.locator('[name=subdistrict]').selectOption('320104001');
  if (!hydrated(info)) await press(page, 'List communities and villages');
  await expect(page.locator('[name=community] option[value="320104001001"]')).toHaveText('Zhongpailou Community');
  await page.locator('[name=community]').selectOption('320104001001');
  await page.locator('[name=address]').fill('Building 5, flat 101');
  await page.locator('#hukou_local-no').check();
  await noChinese(page, 'the residence step');
  await press(page, 'Save and continue');

  await expect(page).toHaveURL(/\/apply\/step\/household$/);
  await page.locator('[name=m0_age]').fill('46');
  await noChinese(page, 'the household step');
  await press(page, 'Save and continue');
  await expect(page).toHaveURL(/\/apply\/step\/income$/);
  await page.locator('[name=income]').fill('1200');
  await noChinese(page, 'the income step');
  await press(page, 'Save and continue');
  await expect(page).toHaveURL(/\/apply\/step\/spending$/);
  await page.locator('[name=medical]').fill('42000');
  await page.locator('[name=event]').selectOption('serious_illness');
  await page.locator('[name=event_date]').fill('2026-10-08');
  await noChinese(page, 'the spending step');
  await press(page, 'Save and continue');
  await expect(page).toHaveURL(/\/apply\/step\/documents$/);
  await noChinese(page, 'the documents step');
  await press(page, 'Save and continue');
  await page.locator('[name=pay_holder]').fill('Zhou Min');
  await page.locator('[name=pay_bank]').fill('ICBC Qinhuai branch');
  await page.locator('[name=pay_account]').fill('6222021234567890123');
  await noChinese(page, 'the payment step');
  await press(page, 'Save and continue');

  await expect(page).toHaveURL(/\/apply\/step\/pledge$/);
  await noChinese(page, 'the pledge step');
  await page.getByRole('link', { name: 'Read and sign the pledge' }).click();
  await noChinese(page, 'the pledge');
  await page.getByLabel('The assistance must be returned and it goes on my personal credit record').check();
  await page.locator('[name=signer_name]').fill('Zhou Min');
  await press(page, 'I promise');
  await expect(page).toHaveURL(/\/apply\/step\/pledge$/);
  await press(page, 'Save and continue');

  await expect(page).toHaveURL(/\/apply\/step\/review$/);
  await noChinese(page, 'the review page');
  // Amounts are grouped as English readers expect.
  await expect(page.locator('main')).toContainText('42,000 yuan');
  await expect(page.locator('#office')).toContainText('Qinhong Subdistrict');
  await press(page, 'Submit application');

  await expect(page).toHaveURL(/\/apply\/done\//);
  await noChinese(page, 'the confirmation');
  await page.locator('a[href^="/status/"]').first().click();
  await expect(page).toHaveURL(/\/status\/SA/);
  await noChinese(page, 'the status page');
  await page.goto('/status');
  await noChinese(page, 'the list of applications');
});
