/**
 * Settings → Jobs in a real browser (issue 10): the server's own runner works the queue (pg-boss when the
 * e2e server runs on PostgreSQL, the table on the embedded database). Ada points a webhook at a host that
 * does not exist and files a task: the delivery job's first attempt fails, the panel shows it queued again
 * with why, and she discards it there. Done jobs (the emails the demo sends) are listed under their chip.
 */
import type { Page } from '@playwright/test';
import { expect, expectAccessible, screenshot, signIn, test } from './fixtures';

async function call(page: Page, method: 'POST' | 'DELETE', path: string, body?: unknown) {
  const origin = new URL(page.url()).origin;
  const response = await page.request.fetch(path, { method, data: body, headers: { Origin: origin } });
  expect(response.ok(), await response.text()).toBe(true);
  return response.status() === 204 ? null : response.json();
}

test('ada sees a failing delivery among the jobs, with why, and discards it; done jobs have their chip', async ({ page }, testInfo) => {
  const marker = `jobs${Date.now().toString(36)}`;
  await signIn(page, 'ada');
  const hook = await call(page, 'POST', '/api/v1/webhooks', { url: `https://hooks.example.com/${marker}`, events: ['record.created'] });
  try {
    await call(page, 'POST', '/api/v1/operations/pending', { type: 'task', source_id: marker, title: `Jobs panel ${marker}` });

    // The runner polls every 5 s; the first attempt fails (no such host) and the job waits for its retry.
    await page.goto('/settings?jobs_state=queued#jobs');
    const panel = page.getByTestId('jobs-panel');
    const failing = panel.getByTestId('job-row').filter({ hasText: 'webhook.deliver' }).filter({ hasText: /Attempt 1 failed: .+/ });
    await expect
      .poll(
        async () => {
          await page.reload();
          return failing.count();
        },
        { timeout: 45_000, intervals: [1000, 2000] },
      )
      .toBeGreaterThan(0);
    const row = failing.first();
    await expect(row).toContainText('queued');
    await expect(row).toContainText(/1 of \d+/);
    await expect(row).toContainText(/runs in/);
    const id = await row.getByTitle(/^job_/).getAttribute('title');
    await expectAccessible(page, testInfo);
    await screenshot(page, testInfo, 'jobs-retrying');
    await row.screenshot({ path: testInfo.outputPath('jobs-retrying-row.png') });
    // Scheduled jobs that never failed (tomorrow's SLA checks) offer no Discard: only a failing one does.
    await expect(panel.getByTestId('job-row').filter({ hasNotText: 'failed' }).first().getByRole('button', { name: /^Discard/ })).toHaveCount(0);

    await row.getByRole('button', { name: /^Discard/ }).click();
    await expect(page.getByText('Discarded')).toBeVisible();
    await expect(panel.getByTitle(id!)).toHaveCount(0);

    // The emails the demo and this run sent are done jobs, under their own chip.
    await panel.getByRole('link', { name: /^Done \(7 days\)/ }).click();
    await page.waitForURL(/jobs_state=done/);
    await expect(panel.getByRole('link', { name: /^Done \(7 days\)/ })).toHaveAttribute('aria-current', 'page');
    await expect(panel.getByTestId('job-row').filter({ hasText: 'email.send' }).first()).toContainText('done');
  } finally {
    await call(page, 'DELETE', `/api/v1/webhooks/${hook.id}`);
  }
});
