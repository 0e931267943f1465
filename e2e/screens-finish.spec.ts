/**
 * Issue 14, items 4 and 5: the plumbing stays out of people's way (no Pending items for employees, no ids
 * or "∅" on detail pages, a CSV with labels and names), and the layout holds (filter selects show their
 * text, lists never widen the page at 1280 px, the sidebar runs the full height, a missing record is a
 * real 404 with the app's own page, the icons resolve). Screenshots at 1280 px and on a phone.
 */
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, expectAccessible, screenshot, signIn, test } from './fixtures';

const RAW_ID = /\b[a-z]{3}_[0-9A-HJKMNP-TV-Z]{26}\b/;

async function mainText(page: Page): Promise<string> {
  return page.locator('main').innerText();
}

async function pageOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test.use({ viewport: { width: 1280, height: 800 }, timezoneId: 'Asia/Tokyo' });

test.describe('screens: the plumbing hidden, the layout fixed', () => {
  test('an employee meets no pending-item plumbing; an admin still does', async ({ page }, testInfo) => {
    await signIn(page, 'alice');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'Travel' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Pending items' })).toHaveCount(0);

    const form = await page.goto('/pending/new');
    expect(form?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('We can’t find that page');

    // The generic list stays reachable (links from the inbox), without a form asking for ids.
    await page.goto('/pending?scope=all');
    await expect(page.getByRole('heading', { level: 1, name: 'Pending items' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'New pending item' })).toHaveCount(0);
    await expectAccessible(page, testInfo);

    await signIn(page, 'ada');
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pending items' })).toBeVisible();
    await page.goto('/pending');
    await expect(page.getByRole('link', { name: 'New pending item' })).toBeVisible();
  });

  test('detail pages show names and words, never ids, empty plumbing or "∅"', async ({ page }, testInfo) => {
    await signIn(page, 'alice');
    // Her trip to the sales kickoff (the demo's own), which Bob rejected; the demo holds many more rejected trips.
    await page.goto('/travel?scope=all&status=rejected&q=Sales%20kickoff');
    await page.locator('tbody a').first().click();
    await expect(page).toHaveURL(/\/travel\/trv_/);
    await expect(page.getByRole('heading', { level: 2, name: 'History' })).toBeVisible();
    let text = await mainText(page);
    expect(text).not.toMatch(RAW_ID);
    expect(text).not.toMatch(/per_|∅/);
    // The approver was set when Bob decided: the history says who, not "∅ → Bob Brennan".
    await expect(page.locator('main').getByText(/^Approver: Bob Brennan$/)).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Breadcrumb' })).toContainText(await page.getByRole('heading', { level: 1 }).innerText());
    await expectAccessible(page, testInfo);
    await screenshot(page, testInfo, 'travel-detail-1280');

    // An engine-made approval item: no engine flags, policy versions, candidate lists or entity ids.
    await page.goto('/pending?scope=all&type=approval');
    await page.locator('tbody a').first().click();
    await expect(page).toHaveURL(/\/pending\/pnd_/);
    text = await mainText(page);
    expect(text).not.toMatch(RAW_ID);
    expect(text).not.toMatch(/per_|∅|Made by the engine|Policy version|Waiting on|Entity type|Schema/);
    await expect(page.getByRole('link', { name: /^Open the .+ request$/i })).toBeVisible();
    await expectAccessible(page, testInfo);
    await screenshot(page, testInfo, 'pending-detail-1280');
  });

  test('filter selects show their whole text', async ({ page }, testInfo) => {
    await signIn(page, 'alice');
    await page.goto('/travel');
    const status = page.getByLabel('Status');
    for (const option of ['', 'rejected']) {
      await status.selectOption(option);
      if (option) await expect(page).toHaveURL(/status=rejected/);
      const box = await status.evaluate((el: HTMLSelectElement) => {
        const style = getComputedStyle(el);
        const content = el.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
        return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, content, fontSize: parseFloat(style.fontSize) };
      });
      expect(box.scrollWidth).toBeLessThanOrEqual(box.clientWidth);
      // Room for a whole line, descenders included ("Any", "Rejected" were cut to "Anv", "Reiected").
      expect(box.content).toBeGreaterThanOrEqual(box.fontSize * 1.2);
    }
    await expect(status.locator('option:checked')).toHaveText('Rejected');
    await expectAccessible(page, testInfo);
  });

  test('at 1280 px the lists scroll inside their card, never the page; the sidebar runs the full height', async ({ page }, testInfo) => {
    await signIn(page, 'ada');
    for (const url of ['/travel?scope=all', '/pending?scope=all']) {
      await page.goto(url);
      await expect(page.getByRole('table')).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
      await expectAccessible(page, testInfo);
      await screenshot(page, testInfo, `list-${url.slice(1, url.indexOf('?'))}-1280`);
    }

    // A long page: the sidebar's background reaches its bottom, and its links stay in view.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(height).toBeGreaterThan(1200);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const aside = await page.locator('aside').evaluate((el) => {
      const rect = el.getBoundingClientRect();
      return { bottom: rect.bottom + window.scrollY, background: getComputedStyle(el).backgroundColor };
    });
    expect(aside.bottom).toBeGreaterThanOrEqual(height - 1);
    expect(aside.background).not.toBe('rgba(0, 0, 0, 0)');
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' })).toBeInViewport();
  });

  test('a missing record is a 404 with the app’s own page and a way back', async ({ page }, testInfo) => {
    await signIn(page, 'alice');
    const response = await page.goto('/travel/trv_00000000000000000000000000');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('We can’t find that page');
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await expectAccessible(page, testInfo);
    await screenshot(page, testInfo, 'not-found-1280');
    await page.getByRole('link', { name: 'Back to travel' }).click();
    await expect(page).toHaveURL(/\/travel$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Travel' })).toBeVisible();

    const edit = await page.goto('/equipment/eqp_00000000000000000000000000/edit');
    expect(edit?.status()).toBe(404);
  });

  test('the favicon and app icons resolve', async ({ page }) => {
    await signIn(page, 'alice');
    const icons = await page.locator('link[rel="icon"], link[rel="apple-touch-icon"]').evaluateAll((links) =>
      links.map((link) => ({ rel: link.getAttribute('rel'), href: (link as HTMLLinkElement).href })),
    );
    expect(icons.map((i) => i.rel)).toEqual(expect.arrayContaining(['icon', 'apple-touch-icon']));
    expect(icons.some((i) => i.href.includes('.svg'))).toBe(true);
    for (const icon of icons) {
      const response = await page.request.get(icon.href);
      expect(response.status(), icon.href).toBe(200);
      expect(response.headers()['content-type']).toMatch(/^image\//);
    }
  });

  test('the CSV export has labels for headers, names for people and local dates', async ({ page }) => {
    await signIn(page, 'alice');
    // Dates in the person's own zone, as on every screen (their setting, whatever this computer's clock says);
    // alice's own setting is put back afterwards for the journeys that follow.
    const origin = { Origin: new URL(page.url()).origin };
    const before = (await (await page.request.get('/api/v1/me/preferences')).json()) as { time_zone: string };
    await page.request.put('/api/v1/me/preferences', { data: { time_zone: 'Asia/Tokyo' }, headers: origin });
    await page.goto('/travel?scope=all');
    const link = page.getByRole('link', { name: 'Export CSV' });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    await page.request.put('/api/v1/me/preferences', { data: { time_zone: before.time_zone }, headers: origin });
    const csv = fs.readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const [header, ...rows] = csv.trim().split('\r\n');
    const labels = header!.split(',').map((cell) => cell.replace(/^"|"$/g, ''));
    expect(labels.slice(0, 3)).toEqual(['ID', 'Status', 'Traveller']);
    expect(labels).toEqual(expect.arrayContaining(['Destination', 'Departure', 'Return', 'Estimated cost', 'Filed by', 'Created', 'Updated']));
    expect(header).not.toMatch(/_id|_at|tenant|schema/);
    expect(rows.length).toBeGreaterThan(0);
    expect(csv).not.toContain('per_');
    expect(csv).toContain('"Alice Archer"');
    expect(rows[0]).toMatch(/"\d{4}-\d{2}-\d{2} \d{2}:\d{2}"/);
    expect(csv).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    // The first row's "Created" is its instant in Tokyo.
    const cells = [...rows[0]!.matchAll(/"((?:[^"]|"")*)"|([^,]+)/g)].map((m) => m[1] ?? m[2] ?? '');
    const record = (await (await page.request.get(`/api/v1/operations/travel/${cells[0]}`)).json()) as { created_at: string };
    const tokyo = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    expect(cells).toContain(tokyo.format(new Date(record.created_at)));
  });

  test('on a phone: list, detail and the missing page', async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, 'alice');
    await page.goto('/travel?scope=all');
    await expect(page.getByRole('table')).toBeVisible();
    await screenshot(page, testInfo, 'list-travel-390');
    await page.locator('tbody a').first().click();
    await expect(page.getByRole('heading', { level: 2, name: 'Details' })).toBeVisible();
    expect(await mainText(page)).not.toMatch(RAW_ID);
    await screenshot(page, testInfo, 'travel-detail-390');
    await page.goto('/travel/trv_00000000000000000000000000');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('We can’t find that page');
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, testInfo, 'not-found-390');
  });
});
