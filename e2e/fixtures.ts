/**
 * Shared e2e helpers: one-click demo sign-in, the accessibility check, and screenshots kept as artifacts.
 * Demo people: alice (employee, manager bob), bob (manager), hana (hr), ivan (it), tara (travel), ada (admin).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test as base, type Locator, type Page, type TestInfo } from '@playwright/test';

export type DemoPerson = 'alice' | 'bob' | 'hana' | 'ivan' | 'tara' | 'ada';

const NAMES: Record<DemoPerson, string> = {
  alice: 'Alice Archer',
  bob: 'Bob Brennan',
  hana: 'Hana Hoshino',
  ivan: 'Ivan Ilic',
  tara: 'Tara Thompson',
  ada: 'Ada Adeyemi',
};

export function fullName(person: DemoPerson): string {
  return NAMES[person];
}

/** Signs in from the sign-in page's demo list, as a person would, and waits for the home screen. */
export async function signIn(page: Page, person: DemoPerson, tenant: 'acme' | 'globex' = 'acme'): Promise<void> {
  await page.context().clearCookies();
  await page.goto('/signin');
  await page.getByRole('button', { name: `Sign in as ${NAMES[person]} (${person}@${tenant}.example)` }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await expect(page.getByRole('button', { name: `Account menu for ${NAMES[person]}` })).toBeVisible();
}

/** No serious or critical axe-core violations on the current screen. */
export async function expectAccessible(page: Page, testInfo?: TestInfo): Promise<void> {
  // A toast fading in is measured at part opacity: let toasts finish their entrance first.
  await page
    .waitForFunction(() => [...document.querySelectorAll('[data-sonner-toast]')].every((el) => getComputedStyle(el).opacity === '1'), undefined, { timeout: 3000 })
    .catch(() => undefined);
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (testInfo && serious.length > 0) {
    await testInfo.attach('axe-violations.json', { body: JSON.stringify(serious, null, 2), contentType: 'application/json' });
  }
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

/** A full-page screenshot kept with the test's artifacts (test-results/) and in the HTML report. */
export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

/**
 * Decides from an inbox row and takes the pointer off the row: the decision's toast opens in the
 * bottom-right corner, where the last rows of a full inbox are, and a toast under the pointer is a
 * hovered toast (sonner pauses and restacks it), not the one a person watches come and go.
 */
export async function decideFromRow(button: Locator): Promise<void> {
  await button.click();
  await button.page().mouse.move(0, 0);
}

export const test = base;
export { expect };

/**
 * Adds a system to acme's catalogue through the REST API as ada (an admin), with a bearer token so the
 * page's own session is untouched. The demo seeds a catalogue, so an access request must name one of its
 * systems: journeys that want a system of their own (a unique marker in titles) add it first.
 */
export async function addCatalogueSystem(
  page: Page,
  system: { id: string; name?: string; entitlements?: string[]; max_days?: number | null; owner_ids?: string[] },
): Promise<void> {
  const token = await page.request.post('/api/v1/auth/token', { data: { email: 'ada@acme.example', password: 'demo' } });
  expect(token.status(), await token.text()).toBe(200);
  const { token: bearer } = (await token.json()) as { token: string };
  const created = await page.request.post('/api/v1/systems', {
    data: { name: system.id, ...system },
    headers: { Authorization: `Bearer ${bearer}` },
  });
  expect(created.status(), await created.text()).toBe(201);
}
