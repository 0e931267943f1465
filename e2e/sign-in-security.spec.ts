/** The sign-in page under attack: off-site redirects, password guessing, and the headers of every page. */
import { expect, test } from '@playwright/test';

test('a callbackUrl to another site is not followed after sign-in', async ({ page }) => {
  await page.context().clearCookies();
  await page.goto('/signin?callbackUrl=//evil.example/steal');
  await page.getByRole('button', { name: 'Sign in as Bob Brennan (bob@acme.example)' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  expect(new URL(page.url()).host).toBe(new URL(test.info().project.use.baseURL!).host);
});

test('too many wrong passwords from here: the form says when to try again', async ({ page }) => {
  await page.context().clearCookies();
  await page.goto('/signin');
  const email = `nobody-${Date.now()}@acme.example`;
  for (let i = 0; i < 6; i += 1) {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(`wrong-${i}`);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByTestId('sign-in-error')).toBeVisible();
  }
  await expect(page.getByTestId('sign-in-error')).toContainText(/Too many attempts from here; try again in \d+ minutes?/);
});

test('pages carry a nonce-based Content-Security-Policy (no eval) and the security headers, and still work', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto('/signin');
  const headers = response!.headers();
  const csp = headers['content-security-policy'];
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(csp).not.toContain('unsafe-eval');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers['permissions-policy']).toContain('camera=()');
  // Hydrated: the demo buttons sign in through client-side JavaScript.
  await page.getByRole('button', { name: 'Sign in as Alice Archer (alice@acme.example)' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await page.goto('/inbox');
  expect(violations).toEqual([]);
  const api = await page.request.get('/api/health');
  expect(api.headers()['x-content-type-options']).toBe('nosniff');
  expect(api.headers()['content-security-policy']).toContain("default-src 'none'");
});
