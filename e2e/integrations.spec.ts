/**
 * Integrations in a real browser (issue 11): an admin adds a webhook endpoint and sees its secret once;
 * the expense example, with an integration key ada mints for it, files an external approval through the
 * SDK, bob decides it in his inbox, and the example prints the outcome it learnt from the signed webhook
 * (delivered to the key's own endpoint, which hears only its app's records).
 */
import { spawn } from 'node:child_process';
import { decideFromRow, expect, expectAccessible, screenshot, signIn, test } from './fixtures';

test('an admin adds a webhook endpoint and sees its secret once', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await signIn(page, 'ada');
  await page.goto('/settings#webhooks');
  const panel = page.getByTestId('webhooks-panel');
  await panel.getByRole('button', { name: 'Add endpoint' }).click();
  const url = `https://hooks.example.com/${Date.now().toString(36)}`;
  await page.locator('#webhook-url').fill(url);
  await page.locator('#webhook-description').fill('ERP');
  await page.getByRole('checkbox', { name: /approval\.decided/ }).check();
  await page.getByRole('checkbox', { name: /record\.created/ }).check();
  await page.getByRole('dialog').getByRole('button', { name: 'Add endpoint' }).click();
  await expect(page.getByText('Endpoint added')).toBeVisible();
  await expect(page.getByTestId('webhook-secret')).toHaveValue(/^whsec_/);
  await expectAccessible(page, testInfo);
  await screenshot(page, testInfo, 'webhook-secret');
  await page.getByRole('button', { name: 'Done' }).click();
  const row = panel.getByTestId('webhook-row').filter({ hasText: url });
  await expect(row).toContainText('approval.decided');
  await expect(row).toContainText('pending.completed');
  await row.getByRole('button', { name: 'Deliveries' }).click();
  await expect(row).toContainText('No deliveries yet.');
  await row.getByRole('button', { name: 'Hide deliveries' }).click();

  // A record is filed: the job runner tries to deliver it (the host cannot be reached from here), the log
  // shows the failed attempt with its error, and Retry queues it again.
  const token = (await (await page.request.post('/api/v1/auth/token', { data: { email: 'ada@acme.example', password: 'demo' } })).json()).token as string;
  const filed = await page.request.post('/api/v1/operations/pending', { headers: { Authorization: `Bearer ${token}` }, data: { type: 'task', source_id: 'webhook-e2e', title: 'For the delivery log' } });
  expect(filed.status()).toBe(201);
  const delivery = row.getByTestId('delivery-row').filter({ hasText: 'record.created' }).first();
  await expect(async () => {
    if (await row.getByRole('button', { name: 'Hide deliveries' }).isVisible()) await row.getByRole('button', { name: 'Hide deliveries' }).click();
    await row.getByRole('button', { name: 'Deliveries' }).click();
    // Attempted at least once (the runner polls every 5 s): pending again (backoff) or failed, with its error.
    await expect(delivery).toContainText(/pending|failed/, { timeout: 2_000 });
    await expect(delivery.getByRole('cell').nth(4)).toHaveText(/^[1-6]$/, { timeout: 2_000 });
  }).toPass({ timeout: 90_000 });
  await screenshot(page, testInfo, 'webhooks-panel');
  await delivery.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByText('Queued to send again')).toBeVisible();

  // Deleting it leaves nothing sending to a host that does not exist for the rest of the run.
  await row.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('button', { name: 'Delete endpoint' }).click();
  await expect(page.getByText('Endpoint deleted')).toBeVisible();
  await expect(panel.getByTestId('webhook-row').filter({ hasText: url })).toHaveCount(0);
});

test('the expense example files an approval, bob decides it in the browser, the example prints the outcome', async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  // The expense system's own integration key (an employee's roles only), minted by ada in Settings.
  await signIn(page, 'ada');
  await page.goto('/settings');
  await page.getByRole('button', { name: 'New key' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('combobox', { name: /Application/ }).selectOption({ label: 'New application…' });
  await dialog.getByLabel(/Application name/).fill(`Expenses ${Date.now().toString(36)}`);
  await dialog.getByLabel(/Label/).fill('expense approvals');
  await dialog.getByRole('button', { name: 'Create key' }).click();
  await expect(dialog.getByTestId('new-key')).toHaveValue(/^ey/);
  const key = await dialog.getByTestId('new-key').inputValue();
  await dialog.getByRole('button', { name: 'Done' }).click();

  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/expense-approval.ts'], {
    env: { ...process.env, OPSDESK_URL: baseURL, OPSDESK_TOKEN: key, OPSDESK_APPROVER: 'bob@acme.example', OPSDESK_REQUESTER: 'alice@acme.example', TIMEOUT_SECONDS: '150' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    await expect.poll(() => output, { timeout: 60_000 }).toMatch(/Filed pnd_\S+ for (exp_\w+)/);
    const expense = /for (exp_\w+)/.exec(output)![1];

    await signIn(page, 'bob');
    await page.goto('/inbox');
    const item = page.getByTestId('inbox-item').filter({ hasText: expense });
    await expect(item).toContainText('Expense');
    await expect(item).toContainText('Dinner with the customer');
    await decideFromRow(item.getByRole('button', { name: /^Approve/ }));
    await expect(page.getByText(/^Approved/)).toBeVisible();

    expect(await exited, output).toBe(0);
    expect(output).toContain('Outcome: approved');
  } finally {
    child.kill();
  }
});
