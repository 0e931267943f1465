/**
 * Approval policies in a real browser: ada edits the travel policy in the step builder (a Finance step
 * above $1,000), tries it on an existing trip, saves it and reads the diff; alice's form then previews the
 * new chain as she types, her new trip follows it, and a trip filed before keeps the chain it started with.
 * The travel policy is put back as it was at the end, so the other journeys see the default.
 */
import type { Page } from '@playwright/test';
import { expect, expectAccessible, screenshot, signIn, test } from './fixtures';

const marker = () => `pol${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

async function adaToken(page: Page): Promise<string> {
  const response = await page.request.post('/api/v1/auth/token', { data: { email: 'ada@acme.example', password: 'demo' } });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

async function fileTrip(page: Page, destination: string, cost: number): Promise<string> {
  const origin = new URL(page.url()).origin;
  const response = await page.request.post('/api/v1/operations/travel', {
    data: { purpose: `Policy journey ${destination}`, destination, departure_at: '2027-05-10T08:00:00Z', return_at: '2027-05-12T18:00:00Z', estimated_cost: cost },
    headers: { Origin: origin },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

const chainOf = (page: Page) => page.getByRole('list', { name: 'Approval chain' }).getByRole('listitem');

test('an admin edits the travel policy; a new trip follows it, an older one keeps its chain', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const m = marker();
  await signIn(page, 'alice');
  const oldTrip = await fileTrip(page, `Lisbon ${m}`, 1500);

  await signIn(page, 'ada');
  const token = await adaToken(page);
  const original = (await (await page.request.get('/api/v1/approval-policies/travel', { headers: { Authorization: `Bearer ${token}` } })).json()) as { steps: unknown[] };
  try {
    await page.goto('/settings');
    await expect(page.getByTestId('policy-summary-travel')).toContainText('Manager, then Admin when estimated cost > $2,000');
    await page.getByRole('link', { name: 'Edit approval policies' }).click();
    await page.getByRole('navigation', { name: 'Record types' }).getByRole('link', { name: 'Travel' }).click();
    await expect(page).toHaveURL(/resource=travel/);
    const sentence = page.getByTestId('policy-sentence');
    await expect(sentence).toContainText('Manager, then Admin when estimated cost > $2,000');

    // The step builder: a third step, "Finance when estimated cost > $1,000".
    await page.getByRole('button', { name: 'Add step' }).click();
    const step = page.getByTestId('policy-step').nth(2);
    await expect(step.getByLabel('Step 3: approver')).toBeFocused();
    await step.getByLabel('Step 3: approver').selectOption('group');
    await step.getByLabel('Step 3: group').selectOption({ label: 'Finance' });
    await step.getByRole('button', { name: /Only when/ }).click();
    await step.getByLabel('Step 3, condition 1: field').selectOption('estimated_cost');
    await step.getByLabel('Step 3, condition 1: comparison').selectOption('>');
    const amount = step.getByLabel('Step 3, condition 1: amount in dollars');
    await amount.fill('');
    await expect(step.getByText('Estimated cost is a number')).toBeVisible();
    await expect(amount).toHaveAttribute('aria-invalid', 'true');
    await amount.fill('1000');
    await expect(step.getByText('Estimated cost is a number')).toHaveCount(0);
    await expect(sentence).toContainText('Manager, then Admin when estimated cost > $2,000');
    await expect(sentence).toContainText(', then Finance when estimated cost > $1,000');

    // Dry run of the unsaved draft against the trip filed before.
    const dryRun = page.getByTestId('dry-run');
    await dryRun.getByLabel('Find a request').fill(m);
    await dryRun.getByRole('button', { name: new RegExp(`Trip to Lisbon ${m}`) }).click();
    await expect(dryRun.getByTestId('dry-run-draft').getByTestId('preview-step')).toHaveCount(2);
    await expect(dryRun.getByTestId('dry-run-draft')).toContainText('Bob Brennan');
    await expect(dryRun.getByTestId('dry-run-draft')).toContainText('one of: Ada Adeyemi, Bob Brennan');
    await expect(dryRun.getByTestId('dry-run-current').getByTestId('preview-step')).toHaveCount(1);
    await expectAccessible(page, testInfo);
    await screenshot(page, testInfo, 'policy-editor-draft');

    // Save: a confirmation, then the new version.
    await page.getByRole('button', { name: /^Save as version/ }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('keep the chain they started with');
    await dialog.getByRole('button', { name: 'Save policy' }).click();
    await expect(page.getByText(/Saved as version \d+/)).toBeVisible();
    await expect(sentence).toContainText(/Version \d+ reads/);

    // The diff between the previous version and this one shows the added step.
    const diff = page.getByTestId('policy-diff');
    await expect(diff.locator('[data-change="added"]')).toContainText('Finance when estimated cost > $1,000');
    await expect(diff.locator('[data-change="same"]')).toHaveCount(2);
    await page.getByTestId('policy-versions').scrollIntoViewIfNeeded();
    await screenshot(page, testInfo, 'policy-saved-diff');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectAccessible(page, testInfo);
    await screenshot(page, testInfo, 'policy-saved-diff-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(page, testInfo);
    await screenshot(page, testInfo, 'policy-editor-phone');
    await page.setViewportSize({ width: 1280, height: 720 });

    // Alice's form previews the new chain as she types.
    await signIn(page, 'alice');
    await page.goto('/travel/new');
    await page.getByLabel(/^Purpose/).fill('Customer workshop');
    await page.getByLabel(/^Destination/).fill(`Porto ${m}`);
    await page.getByLabel(/^Departure/).fill('2027-06-10T09:00');
    await page.getByLabel(/^Return/).fill('2027-06-12T18:00');
    const preview = page.getByTestId('approval-preview');
    await page.getByLabel(/^Estimated cost/).fill('500');
    await expect(preview.getByTestId('preview-step')).toHaveCount(1);
    await expect(preview).toContainText('Bob Brennan');
    await page.getByLabel(/^Estimated cost/).fill('1500');
    await expect(preview.getByTestId('preview-step')).toHaveCount(2);
    await expect(preview.getByTestId('preview-step').nth(1)).toContainText('one of: Ada Adeyemi, Bob Brennan');
    await expect(preview.getByTestId('preview-step').nth(1)).toContainText('Finance');
    await expectAccessible(page, testInfo);
    await screenshot(page, testInfo, 'travel-form-preview');
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, testInfo, 'travel-form-preview-phone');
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByRole('button', { name: 'File travel request' }).click();
    await page.waitForURL(/\/travel\/trv_/);
    const newUrl = page.url();
    await expect(chainOf(page)).toHaveCount(2);

    // Editing it while its approval is open: the preview says saving restarts it.
    await page.goto(`${newUrl}/edit`);
    await expect(page.getByTestId('preview-restart')).toBeVisible();
    await expect(page.getByTestId('approval-preview').getByTestId('preview-step')).toHaveCount(2);

    // The older trip keeps its one-step chain.
    await page.goto(`/travel/${oldTrip}`);
    await expect(chainOf(page)).toHaveCount(1);

    // The new trip follows the new chain: bob approves, then it waits on Finance (ada, as bob decided step 1).
    await signIn(page, 'bob');
    await page.goto(newUrl);
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(page.getByTestId('now-with')).toContainText('Ada Adeyemi');
    await expect(page.getByTestId('now-with')).toContainText('step 2 of 2');
    await screenshot(page, testInfo, 'travel-follows-policy');
  } finally {
    const restored = await page.request.put('/api/v1/approval-policies/travel', { data: { steps: original.steps }, headers: { Authorization: `Bearer ${token}` } });
    expect(restored.status(), await restored.text()).toBe(200);
  }
});
