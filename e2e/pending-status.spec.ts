/** A pending item that is not an approval moves through its status machine from its detail screen. */
import { expect, expectAccessible, screenshot, signIn, test } from './fixtures';

test('tara moves her review item from processing to completed', async ({ page }, testInfo) => {
  await signIn(page, 'tara');
  await page.goto('/pending?scope=all&q=Travel%20policy');
  await page.getByRole('link', { name: 'Travel policy update' }).click();
  await expect(page.locator('main [data-status]').first()).toHaveAttribute('data-status', 'processing');
  await expect(page.getByRole('button', { name: 'Mark blocked' })).toBeVisible();
  await expectAccessible(page, testInfo);

  await page.getByRole('button', { name: 'Complete', exact: true }).click();
  await expect(page.locator('main [data-status]').first()).toHaveAttribute('data-status', 'completed');
  await expect(page.getByRole('button', { name: 'Complete', exact: true })).toHaveCount(0);
  await screenshot(page, testInfo, 'pending-completed');
});
