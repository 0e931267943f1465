import fs from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

/**
 * e2e runs against the production build on an unusual port, on a fresh database (scripts/e2e-server.mjs).
 * Several runs at once on one machine (e.g. two people in one checkout) must not share a port, database or
 * build: give each its own E2E_PORT, E2E_DATA_DIR (or E2E_DATABASE with DATABASE_URL) and NEXT_DIST_DIR.
 * Chromium: PLAYWRIGHT_CHROMIUM_PATH, else Debian's /usr/bin/chromium when present, else Playwright's own.
 */
const port = Number(process.env.E2E_PORT ?? 3917);
const baseURL = `http://localhost:${port}`;
const executablePath =
  process.env.PLAYWRIGHT_CHROMIUM_PATH || (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // One worker: the journeys share the demo tenants, as real people share one organisation.
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  reporter: [
    ['list'],
    ['json', { outputFile: 'test-results/playwright.json' }],
    ['html', { open: 'never', outputFolder: 'playwright-report' }],
  ],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    command: 'node scripts/e2e-server.mjs',
    url: `${baseURL}/api/health`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: { PORT: String(port) },
  },
});
