import { expect, expectAccessible, screenshot, signIn, test } from './fixtures';

test('alice signs in from the sign-in page and sees her home', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/signin/);
  await expectAccessible(page, testInfo);
  await screenshot(page, testInfo, 'signin');

  await signIn(page, 'alice');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Alice');
  await expect(page.getByTestId('tenant-name')).toHaveText('Acme Corp');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Inbox/ })).toBeVisible();
  await expectAccessible(page, testInfo);
  await screenshot(page, testInfo, 'home');
});

test('signing out returns to the sign-in page', async ({ page }) => {
  await signIn(page, 'bob');
  await page.getByRole('button', { name: 'Account menu for Bob Brennan' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.waitForURL(/\/signin/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/signin/);
});
