import { expect, test } from '@playwright/test';
import { hydrated } from './support';

// The API viewer is a developer's tool and needs JavaScript; its files come from this
// server only, and "Try it out" calls the API on the same origin.
test('the API viewer renders the document from this server and runs a call', async ({ page }, info) => {
  test.skip(!hydrated(info), 'the viewer is a JavaScript application');
  const elsewhere: string[] = [];
  const blocked: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(info.project.use.baseURL ?? '') && !r.url().startsWith('data:')) elsewhere.push(r.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused/.test(m.text())) blocked.push(m.text());
  });
  await page.goto('/api/v1/docs/');
  await expect(page.locator('.info .title')).toContainText('社会救助自助服务平台 API');
  const children = page.locator('#operations-checker-children');
  await expect(children).toBeVisible();
  await children.locator('.opblock-summary').click();
  // "Try it out" is on from the start (tryItOutEnabled).
  await children.locator('input[placeholder="code"]').fill('320104');
  await children.locator('.execute').click();
  const live = children.locator('.live-responses-table');
  await expect(live).toContainText('200');
  await expect(live).toContainText('320104001');
  expect(elsewhere).toEqual([]);
  expect(blocked).toEqual([]);
});
