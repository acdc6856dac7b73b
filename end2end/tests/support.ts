import { expect, type Page, type TestInfo } from '@playwright/test';

export const hydrated = (info: TestInfo) => info.project.use.javaScriptEnabled !== false;

/** Opens a page; when JavaScript runs, waits until the WASM has hydrated and fails on any
 *  script error or CSP violation the page reports. */
export async function open(page: Page, info: TestInfo, path: string) {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  await page.goto(path);
  if (hydrated(info)) {
    await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  } else {
    await expect(page.locator('html')).not.toHaveAttribute('data-hydrated', 'true');
  }
  return problems;
}
