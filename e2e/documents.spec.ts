/**
 * HR documents (issue 12): alice asks for an employment letter, hana generates it from her inbox, sees the
 * PDF and fulfils the request with it in one step, alice downloads it from her request, an anonymous
 * browser verifies its code, hana re-issues it from the request's page and revokes the first (its code
 * then says revoked) — then the template editor (live preview, a placeholder typo named inline)
 * and the verify page at desktop and phone size, light and dark.
 */
import { randomBytes } from 'node:crypto';
import { expectAccessible, expect, screenshot, signIn, test } from './fixtures';

const run = randomBytes(3).toString('hex');

test('alice asks for an employment letter; hana generates and fulfils it; alice downloads it; anyone verifies it', async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000); // four people's sign-ins and a PDF on a shared machine
  const description = `Employment letter for my landlord ${run}`;
  await signIn(page, 'alice');
  await page.goto('/hr-requests/new');
  await page.getByLabel(/^Type/).selectOption('employment_letter');
  await page.getByLabel(/^Description/).fill(description);
  await page.getByRole('button', { name: /File HR request/ }).click();
  await expect(page).toHaveURL(/\/hr-requests\/hrr_/);
  const requestUrl = new URL(page.url()).pathname;

  // Hana, from her inbox: Generate document → the PDF → Fulfil with this document.
  await signIn(page, 'hana');
  await page.goto('/inbox');
  const task = page.getByTestId('inbox-item').filter({ hasText: description });
  await task.getByRole('button', { name: 'Generate document…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText('Signed by')).toBeVisible();
  await expect(dialog).toContainText('Hana Hoshino');
  await dialog.getByRole('button', { name: 'Generate document' }).click();
  await expect(page.getByText('Document generated.')).toBeVisible();
  await expect(dialog.locator('iframe[title="The generated document"]')).toBeVisible();
  const code = (await dialog.getByTestId('verification-code').textContent())!.trim();
  expect(code).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
  await screenshot(page, testInfo, 'hana-generated');
  await dialog.getByRole('button', { name: 'Fulfil with this document' }).click();
  await expect(page.getByText('Request fulfilled')).toBeVisible();
  await expect(task).toHaveCount(0);

  // Alice is told, and downloads the PDF from her request.
  await signIn(page, 'alice');
  await page.goto(requestUrl);
  await expect(page.getByRole('heading', { level: 1 }).locator('..')).toContainText('Completed');
  const documents = page.getByTestId('document-item');
  await expect(documents).toHaveCount(1);
  await expect(documents).toContainText(code);
  await expect(page.getByRole('button', { name: /Generate/ })).toHaveCount(0);
  const [download] = await Promise.all([page.waitForEvent('download'), documents.getByRole('link', { name: 'Download PDF' }).click()]);
  const file = await download.path();
  const { readFileSync } = await import('node:fs');
  expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
  await screenshot(page, testInfo, 'alice-request-with-document');
  await expectAccessible(page, testInfo);

  // Anyone, without an account, checks the code (typed by hand, lower case).
  const anonymous = await browser.newContext();
  const stranger = await anonymous.newPage();
  await stranger.goto('/verify');
  await stranger.getByLabel('Verification code').fill(code.toLowerCase());
  await stranger.getByRole('button', { name: 'Check code' }).click();
  await expect(stranger.getByTestId('verdict')).toHaveText('Valid document');
  await expect(stranger.getByTestId('person-name')).toHaveText('Alice Archer');
  await expect(stranger.getByText('Employment letter')).toBeVisible();
  await expect(stranger.getByText('Acme Corp').first()).toBeVisible();
  await expectAccessible(stranger, testInfo);
  await screenshot(stranger, testInfo, 'verify-valid');
  await stranger.setViewportSize({ width: 390, height: 844 });
  await stranger.emulateMedia({ colorScheme: 'dark' });
  await screenshot(stranger, testInfo, 'verify-valid-phone-dark');

  // Hana re-issues from the request's own page and revokes the first document: its code now says revoked.
  await signIn(page, 'hana');
  await page.goto(requestUrl);
  await page.getByRole('button', { name: 'Generate a new document' }).click();
  const again = page.getByRole('dialog');
  await expect(again).toContainText('Hana Hoshino');
  await again.getByRole('button', { name: 'Generate document' }).click();
  await expect(again.locator('iframe[title="The generated document"]')).toBeVisible();
  const newCode = (await again.getByTestId('verification-code').textContent())!.trim();
  expect(newCode).not.toBe(code);
  await again.getByRole('button', { name: 'Done' }).click(); // fulfilled already: nothing more to fulfil
  await expect(page.getByTestId('document-item')).toHaveCount(2);
  const first = page.getByTestId('document-item').filter({ hasText: code });
  await first.getByRole('button', { name: 'Revoke' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke document' }).click();
  await expect(first.getByText('Revoked', { exact: true })).toBeVisible();
  await stranger.goto(`/verify/${code}`);
  await expect(stranger.getByTestId('verdict')).toHaveText('This document has been revoked');
  await stranger.goto(`/verify/${newCode}`);
  await expect(stranger.getByTestId('verdict')).toHaveText('Valid document');

  await stranger.goto('/verify/AAAAA-BBBBB-CCCCC-DDDDD');
  await expect(stranger.getByTestId('verdict')).toHaveText('No document has this code');
  await anonymous.close();
});

test('hana edits a template with a live preview; a placeholder typo is named before saving', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await signIn(page, 'hana');
  await page.getByRole('link', { name: 'Document templates' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Document templates' })).toBeVisible();
  await page.getByRole('link', { name: 'Certificate' }).click();
  await expect(page).toHaveURL(/type=certificate/);
  const preview = page.getByRole('img', { name: 'Preview of the document' });
  await expect(preview).toContainText('Zoë Müller-Łukasiewicz');

  const body = page.getByLabel(/^Text/);
  await body.fill(`We certify that {{person.nmae}} completed the safety training (${run}).`);
  await expect(page.getByText('Unknown placeholder {{person.nmae}}')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save as new version' })).toBeDisabled();
  await body.fill('We certify that ');
  await page.getByRole('button', { name: /^Insert \{\{person\.name\}\}/ }).click();
  await expect(body).toHaveValue('We certify that {{person.name}}');
  await body.press('End');
  await body.pressSequentially(` completed the safety training (${run}).`);
  await expect(body).toHaveValue(`We certify that {{person.name}} completed the safety training (${run}).`);
  await expect(preview).toContainText(`We certify that Zoë Müller-Łukasiewicz completed the safety training (${run}).`);
  await page.getByLabel('Signed by').selectOption({ label: 'Ada Adeyemi' });
  await page.getByLabel('Signer’s title').fill('Managing Director');
  await expect(preview).toContainText('Managing Director');
  await page.getByRole('button', { name: 'Save as new version' }).click();
  await expect(page.getByText(/Saved as version \d+/)).toBeVisible();
  await expect(page.getByTestId('template-version')).toContainText('Version');
  await expectAccessible(page, testInfo);
  await screenshot(page, testInfo, 'template-editor');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, testInfo, 'template-editor-phone-dark');
});
