/**
 * Notifications in a real browser (engine.md §5): alice files a trip; bob's bell shows it (polled, no
 * reload needed) and its popover links to the trip; bob approves from there; alice's bell shows the
 * decision. Everyone starts with their feed marked read, so the counts are exactly this journey's.
 */
import type { Page } from '@playwright/test';
import { expect, expectAccessible, screenshot, signIn, test } from './fixtures';

const marker = () => `e2e${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const inFuture = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000).toISOString();

async function post(page: Page, path: string, body: unknown) {
  const origin = new URL(page.url()).origin;
  const response = await page.request.post(path, { data: body, headers: { Origin: origin } });
  expect(response.ok(), await response.text()).toBe(true);
  return response.json();
}

async function markAllRead(page: Page) {
  await post(page, '/api/v1/me/notifications/read', { all: true });
  await page.reload();
  await expect(page.getByRole('button', { name: 'Notifications', exact: true })).toBeVisible();
}

test('alice files a trip, bob is told by the bell and approves it, alice’s bell shows the decision', async ({ page }, testInfo) => {
  const destination = `Porto ${marker()}`;
  const title = `Trip to ${destination}`;

  await signIn(page, 'alice');
  await markAllRead(page);
  await signIn(page, 'bob');
  await markAllRead(page);

  // Alice files (in another session, through the API as the app does): bob's open page hears of it.
  const alice = await page.context().browser()!.newContext({ baseURL: new URL(page.url()).origin });
  const alicePage = await alice.newPage();
  await signIn(alicePage, 'alice');
  const trip = await post(alicePage, '/api/v1/operations/travel', {
    purpose: 'Customer workshop',
    destination,
    departure_at: inFuture(25),
    return_at: inFuture(27),
    estimated_cost: 900,
  });
  await alice.close();

  const bell = page.getByTestId('notification-bell');
  await expect(page.getByTestId('notification-count')).toHaveText('1', { timeout: 20_000 });
  await expect(bell).toHaveAccessibleName('Notifications, 1 unread');
  await bell.click();
  const popover = page.getByRole('dialog', { name: 'Notifications' });
  const entry = popover.getByTestId('notification').filter({ hasText: title });
  await expect(entry).toContainText(`Approve: ${title}`);
  await expect(entry).toHaveAttribute('href', `/travel/${trip.id}`);
  await expectAccessible(page, testInfo);
  await screenshot(page, testInfo, 'bob-bell');
  await entry.click();
  await page.waitForURL(`**/travel/${trip.id}`);
  // Opening it marked it read.
  await expect(page.getByTestId('notification-count')).toHaveCount(0);

  await page.getByRole('button', { name: 'Approve', exact: true }).click();
  await page.getByRole('dialog', { name: `Approve — ${title}` }).getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByText('Approve: done')).toBeVisible();

  await signIn(page, 'alice');
  await expect(page.getByTestId('notification-count')).toHaveText('1');
  await page.getByTestId('notification-bell').click();
  const decided = page.getByRole('dialog', { name: 'Notifications' }).getByTestId('notification').filter({ hasText: `${title} was approved` });
  await expect(decided).toContainText('Bob Brennan approved your request.');
  await expect(decided).toHaveAttribute('href', `/travel/${trip.id}`);
  await screenshot(page, testInfo, 'alice-bell');

  // The full list, and mark all read there.
  await page.keyboard.press('Escape');
  await page.goto('/notifications');
  await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
  await expect(page.getByTestId('notification').filter({ hasText: `${title} was approved` })).toBeVisible();
  await page.getByRole('button', { name: 'Mark all read' }).click();
  await expect(page.getByTestId('unread-summary')).toHaveText('All read');
  await expect(page.getByTestId('notification-count')).toHaveCount(0);
  await expectAccessible(page, testInfo);
});

test('preferences from the user menu, and the outbox shows the email bob was sent', async ({ page }) => {
  await signIn(page, 'bob');
  await page.getByRole('button', { name: 'Account menu for Bob Brennan' }).click();
  await page.getByRole('menuitem', { name: 'Notification preferences' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Notification preferences' })).toBeVisible();
  await page.getByLabel('A comment on a request you take part in').uncheck();
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.getByText('Notification preferences saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('A comment on a request you take part in')).not.toBeChecked();
  await page.getByLabel('A comment on a request you take part in').check();
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.getByText('Notification preferences saved.')).toBeVisible();

  await page.goto('/outbox');
  await expect(page.getByRole('heading', { level: 1, name: 'Outbox' })).toBeVisible();
  await expect(page.getByTestId('outbox-message').filter({ hasText: 'To bob@acme.example' }).first()).toBeVisible({ timeout: 20_000 });
});
