/**
 * Asking for information (engine.md §3) in a real browser: bob asks alice a question from his inbox; the
 * approval waits; alice reads it on her request and answers; the item comes back to bob, who approves
 * from the request; the question and the answer stay in the request's timeline.
 */
import { expect, expectAccessible, screenshot, signIn, test } from './fixtures';

const marker = () => `ask${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const inFuture = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000).toISOString();

test('bob asks, alice answers on her request, bob approves; the thread is in the timeline', async ({ page }, testInfo) => {
  const destination = `Ghent ${marker()}`;
  const title = `Trip to ${destination}`;
  const question = 'Which customer is this workshop for?';
  const answer = 'Contoso — the renewal kick-off.';

  await signIn(page, 'alice');
  const origin = new URL(page.url()).origin;
  const filed = await page.request.post('/api/v1/operations/travel', {
    data: { purpose: 'Customer workshop', destination, departure_at: inFuture(30), return_at: inFuture(32), estimated_cost: 450 },
    headers: { Origin: origin },
  });
  expect(filed.status(), await filed.text()).toBe(201);
  const { id } = (await filed.json()) as { id: string };
  const detail = `/travel/${id}`;

  // Alice may not decide her own request: the buttons are there, disabled, with the reason on focus.
  await page.goto(detail);
  const approve = page.getByRole('button', { name: 'Approve', exact: true });
  await expect(approve).toHaveAttribute('aria-disabled', 'true');
  await approve.focus();
  await expect(page.getByRole('tooltip')).toContainText('Nobody approves their own request.');
  await screenshot(page, testInfo, 'alice-disabled-approve');

  await signIn(page, 'bob');
  await page.goto('/inbox');
  const row = page.getByTestId('inbox-item').filter({ hasText: title });
  await row.getByRole('button', { name: `Ask for information about “${title}”` }).click();
  const dialog = page.getByRole('dialog', { name: `Ask Alice Archer about “${title}”` });
  await dialog.getByLabel('Your question for Alice Archer').fill(question);
  await expectAccessible(page, testInfo);
  await screenshot(page, testInfo, 'bob-asks');
  await dialog.getByRole('button', { name: 'Ask Alice' }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByTestId('blocked-reason')).toHaveText('Waiting for Alice Archer to answer Bob Brennan’s question.');
  await expect(row.getByRole('button', { name: `Approve “${title}”` })).toHaveCount(0);
  await screenshot(page, testInfo, 'bob-inbox-waiting');

  await signIn(page, 'alice');
  await page.goto(detail);
  const panel = page.getByTestId('info-request');
  await expect(panel).toContainText('Waiting for your answer');
  await expect(panel).toContainText(question);
  await expectAccessible(page, testInfo);
  await screenshot(page, testInfo, 'alice-answers');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, testInfo, 'alice-answers-mobile');
  await page.setViewportSize({ width: 1280, height: 800 });
  await panel.getByLabel('Your answer').fill(answer);
  await panel.getByRole('button', { name: 'Send answer' }).click();
  await expect(page.getByText('Answer sent')).toBeVisible();
  await expect(page.getByTestId('info-request')).toHaveCount(0);

  await signIn(page, 'bob');
  await page.goto('/inbox');
  await expect(row.getByRole('button', { name: `Approve “${title}”` })).toBeVisible();
  await page.goto(detail);
  await page.getByRole('button', { name: 'Approve', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: `Approve — ${title}` });
  await confirm.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByText('Approve: done')).toBeVisible();
  const timeline = page.getByRole('list', { name: 'Lifecycle' });
  await expect(timeline.getByTestId('thread-question')).toHaveText(question);
  await expect(timeline.getByTestId('thread-answer')).toHaveText(answer);
  await expect(timeline).toContainText('Asked for information');
  await expect(timeline).toContainText('Answered');
  await expectAccessible(page, testInfo);
  await screenshot(page, testInfo, 'timeline-thread');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, testInfo, 'timeline-thread-mobile');
});
