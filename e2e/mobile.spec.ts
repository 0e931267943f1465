/**
 * Issue 14, item 6 (project `mobile`: 390×844, touch): the navigation in a drawer, a compact top bar, lists
 * as cards, inbox rows that wrap, single-column detail pages and full-width forms — nothing wider than the
 * phone, every touch target at least 44 px — light and dark, with screenshots.
 */
import type { Page } from '@playwright/test';
import { expect, expectAccessible, screenshot, signIn, test } from './fixtures';

async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Visible buttons and links of the top bar and the given region smaller than 44 px in height or width. */
async function smallTargets(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const small: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(`${sel} button, ${sel} a, ${sel} select, ${sel} input`)) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      if (box.height < 44 - 0.5) small.push(`${el.tagName} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
    return small;
  }, selector);
}

test('a phone: drawer navigation, cards, wrapping inbox rows, single-column pages, 44 px targets, light and dark', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await signIn(page, 'bob');
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  expect(await smallTargets(page, 'header')).toEqual([]);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();

  // The drawer: open, go to Travel, and it closes.
  await page.getByTestId('mobile-nav-trigger').tap();
  const drawer = page.getByRole('dialog');
  await expect(drawer.getByRole('link', { name: 'Travel' })).toBeVisible();
  expect(await smallTargets(page, '[role="dialog"] nav')).toEqual([]);
  await expectAccessible(page, testInfo);
  await screenshot(page, testInfo, 'mobile-drawer');
  await drawer.getByRole('link', { name: 'Travel' }).tap();
  await expect(page).toHaveURL(/\/travel$/);
  await expect(drawer).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: 'Travel' })).toBeVisible();

  // Lists are cards: one per record, full width, no sideways scrolling.
  await page.goto('/travel?scope=all');
  const card = page.getByTestId('record-row').first();
  await expect(card).toBeVisible();
  expect((await card.boundingBox())!.width).toBeGreaterThan(300);
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await expectAccessible(page, testInfo);
  await screenshot(page, testInfo, 'mobile-travel-list');

  // The inbox: rows wrap their titles instead of cutting them off.
  await page.goto('/inbox');
  await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  const truncated = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('main li *')].filter((el) => getComputedStyle(el).textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth).length,
  );
  expect(truncated).toBe(0);
  await expectAccessible(page, testInfo);
  await screenshot(page, testInfo, 'mobile-inbox');

  // A detail page in one column, a form full width.
  await page.goto('/travel?scope=all');
  await page.getByTestId('record-row').first().locator('a').first().tap();
  await expect(page).toHaveURL(/\/travel\/trv_/);
  // The URL changes before the new page has rendered: measure once its panels are there.
  for (const name of ['Actions', 'Details', 'Timeline']) await expect(page.getByRole('heading', { level: 2, name, exact: true })).toBeVisible();
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  // One column: every panel the width of the screen, what to do now above the record's details.
  const panels = await page.locator('main section').evaluateAll((sections) =>
    sections.map((el) => ({ title: el.querySelector('h2')?.textContent ?? '', box: el.getBoundingClientRect() })),
  );
  expect(panels.filter((p) => p.box.width < 340).map((p) => p.title)).toEqual([]);
  const top = (title: string) => panels.find((p) => p.title === title)!.box.top;
  expect(top('Actions')).toBeLessThan(top('Details'));
  expect(top('Details')).toBeLessThan(top('Timeline'));
  await screenshot(page, testInfo, 'mobile-travel-detail');
  await page.goto('/travel/new');
  const purpose = page.getByLabel(/Purpose/);
  await expect(purpose).toBeVisible();
  expect((await purpose.boundingBox())!.width).toBeGreaterThan(300);
  expect(await overflow(page)).toBeLessThanOrEqual(0);

  // Dark mode follows the system.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/inbox');
  await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();
  await expectAccessible(page, testInfo);
  await screenshot(page, testInfo, 'mobile-inbox-dark');
  await page.goto('/travel?scope=all');
  await screenshot(page, testInfo, 'mobile-travel-list-dark');
});

test('an admin on a phone: settings without sideways scrolling, people as cards, light and dark, hydrated cleanly', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  // A list the browser builds differently from the server (currencies, time zones) fails hydration: React says so here.
  const hydration: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /hydrat|#418|#423|#425/i.test(message.text())) hydration.push(message.text().slice(0, 200));
  });
  await signIn(page, 'ada');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/settings');
    const people = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'People', exact: true }) });
    const card = people.getByTestId('person-row').first();
    await expect(card).toBeVisible();
    expect((await card.boundingBox())!.width).toBeGreaterThan(300);
    await expect(card.getByRole('button', { name: /^Edit / })).toBeVisible();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await expectAccessible(page, testInfo);
    await screenshot(page, testInfo, `mobile-settings-${scheme}`);
  }
  await page.goto('/preferences');
  await expect(page.getByLabel('Time zone')).toBeVisible();
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  expect(hydration).toEqual([]);
});
