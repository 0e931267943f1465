/**
 * Integrations in a real browser (issue 11): an admin adds a webhook endpoint and sees its secret once;
 * the expense example files an external approval through the SDK, bob decides it in his inbox, and the
 * example prints the outcome it learnt from the signed webhook.
 */
import { spawn } from 'node:child_process';
import { decideFromRow, expect, expectAccessible, screenshot, signIn, test } from './fixtures';

test('an admin adds a webhook endpoint and sees its secret once', async ({ page }, testInfo) => {
  await signIn(page, 'ada');
  await page.goto('/settings#webhooks');
  const panel = page.getByTestId('webhooks-panel');
  await panel.getByRole('button', { name: 'Add endpoint' }).click();
  const url = `https://hooks.example.com/${Date.now().toString(36)}`;
  await page.locator('#webhook-url').fill(url);
  await page.locator('#webhook-description').fill('ERP');
  await page.getByRole('checkbox', { name: /approval\.decided/ }).check();
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
  await screenshot(page, testInfo, 'webhooks-panel');

  // Deleting it leaves nothing sending to a host that does not exist for the rest of the run.
  await row.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('button', { name: 'Delete endpoint' }).click();
  await expect(page.getByText('Endpoint deleted')).toBeVisible();
  await expect(panel.getByTestId('webhook-row').filter({ hasText: url })).toHaveCount(0);
});

test('the expense example files an approval, bob decides it in the browser, the example prints the outcome', async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const token = await page.request.post('/api/v1/auth/token', { data: { email: 'ada@acme.example', password: 'demo' } });
  expect(token.status()).toBe(200);
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/expense-approval.ts'], {
    env: { ...process.env, OPSDESK_URL: baseURL, OPSDESK_TOKEN: (await token.json()).token, OPSDESK_APPROVER: 'bob@acme.example', OPSDESK_REQUESTER: 'alice@acme.example', TIMEOUT_SECONDS: '150' },
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
