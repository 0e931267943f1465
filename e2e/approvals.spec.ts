/**
 * The approvals journeys in a real browser: requests filed by alice travel through the inboxes of the
 * people who decide and fulfil them, each from their own inbox, until alice sees the outcome.
 * Every request carries a unique marker so the journeys never depend on the seeded data.
 */
import type { Page } from '@playwright/test';
import { addCatalogueSystem, decideFromRow, expect, expectAccessible, screenshot, signIn, test } from './fixtures';

const marker = () => `e2e${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const inFuture = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000).toISOString();

/** Files a request through the REST API with the page's session cookie (same-origin, as the app does). */
async function fileByApi(page: Page, resource: string, body: Record<string, unknown>): Promise<{ id: string }> {
  const origin = new URL(page.url()).origin;
  const response = await page.request.post(`/api/v1/operations/${resource}`, { data: body, headers: { Origin: origin } });
  expect(response.status(), await response.text()).toBe(201);
  return response.json();
}

async function openInbox(page: Page) {
  await page.goto('/inbox');
  await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();
}

const row = (page: Page, text: string) => page.getByTestId('inbox-item').filter({ hasText: text });

test('an access request goes from alice through bob and the IT desk to provisioned', async ({ page }, testInfo) => {
  const system = marker();
  const title = `New access to ${system}`;

  await signIn(page, 'alice');
  await addCatalogueSystem(page, { id: system });
  await page.goto('/access-requests/new');
  await page.getByLabel('System').selectOption(system);
  await page.getByLabel('Access type').selectOption('new');
  await page.getByLabel('Justification').fill('Read access to the e2e system for the checkout work.');
  await page.getByRole('button', { name: 'File access request' }).click();
  await page.waitForURL(/\/access-requests\/acr_/);
  const detailUrl = page.url();

  await signIn(page, 'bob');
  await openInbox(page);
  const bobRow = row(page, title);
  await expect(bobRow).toContainText('Alice Archer');
  await expect(bobRow).toContainText(system);
  await expect(bobRow).toContainText('Read access to the e2e system');
  await expect(bobRow).toContainText('step 1 of 2');
  await expectAccessible(page, testInfo);
  await screenshot(page, testInfo, 'bob-inbox');
  await decideFromRow(bobRow.getByRole('button', { name: `Approve “${title}”` }));
  await expect(bobRow).toHaveCount(0);
  await expect(page.getByText(`Approved “${title}”`)).toBeVisible();

  await signIn(page, 'ivan');
  await openInbox(page);
  const ivanStep = row(page, title).and(page.locator('[data-kind="approval"]'));
  await expect(ivanStep).toContainText('step 2 of 2');
  await decideFromRow(ivanStep.getByRole('button', { name: `Approve “${title}”` }));
  const task = row(page, title).and(page.locator('[data-kind="task"]'));
  await expect(task).toBeVisible();
  await expect(task).toContainText('IT desk task');
  await task.getByRole('button', { name: 'Provision…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Entitlement granted').fill('read-only');
  await screenshot(page, testInfo, 'ivan-provision-dialog');
  await dialog.getByRole('button', { name: 'Provision' }).click();
  await expect(page.getByText(`“${title}” is now provisioned`)).toBeVisible();
  await expect(task).toHaveCount(0);

  await signIn(page, 'alice');
  await page.goto(detailUrl);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(title);
  const lifecycle = page.getByRole('list', { name: 'Lifecycle' });
  await expect(lifecycle).toContainText('Filed');
  await expect(lifecycle).toContainText('Approved a step');
  await expect(lifecycle).toContainText('Bob Brennan');
  await expect(lifecycle).toContainText('Ivan Ilic');
  await expect(lifecycle).toContainText('Provision');
  await expect(lifecycle.locator('[data-status="provisioned"]')).toBeVisible();
  await screenshot(page, testInfo, 'alice-provisioned');
});

test('travel above the threshold goes through bob, then ada, then tara books it', async ({ page }, testInfo) => {
  const destination = `Lisbon ${marker()}`;
  const title = `Trip to ${destination}`;
  await signIn(page, 'alice');
  const trip = await fileByApi(page, 'travel', {
    purpose: 'Partner summit',
    destination,
    departure_at: inFuture(20),
    return_at: inFuture(23),
    estimated_cost: 3500,
  });

  await signIn(page, 'bob');
  await openInbox(page);
  await expect(row(page, title)).toContainText('$3,500.00');
  await expect(row(page, title)).toContainText('step 1 of 2');
  await decideFromRow(row(page, title).getByRole('button', { name: `Approve “${title}”` }));
  await expect(page.getByText(`Approved “${title}”`)).toBeVisible();
  await expect(row(page, title)).toHaveCount(0);

  await signIn(page, 'ada');
  await openInbox(page);
  await expect(row(page, title)).toContainText('step 2 of 2');
  await decideFromRow(row(page, title).getByRole('button', { name: `Approve “${title}”` }));
  await expect(page.getByText(`Approved “${title}”`)).toBeVisible();
  await expect(row(page, title)).toHaveCount(0);

  await signIn(page, 'tara');
  await openInbox(page);
  const task = row(page, title);
  await expect(task).toHaveAttribute('data-kind', 'task');
  await screenshot(page, testInfo, 'tara-inbox');
  await task.getByRole('button', { name: 'Book…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Book', exact: true }).click();
  // The row leaves at once; wait for the server's answer before leaving the page (it would cancel the action).
  await expect(page.getByText(`“${title}” is now booked`)).toBeVisible();
  await expect(task).toHaveCount(0);

  await page.goto(`/travel/${trip.id}`);
  await expect(page.getByRole('heading', { level: 1 }).locator('..')).toContainText('Booked');
});

test('hana fulfils an HR letter from her inbox', async ({ page }, testInfo) => {
  const text = `Employment letter for my landlord ${marker()}`;
  await signIn(page, 'alice');
  const letter = await fileByApi(page, 'hr-requests', { type: 'employment_letter', description: text, deliverable_type: 'digital' });

  await signIn(page, 'hana');
  await openInbox(page);
  const task = row(page, text);
  await expect(task).toContainText('HR desk task');
  await task.getByRole('button', { name: 'Fulfil…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Fulfil' }).click();
  await expect(dialog.getByText('Required', { exact: true })).toBeVisible();
  await dialog.getByLabel(/Link to the document/).fill('https://docs.example/letters/alice.pdf');
  await dialog.getByRole('button', { name: 'Fulfil' }).click();
  await expect(page.getByText(/is now completed/)).toBeVisible();
  await expect(task).toHaveCount(0);
  await screenshot(page, testInfo, 'hana-after-fulfil');

  await signIn(page, 'alice');
  await page.goto(`/hr-requests/${letter.id}`);
  await expect(page.getByRole('heading', { level: 1 }).locator('..')).toContainText('Completed');
});

test('bob works the inbox from the keyboard, and approves two at once', async ({ page }, testInfo) => {
  const first = marker();
  const second = marker();
  const third = marker();
  await signIn(page, 'alice');
  for (const system of [first, second, third]) {
    await addCatalogueSystem(page, { id: system });
    await fileByApi(page, 'access-requests', { system_id: system, access_type: 'modify', justification: `Keyboard journey ${system}` });
  }

  await signIn(page, 'bob');
  await openInbox(page);
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  // The shortcuts listen once the page has hydrated: press again until the help opens.
  await expect(async () => {
    await page.keyboard.press('?');
    await expect(help).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(help).toContainText('Approve');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);

  // j moves down until the first request is focused; k moves back up.
  const focused = page.locator('[data-testid="inbox-item"][aria-current="true"]');
  const total = await page.getByTestId('inbox-item').count();
  for (let i = 0; i < total && !(await focused.textContent())?.includes(first); i++) await page.keyboard.press('j');
  await expect(focused).toContainText(first);
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  await expect(focused).toContainText(first);
  await page.keyboard.press('a');
  await expect(row(page, first)).toHaveCount(0);
  await expect(page.getByText(`Approved “Modify access to ${first}”`)).toBeVisible();

  // Bulk: select the other two with x (or the checkbox) and approve them with one comment.
  await row(page, second).click({ position: { x: 4, y: 4 } });
  await page.keyboard.press('x');
  await row(page, third).getByRole('checkbox').check();
  await expect(page.getByTestId('bulk-bar')).toContainText('2 selected');
  await screenshot(page, testInfo, 'bob-bulk-selected');
  await page.keyboard.press('a');
  const dialog = page.getByRole('dialog', { name: 'Approve 2 items' });
  await dialog.getByLabel(/Comment/).fill('Both fine for the quarter.');
  await dialog.getByRole('button', { name: 'Approve 2' }).click();
  await expect(row(page, second)).toHaveCount(0);
  await expect(row(page, third)).toHaveCount(0);
  await expect(page.getByText('Approved 2 items')).toBeVisible();
});

test('a decision someone else made first rolls back with a clear message', async ({ page, browser }) => {
  const system = marker();
  const title = `New access to ${system}`;
  await signIn(page, 'alice');
  await addCatalogueSystem(page, { id: system });
  const request = await fileByApi(page, 'access-requests', { system_id: system, access_type: 'new', justification: 'Race' });

  await signIn(page, 'bob');
  await openInbox(page);
  await expect(row(page, title)).toBeVisible();

  // Ada (admin) decides the same step first, from another browser.
  const other = await browser.newPage({ baseURL: new URL(page.url()).origin });
  await signIn(other, 'ada');
  const rejected = await other.request.post(`/api/v1/operations/access-requests/${request.id}/reject`, {
    data: { comment: 'Handled elsewhere.' },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(rejected.status()).toBe(200);
  await other.close();

  await decideFromRow(row(page, title).getByRole('button', { name: `Approve “${title}”` }));
  await expect(page.getByText(/already decided or moved on by someone else/)).toBeVisible();
  await expect(row(page, title)).toHaveCount(0);
});

test('settings are for admins; ada mints a key and revokes it', async ({ page }, testInfo) => {
  await signIn(page, 'bob');
  await page.goto('/settings');
  await expect(page.getByText('Settings are for admins')).toBeVisible();

  await signIn(page, 'ada');
  await page.goto('/settings');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  const label = `ci ${marker()}`;
  await page.getByRole('button', { name: 'New key' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('combobox', { name: /Application/ }).selectOption({ label: 'New application…' });
  await dialog.getByLabel(/Application name/).fill('E2E robot');
  await dialog.getByLabel(/Label/).fill(label);
  await dialog.getByRole('button', { name: 'Create key' }).click();
  const key = dialog.getByTestId('new-key');
  await expect(key).toHaveValue(/^ey/);
  const token = await key.inputValue();
  await screenshot(page, testInfo, 'ada-key-shown-once');
  await dialog.getByRole('button', { name: 'Done' }).click();

  const me = await page.request.get('/api/v1/me', { headers: { Authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);
  expect((await me.json()).app_id).toMatch(/^app_/);

  const keyRow = page.getByTestId('key-row').filter({ hasText: label });
  await keyRow.getByRole('button', { name: `Revoke ${label}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click();
  await expect(keyRow).toContainText('Revoked');
  expect((await page.request.get('/api/v1/me', { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(401);
  await expectAccessible(page, testInfo);
  await screenshot(page, testInfo, 'ada-settings');
});
