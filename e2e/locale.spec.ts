/**
 * Issue 14, item 7 (project `locale`: a German browser in Tokyo). On the first visit the person's locale and
 * zone are taken from the browser; then the inbox, a list and a detail page read in German formats and
 * Tokyo time, amounts in the tenant's currency, and the greeting follows Tokyo's clock. Globex's Tara: no
 * other journey signs in as her, so her first visit is this one.
 */
import { expect, expectAccessible, screenshot, signIn, test } from './fixtures';

const GERMAN_DATE = /\b\d{1,2}\.\d{1,2}\.\d{4}\b/;

test('a German browser in Tokyo: dates, times and money in de-DE and Asia/Tokyo on the inbox, a list and a detail page', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await signIn(page, 'tara', 'globex');
  // The browser's own settings are adopted once, and the server renders in them from then on.
  await expect
    .poll(async () => (await page.request.get('/api/v1/me/preferences')).json())
    .toMatchObject({ locale: 'de-DE', time_zone: 'Asia/Tokyo', defaulted: false });
  await page.reload();
  const tokyoHour = Number(new Intl.DateTimeFormat('en-US', { hour: 'numeric', hourCycle: 'h23', timeZone: 'Asia/Tokyo' }).format(new Date()));
  const expected = tokyoHour >= 5 && tokyoHour < 12 ? 'Good morning' : tokyoHour >= 12 && tokyoHour < 18 ? 'Good afternoon' : 'Good evening';
  await expect(page.getByRole('heading', { level: 1 })).toContainText(expected);

  // The inbox: the desk's review, due "nächste Woche", its exact time in German on hover.
  await page.goto('/inbox');
  const task = page.getByRole('listitem').filter({ hasText: 'Travel policy update' }).first();
  await expect(task.locator('time[data-due]').first()).toHaveAttribute('title', /^Due \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}$/);
  await expect(task).toContainText(/nächste Woche|in \d+ Tagen/);
  await screenshot(page, testInfo, 'inbox-de-tokyo');

  // A list: relative times in German, amounts in German.
  await page.goto('/travel?scope=all');
  // The list's own rows (a streamed page also leaves React's hidden, empty table shells in the document).
  const rows = page.getByRole('table', { name: 'Travel' }).locator('tbody');
  await expect(rows).toContainText(/vor \d+ (Tagen|Tag|Std\.|Min\.)/);
  await expect(rows).toContainText('4.200,00 $');
  await expectAccessible(page, testInfo);

  // A detail page: the departure, seeded at 09:00 UTC, reads 18:00 in Tokyo.
  await rows.locator('a', { hasText: 'San Francisco' }).first().click();
  await expect(page).toHaveURL(/\/travel\/trv_/);
  const main = page.locator('main');
  await expect(main).toContainText(/\d{2}\.\d{2}\.\d{4}, 18:00/);
  // By element: a field's value follows its label with no space between them in the text content.
  await expect(main.getByText(GERMAN_DATE).first()).toBeVisible();
  await expect(main).not.toContainText(' UTC');
  await expect(main).toContainText('4.200,00 $');
  await screenshot(page, testInfo, 'travel-detail-de-tokyo');
  // Its form shows the same time: the departure typed as Tokyo wall time.
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  await expect(page.getByLabel(/^Departure/)).toHaveValue(/T18:00$/);

  // The preferences screen says what is in force, and a change applies at once.
  await page.goto('/preferences');
  await expect(page.getByLabel('Time zone')).toHaveValue('Asia/Tokyo');
  await page.getByLabel('Language and region').selectOption('en-GB');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Language and time zone saved.')).toBeVisible();
  await expect(page.getByTestId('locale-preview')).toContainText('US$4,200.00');
  await expectAccessible(page, testInfo);
});
