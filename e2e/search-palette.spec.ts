/**
 * Issue 14, item 8: the top bar's search finds records and people grouped, Enter opens one; ⌘K / Ctrl+K
 * opens the palette — file a request, go anywhere, and in the inbox approve the focused item — all by
 * keyboard, accessible. Globex's Bob decides in the inbox (no other journey changes globex).
 */
import { expect, expectAccessible, screenshot, signIn, test } from './fixtures';

test('search in the top bar, the /search page and the Ctrl+K palette, keyboard only', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await signIn(page, 'alice');
  const box = page.getByTestId('search-input');
  await box.fill('Berlin');
  const results = page.getByTestId('search-results');
  await expect(results.getByRole('group', { name: 'Travel' })).toBeVisible();
  await expect(results.getByRole('option', { name: /Trip to Berlin/ }).first()).toBeVisible();
  await expectAccessible(page, testInfo);
  await box.press('Enter');
  await expect(page).toHaveURL(/\/travel\/trv_/);

  // People by name, and the full page.
  await page.goto('/search?q=brennan');
  await expect(page.getByTestId('search-group-person')).toContainText('Bob Brennan');
  await expectAccessible(page, testInfo);

  // The palette: Ctrl+K once the page listens, type, Enter.
  await page.goto('/');
  const palette = page.getByTestId('command-palette');
  await expect(async () => {
    await page.keyboard.press('Control+k');
    await expect(palette).toBeVisible({ timeout: 1000 });
  }).toPass();
  await page.keyboard.type('new travel');
  await expect(palette.getByRole('option', { name: /New travel request/i }).first()).toBeVisible();
  // A screen reader follows the highlighted option: the input names it, after filtering and after the arrows.
  const input = palette.getByRole('combobox');
  const announced = async () => {
    const id = await input.getAttribute('aria-activedescendant');
    return id ? palette.locator(`[id="${id}"]`).getAttribute('aria-selected') : 'none';
  };
  await expect.poll(announced).toBe('true');
  await page.keyboard.press('ArrowDown');
  await expect.poll(announced).toBe('true');
  await page.keyboard.press('ArrowUp');
  await expect.poll(announced).toBe('true');
  await expectAccessible(page, testInfo);
  await screenshot(page, testInfo, 'palette');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/travel\/new$/);

  // In the inbox, the palette approves the focused item through the inbox's own path.
  await signIn(page, 'bob', 'globex');
  await page.goto('/inbox');
  const first = page.locator('main li[tabindex]').first();
  await expect(first).toBeVisible();
  await first.focus();
  await expect(async () => {
    await page.keyboard.press('Control+k');
    await expect(palette).toBeVisible({ timeout: 1000 });
  }).toPass();
  await page.keyboard.type('approve the focused');
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect(page.locator('[data-sonner-toast]').first()).toContainText(/approv/i);
});
