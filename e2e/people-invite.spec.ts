/**
 * The people lifecycle in a browser (issue 15): an admin invites someone from Settings → People; the
 * invitee opens the link from the email (read from /outbox, as no SMTP server is set), sets a password on
 * the public page and is signed in; the link then no longer works. Then the admin deactivates them from the
 * same screen: their browser session ends at once and the offboarding checklist shows.
 */
import { expect, expectAccessible, screenshot, signIn, test } from './fixtures';

test('an admin invites someone who sets a password from the emailed link and is signed in', async ({ page, browser }, testInfo) => {
  test.setTimeout(240_000);
  const local = `e2e.${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const email = `${local}@acme.example`;

  await signIn(page, 'ada');
  await page.goto('/settings');
  await page.getByRole('button', { name: 'Invite people' }).click();
  await page.getByLabel('Emails').fill(email);
  await page.getByRole('button', { name: 'Send invitations' }).click();
  await expect(page.getByText('Invited 1 person')).toBeVisible();
  await expect(page.getByTestId('invite-results')).toContainText('Invited');
  await page.getByRole('button', { name: 'Done' }).click();

  // The email, as the outbox keeps it.
  await page.goto('/outbox');
  const message = page.getByTestId('outbox-message').filter({ hasText: `To ${email}` }).first();
  await message.locator('summary').click();
  const text = await message.locator('pre').innerText();
  const link = /https?:\/\/\S+\/invitation\?token=[A-Za-z0-9_-]+/.exec(text)?.[0];
  expect(link, text).toBeTruthy();
  const path = new URL(link!).pathname + new URL(link!).search;

  // The invitee, in a browser of their own.
  const invitee = await browser.newContext({ baseURL: new URL(page.url()).origin });
  const invited = await invitee.newPage();
  await invited.goto(path);
  await expect(invited.getByRole('heading', { name: 'Welcome to Acme Corp' })).toBeVisible();
  await expectAccessible(invited, testInfo);
  await screenshot(invited, testInfo, 'invitation-desktop');
  await invited.setViewportSize({ width: 390, height: 844 });
  await invited.emulateMedia({ colorScheme: 'dark' });
  await screenshot(invited, testInfo, 'invitation-mobile-dark');
  await expectAccessible(invited, testInfo);

  // A short password never leaves the browser (minLength); the server's policy is tested in people-invitations.test.ts.
  await expect(invited.getByLabel('Choose a password')).toHaveAttribute('minlength', '12');

  await invited.getByLabel('Choose a password').fill('a long enough passphrase');
  await invited.getByLabel('Type it again').fill('a long enough passphrase');
  await invited.getByRole('button', { name: 'Set password and sign in' }).click();
  await invited.waitForURL((url) => url.pathname === '/');
  await expect(invited.getByRole('button', { name: /^Account menu for / })).toBeVisible();

  // Single use: the link now says so.
  await invited.goto(path);
  await expect(invited.getByTestId('link-problem')).toContainText('used already');

  // Offboarding from the People screen: the admin unticks Active; the newcomer's browser session ends at
  // once (their next page is the sign-in page) and the checklist says what was done.
  await invited.goto('/');
  await expect(invited.getByRole('button', { name: /^Account menu for / })).toBeVisible();
  await page.goto('/settings');
  const row = page.getByTestId('person-row').filter({ hasText: email });
  await row.getByRole('button', { name: /^Edit / }).click();
  await page.getByRole('checkbox', { name: 'Active', exact: true }).uncheck();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(row.getByText('Deactivated')).toBeVisible();
  await row.getByRole('button', { name: /^Offboarding checklist of / }).click();
  await expect(page.getByTestId('offboarding-checklist')).toContainText(/Sessions and API tokens ended \([1-9]\d*\)/);
  await expect(page.getByTestId('offboarding-checklist')).toContainText('Nothing remains.');
  await invited.goto('/');
  await invited.waitForURL((url) => url.pathname === '/signin');
  await invitee.close();
});
