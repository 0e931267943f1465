/**
 * Out of office (engine.md §3) in a real browser: bob hands his approvals to tara from his menu; alice
 * files a trip; tara finds it in her inbox marked "for Bob" and approves it; the request's chain says
 * she decided on his behalf. Then bob ends his out of office.
 */
import type { Page } from '@playwright/test';
import { decideFromRow, expect, expectAccessible, screenshot, signIn, test } from './fixtures';

const marker = () => `ooo${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const inFuture = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000);
const day = (date: Date) => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

// Whatever a test leaves behind (a failure half-way), bob is back afterwards: the next test starts clean.
test.afterEach(async ({ request }) => {
  const token = await request.post('/api/v1/auth/token', { data: { email: 'ada@acme.example', password: 'demo' } });
  const headers = { Authorization: `Bearer ${((await token.json()) as { token: string }).token}` };
  const people = await request.get('/api/v1/people?q=bob%40acme.example', { headers });
  const bob = ((await people.json()) as { data: { id: string; email: string }[] }).data.find((p) => p.email === 'bob@acme.example');
  if (bob) await request.delete(`/api/v1/people/${bob.id}/delegation`, { headers });
});

async function openOutOfOffice(page: Page, name: string) {
  await page.getByRole('button', { name: `Account menu for ${name}` }).click();
  await page.getByRole('menuitem', { name: 'Out of office…' }).click();
  await expect(page.getByRole('dialog', { name: 'Out of office' })).toBeVisible();
}

test('bob is away: tara decides his approvals, marked for Bob, and the chain says on whose behalf', async ({ page }, testInfo) => {
  const destination = `Porto ${marker()}`;
  const title = `Trip to ${destination}`;

  await signIn(page, 'bob');
  await openOutOfOffice(page, 'Bob Brennan');
  const dialog = page.getByRole('dialog', { name: 'Out of office' });
  await dialog.getByLabel('Who decides instead').selectOption({ label: 'Tara Thompson' });
  await dialog.getByLabel('Last day away').fill(day(inFuture(4)));
  await expectAccessible(page, testInfo);
  await screenshot(page, testInfo, 'out-of-office-dialog');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, testInfo, 'out-of-office-dialog-mobile');
  await page.setViewportSize({ width: 1280, height: 800 });
  await dialog.getByRole('button', { name: 'Set out of office' }).click();
  await expect(page.getByText('Out of office set')).toBeVisible();
  await expect(dialog).toBeHidden();
  await openOutOfOffice(page, 'Bob Brennan');
  await expect(page.getByTestId('live-delegation')).toContainText(/Away until .+ — Tara Thompson decides for you/);
  await screenshot(page, testInfo, 'out-of-office-live');
  await page.keyboard.press('Escape');

  await signIn(page, 'alice');
  const origin = new URL(page.url()).origin;
  const filed = await page.request.post('/api/v1/operations/travel', {
    data: { purpose: 'Customer workshop', destination, departure_at: inFuture(30).toISOString(), return_at: inFuture(32).toISOString(), estimated_cost: 400 },
    headers: { Origin: origin },
  });
  expect(filed.status(), await filed.text()).toBe(201);
  const { id } = (await filed.json()) as { id: string };

  await signIn(page, 'tara');
  await page.goto('/inbox');
  // Once approved, the trip comes back to tara as the travel desk's task: the approval row is the one to follow.
  const row = page.getByTestId('inbox-item').filter({ hasText: title }).and(page.locator('[data-kind="approval"]'));
  await expect(row.getByTestId('on-behalf-of')).toHaveText(/for Bob/);
  await expectAccessible(page, testInfo);
  await screenshot(page, testInfo, 'tara-inbox-for-bob');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, testInfo, 'tara-inbox-for-bob-mobile');
  await page.setViewportSize({ width: 1280, height: 800 });
  await decideFromRow(row.getByRole('button', { name: `Approve “${title}”` }));
  await expect(page.getByText(`Approved “${title}”`)).toBeVisible();
  await expect(row).toHaveCount(0);

  await page.goto(`/travel/${id}`);
  await expect(page.getByRole('list', { name: 'Approval chain' }).getByTestId('step-decider')).toContainText('Tara Thompson on behalf of Bob Brennan');
  await expect(page.getByRole('list', { name: 'Lifecycle' })).toContainText('Tara Thompson on behalf of Bob Brennan');
  await expectAccessible(page, testInfo);
  await screenshot(page, testInfo, 'chain-on-behalf');

  await signIn(page, 'bob');
  await openOutOfOffice(page, 'Bob Brennan');
  await page.getByRole('button', { name: 'End now' }).click();
  await expect(page.getByText('Welcome back')).toBeVisible();
  await openOutOfOffice(page, 'Bob Brennan');
  await expect(page.getByLabel('Who decides instead')).toBeVisible();
  await expect(page.getByTestId('live-delegation')).toHaveCount(0);
});

test('an admin sets out of office for someone off sick, from People settings', async ({ page }, testInfo) => {
  await signIn(page, 'ada');
  await page.goto('/settings');
  await page.getByRole('button', { name: 'Set out of office for Bob Brennan' }).click();
  const dialog = page.getByRole('dialog', { name: 'Out of office for Bob Brennan' });
  await dialog.getByLabel('Who decides instead').selectOption({ label: 'Ivan Ilic' });
  await dialog.getByLabel('Last day away').fill(day(inFuture(2)));
  await dialog.getByRole('button', { name: 'Set out of office' }).click();
  await expect(page.getByText('Ivan Ilic decides for Bob Brennan until')).toBeVisible();

  await page.getByRole('button', { name: 'Set out of office for Bob Brennan' }).click();
  await expect(dialog.getByTestId('live-delegation')).toContainText(/Bob Brennan is away until .+ — Ivan Ilic decides for Bob Brennan/);
  await expectAccessible(page, testInfo);
  await screenshot(page, testInfo, 'admin-out-of-office');
  await dialog.getByRole('button', { name: 'End now' }).click();
  await expect(page.getByText('Bob Brennan is back')).toBeVisible();
});
