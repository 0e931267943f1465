/**
 * The request screens, one journey per record type: file it from the form, find it by search in the list,
 * open it, edit it, and take its next action as the right person; plus inline validation (client and
 * server side), the CSV export, and an axe check and a screenshot of every screen on the way.
 */
import type { Page, TestInfo } from '@playwright/test';
import { addCatalogueSystem, expect, expectAccessible, screenshot, signIn, test, type DemoPerson } from './fixtures';

const run = Date.now().toString(36);

/** Toasts come and go; the screen under them is what is checked. Close them (before any dialog opens). */
async function dismissToasts(page: Page) {
  const toasts = page.locator('[data-sonner-toast]');
  // A toast under the pointer never times out (sonner pauses on hover): move away, close, and retry.
  await expect(async () => {
    await page.mouse.move(0, 0);
    for (const close of await toasts.locator('[data-close-button]').all()) await close.click({ force: true, timeout: 1000 }).catch(() => {});
    await page.mouse.move(0, 0);
    expect(await toasts.count()).toBe(0);
  }).toPass({ timeout: 20_000 });
}

async function check(page: Page, testInfo: TestInfo, name: string) {
  await dismissToasts(page);
  await expectAccessible(page, testInfo);
  await screenshot(page, testInfo, name);
}

async function submitForm(page: Page, name: RegExp) {
  await page.getByRole('button', { name }).click();
}

async function expectStatus(page: Page, status: string) {
  await expect(page.locator('main [data-status]').first()).toHaveAttribute('data-status', status);
}

/** Finds a record by search in its list and opens it. */
async function findBySearch(page: Page, resource: string, query: string, title: string, scope: 'mine' | 'all' = 'mine') {
  await page.goto(scope === 'all' ? `/${resource}?scope=all` : `/${resource}`);
  const search = page.getByRole('searchbox');
  await search.fill(query);
  await search.press('Enter');
  await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(query);
  const link = page.getByRole('link', { name: title });
  await expect(link).toHaveCount(1);
  await expect(page.getByRole('row')).toHaveCount(2);
}

async function takeAction(page: Page, action: string, fill?: (dialog: ReturnType<Page['getByRole']>) => Promise<void>) {
  await page.getByRole('button', { name: action, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  if (fill) await fill(dialog);
  await dialog.getByRole('button', { name: action, exact: true }).click();
  await expect(dialog).toBeHidden();
}

async function openAs(page: Page, person: DemoPerson, url: string) {
  await signIn(page, person);
  await page.goto(url);
}

test.describe('request screens', () => {
  test('travel: file, validate, find, edit, approve as the manager, book as the travel desk', async ({ page }, testInfo) => {
    const destination = `Oslo ${run}`;
    await signIn(page, 'alice');
    await check(page, testInfo, 'home');
    await page.getByRole('link', { name: 'New travel request' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'New travel request' })).toBeVisible();
    await check(page, testInfo, 'travel-new');

    // Client-side validation: required fields, inline.
    await submitForm(page, /File travel request/);
    await expect(page.getByLabel(/^Destination/)).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#f-destination-error')).toHaveText('Required');

    // Server-side validation: return before departure, mapped onto the Return field.
    await page.getByLabel(/^Purpose/).fill('Customer workshop');
    await page.getByLabel(/^Destination/).fill(destination);
    await page.getByLabel(/^Departure/).fill('2027-03-10T09:00');
    await page.getByLabel(/^Return/).fill('2027-03-08T18:00');
    await page.getByLabel(/^Estimated cost/).fill('450');
    await submitForm(page, /File travel request/);
    await expect(page.locator('#f-return_at-error')).toHaveText('Must be after the departure');
    await check(page, testInfo, 'travel-new-errors');

    await page.getByLabel(/^Return/).fill('2027-03-12T18:00');
    await submitForm(page, /File travel request/);
    await expect(page).toHaveURL(/\/travel\/trv_/);
    const url = page.url();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Trip to ${destination}`);
    await expectStatus(page, 'requested');
    await check(page, testInfo, 'travel-detail');

    await findBySearch(page, 'travel', destination, `Trip to ${destination}`);
    await check(page, testInfo, 'travel-list');
    const csv = await page.request.get(`/travel/export?q=${encodeURIComponent(destination)}`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const text = await csv.text();
    expect(text).toContain(destination);
    expect(text.trim().split('\r\n')).toHaveLength(2);
    await page.getByRole('link', { name: `Trip to ${destination}` }).click();

    await page.getByRole('link', { name: 'Edit' }).click();
    await expect(page.getByLabel(/^Purpose/)).toHaveValue('Customer workshop');
    await check(page, testInfo, 'travel-edit');
    await page.getByLabel(/^Purpose/).fill('Customer workshop and onsite planning');
    await submitForm(page, /Save changes/);
    await expect(page).toHaveURL(url);
    await expect(page.locator('[data-field="purpose"]')).toHaveText('Customer workshop and onsite planning');
    // The requester sees who holds it, since when, and by when it is expected (issue 10: "With Bob since
    // Tuesday, expected by Thursday 17:00").
    await expect(page.getByTestId('now-with')).toContainText('With Bob Brennan to approve');
    await expect(page.getByTestId('now-with-when')).toHaveText(/^since \S.*, expected by \S.*\d:\d\d/);

    // The requester may not approve: the button is there, disabled, saying why; the manager holds the step.
    await expect(page.getByRole('button', { name: 'Approve', exact: true })).toHaveAttribute('aria-disabled', 'true');
    await expect(page.getByRole('button', { name: 'Approve', exact: true })).toHaveAccessibleDescription('Nobody approves their own request.');
    await openAs(page, 'bob', url);
    await expect(page.getByTestId('now-with')).toContainText('Bob Brennan');
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await check(page, testInfo, 'travel-approve-dialog');
    await page.getByRole('dialog').getByLabel('Comment').fill('Fine by me');
    await page.getByRole('dialog').getByRole('button', { name: 'Approve', exact: true }).click();
    await expectStatus(page, 'approved');
    await expect(page.getByRole('list', { name: 'Lifecycle' })).toContainText('Fine by me');

    await openAs(page, 'tara', url);
    await takeAction(page, 'Book');
    await expectStatus(page, 'booked');
    await check(page, testInfo, 'travel-booked');
  });

  test('access request: two-step approval, then IT provisions', async ({ page }, testInfo) => {
    const system = `vault-${run}`;
    await signIn(page, 'alice');
    await addCatalogueSystem(page, { id: system });
    await page.goto('/access-requests/new');
    await page.getByLabel(/^System/).selectOption(system);
    await page.getByLabel(/^Access type/).selectOption('new');
    await page.getByLabel(/^Justification/).fill('Need read access to rotate the staging secrets.');
    await submitForm(page, /File access request/);
    await expect(page).toHaveURL(/\/access-requests\/acr_/);
    const url = page.url();

    await findBySearch(page, 'access-requests', system, `New access to ${system}`);
    await check(page, testInfo, 'access-list');
    await page.getByRole('link', { name: `New access to ${system}` }).click();
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel(/^Entitlement/).fill('read-only');
    await submitForm(page, /Save changes/);
    await expect(page.locator('[data-field="entitlement_type"]')).toHaveText('read-only');

    await openAs(page, 'bob', url);
    await takeAction(page, 'Approve');
    await expectStatus(page, 'pending');
    await expect(page.getByTestId('now-with')).toContainText('IT desk');

    await openAs(page, 'ivan', url);
    await takeAction(page, 'Approve');
    await expectStatus(page, 'approved');
    await dismissToasts(page);
    await page.getByRole('button', { name: 'Provision', exact: true }).click();
    await check(page, testInfo, 'access-provision-dialog');
    await page.getByRole('dialog').getByLabel(/^Entitlement/).fill('vault-reader');
    await page.getByRole('dialog').getByRole('button', { name: 'Provision', exact: true }).click();
    await expectStatus(page, 'provisioned');
    await expect(page.locator('[data-field="entitlement_type"]')).toHaveText('vault-reader');
    await check(page, testInfo, 'access-detail-provisioned');
  });

  test('HR request: file, edit, comment, the HR desk starts it and a rejection needs a reason', async ({ page }, testInfo) => {
    const description = `Salary certificate for the bank ${run}`;
    await signIn(page, 'alice');
    await page.goto('/hr-requests/new');
    await page.getByLabel(/^Type/).selectOption('certificate');
    await page.getByLabel(/^Description/).fill(description);
    await submitForm(page, /File HR request/);
    await expect(page).toHaveURL(/\/hr-requests\/hrr_/);
    const url = page.url();

    await findBySearch(page, 'hr-requests', run, 'Certificate');
    await page.getByRole('link', { name: 'Certificate' }).click();
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel(/^Deliverable/).selectOption('digital');
    await submitForm(page, /Save changes/);
    await expect(page.locator('[data-field="deliverable_type"]')).toHaveText('Digital');

    await page.getByLabel('Add a comment').fill('Needed by Friday, please.');
    await page.getByRole('button', { name: 'Comment' }).click();
    await expect(page.getByText('Needed by Friday, please.').first()).toBeVisible();

    await openAs(page, 'hana', url);
    await takeAction(page, 'Start');
    await expectStatus(page, 'in_progress');
    await dismissToasts(page);
    await page.getByRole('button', { name: 'Reject', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Reject', exact: true }).click();
    await expect(page.getByRole('dialog').getByText('A reason is required')).toBeVisible();
    await check(page, testInfo, 'hr-reject-dialog-error');
    await page.keyboard.press('Escape');
    await expectStatus(page, 'in_progress');
    await check(page, testInfo, 'hr-detail');
  });

  test('equipment: file, approve as the manager, IT advances it to ordered', async ({ page }, testInfo) => {
    const kind = `Dock ${run}`;
    await signIn(page, 'alice');
    await page.goto('/equipment/new');
    await page.getByLabel(/^Equipment type/).fill(kind);
    await page.getByLabel(/^Specification/).fill('USB-C dock with two DisplayPort outputs');
    await page.getByLabel(/^Cost/).fill('189.90');
    await submitForm(page, /File equipment request/);
    await expect(page).toHaveURL(/\/equipment\/eqp_/);
    const url = page.url();

    await findBySearch(page, 'equipment', kind, kind);
    await page.getByRole('link', { name: kind }).click();
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel(/^Cost/).fill('210');
    await submitForm(page, /Save changes/);
    await expect(page.locator('[data-field="cost"]')).toHaveText('$210.00');

    await openAs(page, 'bob', url);
    await takeAction(page, 'Approve');
    await expectStatus(page, 'approved');

    await openAs(page, 'ivan', url);
    await takeAction(page, 'Advance');
    await expectStatus(page, 'ordered');
    await check(page, testInfo, 'equipment-ordered');
  });

  test('pending item: an admin files one for the IT desk, edits it, and deletes it', async ({ page }, testInfo) => {
    const title = `Renew TLS certificate ${run}`;
    await signIn(page, 'ada');
    await page.goto('/pending/new');
    await page.getByLabel(/^Type/).fill('task');
    await page.getByLabel(/^Source/).fill(`ext-${run}`);
    await page.getByLabel(/^Title/).fill(title);
    await page.getByLabel(/^Priority/).fill('9');
    await submitForm(page, /File pending item/);
    await expect(page.locator('#f-priority-error')).toHaveText('To 5 (lowest)');
    await page.getByLabel(/^Priority/).fill('2');
    await page.getByLabel(/^Due/).fill('2027-01-15T12:00');
    await page.getByLabel(/^Assignee role/).selectOption('it');
    await submitForm(page, /File pending item/);
    await expect(page).toHaveURL(/\/pending\/pnd_/);

    await findBySearch(page, 'pending', title, title, 'all');
    await check(page, testInfo, 'pending-list');
    await page.getByRole('link', { name: title }).click();
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel(/^Description/).fill('The wildcard certificate expires in January.');
    await submitForm(page, /Save changes/);
    await expect(page.locator('[data-field="description"]')).toHaveText('The wildcard certificate expires in January.');
    await check(page, testInfo, 'pending-detail');

    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await expect(page).toHaveURL(/\/pending$/);
  });

  test('lists: unknown types are 404, filters live in the URL and an empty result says what to do', async ({ page }, testInfo) => {
    await signIn(page, 'alice');
    const missing = await page.goto('/not-a-type');
    expect(missing?.status()).toBe(404);

    await page.goto('/hr-requests');
    // A choice made before the page hydrates is reset by hydration: choose again until the URL follows.
    await expect(async () => {
      await page.getByLabel('Status').selectOption('completed');
      await expect(page).toHaveURL(/status=completed/, { timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
    await page.getByRole('button', { name: 'All I can see' }).click();
    await expect(page).toHaveURL(/scope=all/);
    await page.goBack();
    await expect(page).not.toHaveURL(/scope=all/);
    await expect(page.getByLabel('Status')).toHaveValue('completed');

    await page.goto(`/equipment?q=nothing-matches-${run}`);
    await expect(page.getByText('No equipment match')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Clear filters' })).toBeVisible();
    await check(page, testInfo, 'equipment-empty');
  });
});
