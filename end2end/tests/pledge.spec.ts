import { expect, test } from '@playwright/test';
import { hydrated, open, signIn } from './support';

test('a citizen signs the integrity pledge and keeps the receipt', async ({ page, request }, info) => {
  const phone = info.project.name.includes('no-js') ? '13622223333' : '13644445555';
  await open(page, info, '/pledge');
  await expect(page).toHaveURL(/\/signin\?next=\/pledge$/);
  await signIn(page, request, phone);

  await expect(page).toHaveURL(/\/pledge$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('社会救助诚信承诺书');
  await page.getByLabel('没有什么影响').check();
  await page.getByLabel('您的姓名').fill('缪大爷');
  await page.getByRole('button', { name: '我承诺' }).click();
  await expect(page.getByRole('alert')).toContainText('这个回答不对');
  await expect(page.getByLabel('您的姓名')).toHaveValue('缪大爷');

  await page.getByLabel('要退回已领的救助，并记入个人信用记录').check();
  const pad = page.locator('.signature-pad');
  if (hydrated(info)) {
    // With WASM a handwritten signature is offered; draw a stroke on it.
    await expect(pad).toHaveAttribute('data-live', 'true');
    const box = (await pad.locator('canvas').boundingBox())!;
    await page.mouse.move(box.x + 20, box.y + 80);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + 20 + i * 25, box.y + 80 + (i % 2 ? 30 : -30));
    await page.mouse.up();
    await expect(pad.locator('input[name="signature_png"]')).toHaveValue(/^data:image\/png;base64,/);
  } else {
    await expect(pad).toBeHidden();
  }
  await page.getByRole('button', { name: '我承诺' }).click();
  await expect(page).toHaveURL(/\/pledge\/receipt\/[2-9A-Z]{10}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('诚信承诺回执');
  await expect(page.locator('#verification-code')).toHaveText(/^[2-9A-Z]{10}$/);
  await expect(page.getByText('缪大爷')).toBeVisible();
  await expect(page.getByText(hydrated(info) ? '手写签名' : '输入姓名')).toBeVisible();
});
