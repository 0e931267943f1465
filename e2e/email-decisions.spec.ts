/**
 * Deciding from email (issue 10): alice files a trip; bob's email arrives at a real SMTP server
 * (e2e/support/smtp-sink.mjs); its Approve link, opened where alice is signed in, is refused and stays
 * unused; opened in a fresh browser (nobody signed in) it shows the trip and a confirm button; bob confirms;
 * alice's bell shows the decision. Opened again, the used link says who approved it and when.
 */
import type { Page } from '@playwright/test';
import { expect, expectAccessible, screenshot, signIn, test } from './fixtures';

const sink = `http://127.0.0.1:${process.env.E2E_SMTP_HTTP_PORT}/messages`;
const marker = () => `e2e${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const inFuture = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000).toISOString();

interface Mail {
  subject: string;
  text: string;
  html: string;
}

async function post(page: Page, path: string, body: unknown) {
  const response = await page.request.post(path, { data: body, headers: { Origin: new URL(page.url()).origin } });
  expect(response.ok(), await response.text()).toBe(true);
  return response.json();
}

/** The email to `address` whose subject names `title`, once it has arrived at the SMTP server. */
async function mailTo(page: Page, address: string, title: string): Promise<Mail> {
  let found: Mail | undefined;
  await expect
    .poll(
      async () => {
        const mails = (await (await page.request.get(`${sink}?to=${encodeURIComponent(address)}`)).json()) as Mail[];
        found = mails.find((m) => m.subject.includes(title));
        return !!found;
      },
      { timeout: 30_000, intervals: [500, 1000, 2000] },
    )
    .toBe(true);
  return found!;
}

test('bob approves alice’s trip from the link in his email; alice’s bell shows it; the used link says who approved it', async ({ page, browser }, testInfo) => {
  // Two browsers, an SMTP round trip and five axe checks: longer than one screen's journey on a loaded machine.
  test.setTimeout(180_000);
  const destination = `Oslo ${marker()}`;
  const title = `Trip to ${destination}`;

  await signIn(page, 'alice');
  await post(page, '/api/v1/me/notifications/read', { all: true });
  const trip = await post(page, '/api/v1/operations/travel', {
    purpose: 'Partner summit',
    destination,
    departure_at: inFuture(20),
    return_at: inFuture(23),
    estimated_cost: 1250,
  });

  const mail = await mailTo(page, 'bob@acme.example', title);
  expect(mail.text).toContain('Hello Bob,');
  const approveUrl = /Approve: (\S+\/email-actions\/[\w-]{43})/.exec(mail.text)?.[1];
  const rejectUrl = /Reject: (\S+\/email-actions\/[\w-]{43})/.exec(mail.text)?.[1];
  expect(approveUrl && rejectUrl).toBeTruthy();
  expect(mail.html).toContain(approveUrl!);

  // Opened where alice is signed in: refused, and the link stays usable.
  await page.goto(approveUrl!);
  await expect(page.getByRole('heading', { level: 1, name: 'This link is for Bob Brennan' })).toBeVisible();
  await expect(page.getByText('You are signed in as Alice Archer')).toBeVisible();

  // A fresh browser, nobody signed in: the request and a confirm button; opening it decided nothing.
  const fresh = await browser.newContext({ baseURL: new URL(page.url()).origin });
  const bob = await fresh.newPage();
  await bob.goto(approveUrl!);
  const card = bob.getByTestId('email-link');
  await expect(bob.getByRole('heading', { level: 1, name: 'Approve Alice Archer’s request?' })).toBeVisible();
  await expect(card).toContainText(title);
  await expect(card).toContainText('$1,250.00');
  await expect(card).toContainText('As Bob Brennan');
  await expectAccessible(bob, testInfo);
  await screenshot(bob, testInfo, 'email-link-confirm-desktop');
  await bob.setViewportSize({ width: 390, height: 844 });
  await bob.emulateMedia({ colorScheme: 'dark' });
  await screenshot(bob, testInfo, 'email-link-confirm-mobile-dark');
  await expectAccessible(bob, testInfo);
  await bob.emulateMedia({ colorScheme: 'light' });

  await bob.getByLabel('Comment (optional)').fill('Enjoy the summit');
  await bob.getByRole('button', { name: 'Confirm approval' }).click();
  // The toast: the server's answer.
  await expect(bob.getByRole('region', { name: /^Notifications/ }).getByText('Approved', { exact: true })).toBeVisible();
  await expect(bob.getByRole('heading', { level: 1, name: 'You approved Alice Archer’s request' })).toBeVisible();
  await screenshot(bob, testInfo, 'email-link-done-mobile');

  // Opened again (or the other link of the email): nothing to do, and it says what happened.
  for (const url of [approveUrl!, rejectUrl!]) {
    await bob.goto(url);
    // Who and when, the time in Bob's own format (his locale and zone).
    await expect(bob.getByRole('heading', { level: 1, name: /^Already approved by Bob Brennan at .*\b20\d\d\b.*\d:\d\d/ })).toBeVisible();
    await expect(bob.getByRole('button', { name: /Confirm/ })).toHaveCount(0);
  }
  await bob.setViewportSize({ width: 1280, height: 800 });
  await bob.emulateMedia({ colorScheme: 'dark' });
  await screenshot(bob, testInfo, 'email-link-used-desktop-dark');
  await expectAccessible(bob, testInfo);
  await fresh.close();

  // Alice's bell: the decision.
  await page.goto('/');
  await expect(page.getByTestId('notification-count')).toHaveText('1', { timeout: 20_000 });
  await page.getByTestId('notification-bell').click();
  const entry = page.getByRole('dialog', { name: 'Notifications' }).getByTestId('notification').filter({ hasText: title });
  await expect(entry).toContainText(`${title} was approved`);
  await expect(entry).toHaveAttribute('href', `/travel/${trip.id}`);
  // The history says it was decided from email.
  await entry.click();
  await page.waitForURL(`**/travel/${trip.id}`);
  await expect(page.getByText(/from email/).first()).toBeVisible();
});
