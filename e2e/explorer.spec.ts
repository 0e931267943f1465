import { expect, expectAccessible, screenshot, signIn, test } from './fixtures';

test('alice runs a list and a create in the API explorer and copies the call as curl', async ({ page }, testInfo) => {
  await signIn(page, 'alice');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API explorer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'API explorer' })).toBeVisible();

  // Deep link: resource and operation come from the URL.
  await page.goto('/explorer?resource=travel&operation=list');
  await expect(page.getByLabel('Resource')).toHaveValue('travel');
  await expect(page.getByTestId('request-line')).toContainText('/api/v1/operations/travel');
  await page.getByRole('button', { name: 'Run request' }).click();
  await expect(page.getByTestId('response-status')).toHaveText(/^200\b/);
  await expect(page.getByTestId('response-body')).toContainText('"next_cursor"');
  await expect(page.getByTestId('response-body')).toContainText('"data"');

  await page.getByRole('navigation', { name: 'Operations' }).getByRole('button', { name: /Create/ }).click();
  await expect(page).toHaveURL(/operation=create/);
  await expect(page.getByLabel('JSON body')).toHaveValue(/"destination"/);
  await page.getByRole('button', { name: 'Run request' }).click();
  await expect(page.getByTestId('response-status')).toHaveText(/^201\b/);
  await expect(page.getByTestId('response-body')).toContainText('"id": "trv_');
  await expect(page.getByTestId('response-body')).toContainText('"status": "requested"');

  await page.getByRole('tab', { name: 'curl' }).click();
  const curl = page.getByTestId('curl-snippet');
  await expect(curl).toContainText('-X POST');
  await expect(curl).toContainText('/api/v1/operations/travel');
  await expect(curl).toContainText('Authorization: Bearer $OPSDESK_TOKEN');
  await expect(page.getByText('npm run token -- --email alice@acme.example')).toBeVisible();

  await page.getByRole('tab', { name: 'TypeScript SDK' }).click();
  await expect(page.getByTestId('sdk-snippet')).toContainText('opsdesk.operations.travel.create(');

  await expectAccessible(page, testInfo);
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, testInfo, 'explorer-create');
});

test('a bad body is caught before it is sent, and a problem answer is shown', async ({ page }) => {
  await signIn(page, 'alice');
  await page.goto('/explorer?resource=travel&operation=create');
  const body = page.getByLabel('JSON body');
  await body.fill('{ "purpose": ');
  await expect(page.getByText(/Not valid JSON/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Run request' })).toBeDisabled();

  await body.fill('{ "purpose": "Too short" }');
  await body.press('Control+Enter');
  await expect(page.getByTestId('response-status')).toHaveText(/^422\b/);
  await expect(page.getByTestId('response-body')).toContainText('"errors"');
});
