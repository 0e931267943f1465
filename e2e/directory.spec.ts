/**
 * The directory journey (engine.md §3a): an admin adds a system to the catalogue with its entitlements
 * and longest grant from Settings, and an employee files an access request choosing it — the system and
 * entitlement from the catalogue, the maximum grant shown — while an expiry past it is refused inline.
 */
import { expect, expectAccessible, screenshot, signIn, test } from './fixtures';

const run = Date.now().toString(36);

test('an admin adds a system to the catalogue, and an employee requests access to it', async ({ page }, testInfo) => {
  const id = `vault-${run}`;
  const name = `Vault ${run}`;

  await signIn(page, 'ada');
  await page.goto('/settings');
  const systems = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Systems', exact: true }) });
  await expect(systems.getByTestId('system-row').filter({ hasText: 'GitHub' })).toContainText('read');
  await systems.getByRole('button', { name: 'Add system' }).click();

  const dialog = page.getByRole('dialog', { name: 'Add a system' });
  await dialog.getByLabel(/^Name/).fill(name);
  await dialog.getByLabel(/^Id/).fill(id);
  const entitlement = dialog.getByLabel(/^Entitlements/);
  for (const level of ['read', 'rotate', 'admin']) {
    await entitlement.fill(level);
    await entitlement.press('Enter');
  }
  await dialog.getByRole('button', { name: 'Remove entitlement admin' }).click();
  await dialog.getByLabel(/^Longest grant/).fill('30');
  await dialog.getByLabel('Filter owners').fill('Ivan');
  await dialog.getByLabel(/Ivan Ilic/).check();
  await expectAccessible(page, testInfo);
  await screenshot(page, testInfo, 'add-system');
  await dialog.getByRole('button', { name: 'Add system' }).click();
  await expect(page.getByText(`Added ${name} to the catalogue`)).toBeVisible();
  const row = systems.getByTestId('system-row').filter({ hasText: name });
  await expect(row).toContainText('read');
  await expect(row).toContainText('rotate');
  await expect(row).not.toContainText('admin');
  await expect(row).toContainText('30 days');
  await expect(row).toContainText('Ivan Ilic');

  // A group, edited from the same screen.
  const groups = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Groups', exact: true }) });
  await expect(groups.getByTestId('group-row').filter({ hasText: 'Finance' })).toContainText('Bob Brennan');
  await expectAccessible(page, testInfo);

  await signIn(page, 'alice');
  await page.goto('/access-requests/new');
  await page.getByLabel(/^System/).selectOption({ label: name });
  await expect(page.getByText(`${name}: entitlements read, rotate; longest grant 30 days.`)).toBeVisible();
  await expect(page.getByLabel(/^Entitlement$/).locator('option')).toHaveText(['—', 'read', 'rotate']);
  await page.getByLabel(/^Entitlement$/).selectOption('rotate');
  await page.getByLabel(/^Access type/).selectOption('new');
  await page.getByLabel(/^Justification/).fill('Rotate the staging secrets every sprint.');
  const far = new Date(Date.now() + 60 * 24 * 3600 * 1000);
  const local = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}T09:00`;
  await page.getByLabel(/^Expires at/).fill(local(far));
  await expect(page.getByText(`${name} grants access for at most 30 days.`, { exact: false })).toBeVisible();
  await expectAccessible(page, testInfo);
  await page.getByRole('button', { name: /File access request/ }).click();
  await expect(page.locator('#f-expires_at-error')).toContainText('at most 30 days');

  const soon = new Date(Date.now() + 20 * 24 * 3600 * 1000);
  await page.getByLabel(/^Expires at/).fill(local(soon));
  await page.getByRole('button', { name: /File access request/ }).click();
  await page.waitForURL(/\/access-requests\/acr_/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`New access to ${id}`);
  await expect(page.locator('[data-field="entitlement_type"]')).toHaveText('rotate');
  await screenshot(page, testInfo, 'filed');
});
