/**
 * Single sign-on against a real OpenID provider on loopback (e2e/support/oidc-provider.mjs, started by
 * playwright.config.ts): who signs in, who is refused and why, and that roles are Opsdesk's own.
 */
import { expect, test, type Page } from '@playwright/test';

/** From Opsdesk's sign-in page through the provider's own login and consent pages, as `login`. */
async function signInWithSso(page: Page, login: string): Promise<void> {
  await page.context().clearCookies();
  await page.goto('/signin');
  await page.getByRole('button', { name: 'Continue with Test SSO' }).click();
  await page.waitForURL((url) => url.hostname === '127.0.0.1');
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('anything');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((url) => url.hostname === 'localhost');
}

test('a known, verified email in the ID token signs in', async ({ page }) => {
  await signInWithSso(page, 'alice-idtoken');
  await page.waitForURL((url) => url.pathname === '/');
  await expect(page.getByRole('button', { name: 'Account menu for Alice Archer' })).toBeVisible();
});

test('a known, verified email only in UserInfo signs in', async ({ page }) => {
  await signInWithSso(page, 'bob-userinfo');
  await page.waitForURL((url) => url.pathname === '/');
  await expect(page.getByRole('button', { name: 'Account menu for Bob Brennan' })).toBeVisible();
});

test('an unverified email is refused with a message that says so', async ({ page }) => {
  await signInWithSso(page, 'hana-unverified');
  await page.waitForURL((url) => url.pathname === '/signin');
  await expect(page.getByTestId('sign-in-error')).toContainText('has not verified your email address');
  await expect(page.getByTestId('sign-in-error')).not.toContainText('password');
  await page.goto('/');
  await page.waitForURL((url) => url.pathname === '/signin');
});

test('an email no one in Opsdesk has is refused with a message that says so', async ({ page }) => {
  await signInWithSso(page, 'stranger');
  await page.waitForURL((url) => url.pathname === '/signin');
  await expect(page.getByTestId('sign-in-error')).toContainText('no Opsdesk account uses that email address');
});

test('roles come from Opsdesk: a provider claiming admin signs in an employee', async ({ page }) => {
  await signInWithSso(page, 'alice-admin-claim');
  await page.waitForURL((url) => url.pathname === '/');
  await expect(page.getByRole('button', { name: 'Account menu for Alice Archer' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Settings' })).toHaveCount(0);
  const me = await page.request.get('/api/v1/me');
  expect(me.status()).toBe(200);
  expect((await me.json()).roles).toEqual(['employee']);
});
