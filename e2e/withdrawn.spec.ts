/**
 * Issue 14, item 2: a withdrawn request stays findable. Alice withdraws a trip; it leaves her list and
 * waits under Withdrawn, where it opens read-only with who withdrew it and when; Bob, who would have
 * approved it, gets the 404 page.
 */
import { expect, expectAccessible, screenshot, signIn, test } from './fixtures';

const marker = () => `wd${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const inFuture = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000).toISOString();

test('alice withdraws a trip and finds it under Withdrawn, read-only; bob gets the 404 page', async ({ page }, testInfo) => {
  const destination = `Bergen ${marker()}`;
  const title = `Trip to ${destination}`;
  await signIn(page, 'alice');
  const origin = new URL(page.url()).origin;
  const filed = await page.request.post('/api/v1/operations/travel', {
    data: { purpose: 'Fjord offsite planning', destination, departure_at: inFuture(21), return_at: inFuture(23), estimated_cost: 640 },
    headers: { Origin: origin },
  });
  expect(filed.status(), await filed.text()).toBe(201);
  const { id } = (await filed.json()) as { id: string };

  await page.goto(`/travel/${id}`);
  await page.getByRole('button', { name: 'Withdraw', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Withdraw — ${title}?` });
  await expect(dialog).toContainText('you find it under Withdrawn');
  await dialog.getByRole('button', { name: 'Withdraw', exact: true }).click();
  await page.waitForURL(/\/travel$/);
  await expect(page.getByText(`Withdrawn “${title}”`)).toBeVisible();

  // Gone from her list…
  await page.goto(`/travel?q=${encodeURIComponent(destination)}`);
  await expect(page.getByText('No travel match')).toBeVisible();
  // …and under Withdrawn, the search kept.
  await expect(async () => {
    await page.getByRole('group', { name: 'Whose requests' }).getByRole('button', { name: 'Withdrawn' }).click();
    await expect(page).toHaveURL(/scope=withdrawn/, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  const link = page.getByRole('link', { name: title });
  await expect(link).toHaveCount(1);
  await expectAccessible(page, testInfo);
  await screenshot(page, testInfo, 'withdrawn-list');

  await link.click();
  await page.waitForURL(`**/travel/${id}`);
  const banner = page.getByTestId('withdrawn-banner');
  await expect(banner).toContainText(/^Withdrawn on .+ by Alice Archer/);
  await expect(page.locator('main [data-status]').first()).toHaveAttribute('data-status', 'withdrawn');
  await expect(page.getByRole('list', { name: 'Lifecycle' })).toContainText('Withdrawn');
  for (const action of ['Withdraw', 'Edit', 'Cancel trip', 'Comment']) await expect(page.getByRole('button', { name: action, exact: true })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Edit' })).toHaveCount(0);
  await expectAccessible(page, testInfo);
  await screenshot(page, testInfo, 'withdrawn-detail');
  // Its edit page does not exist any more.
  expect((await page.goto(`/travel/${id}/edit`))?.status()).toBe(404);

  await signIn(page, 'bob');
  const response = await page.goto(`/travel/${id}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('We can’t find that page');
});
