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
// The OpenID provider of e2e/sso.spec.ts (e2e/support/oidc-provider.mjs), on its own loopback port.
const oidcPort = Number(process.env.E2E_OIDC_PORT ?? port + 1);
// The SMTP server the production server mails to (e2e/support/smtp-sink.mjs), and its HTTP read-out for the specs.
const smtpPort = Number(process.env.E2E_SMTP_PORT ?? port + 2);
const smtpHttpPort = Number(process.env.E2E_SMTP_HTTP_PORT ?? smtpPort + 1);
process.env.E2E_SMTP_HTTP_PORT = String(smtpHttpPort);
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
  projects: [
    { name: 'chromium', use: { ...devices['Desktop Chrome'] }, testIgnore: [/mobile\.spec\.ts$/, /locale\.spec\.ts$/] },
    // Issue 14: a phone (390×844, touch) and a German browser in Tokyo.
    {
      name: 'mobile',
      testMatch: /mobile\.spec\.ts$/,
      use: { ...devices['Desktop Chrome'], viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
    },
    { name: 'locale', testMatch: /locale\.spec\.ts$/, use: { ...devices['Desktop Chrome'], locale: 'de-DE', timezoneId: 'Asia/Tokyo' } },
  ],
  webServer: [
    {
      command: 'node e2e/support/oidc-provider.mjs',
      url: `http://127.0.0.1:${oidcPort}/.well-known/openid-configuration`,
      timeout: 30_000,
      reuseExistingServer: false,
      env: { E2E_OIDC_PORT: String(oidcPort), E2E_PORT: String(port) },
    },
    {
      command: 'node e2e/support/smtp-sink.mjs',
      url: `http://127.0.0.1:${smtpHttpPort}/messages`,
      timeout: 30_000,
      reuseExistingServer: false,
      env: { E2E_SMTP_PORT: String(smtpPort), E2E_SMTP_HTTP_PORT: String(smtpHttpPort) },
    },
    {
      command: 'node scripts/e2e-server.mjs',
      url: `${baseURL}/api/health`,
      timeout: 600_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      // next-auth discovers the provider at each sign-in, not at start-up, so the order does not matter.
      env: {
        PORT: String(port),
        OIDC_ISSUER: `http://127.0.0.1:${oidcPort}`,
        OIDC_CLIENT_ID: 'opsdesk-e2e',
        OIDC_CLIENT_SECRET: 'opsdesk-e2e-oidc-secret',
        OIDC_NAME: 'Test SSO',
        // The expense example's webhook receiver runs on this machine (e2e/integrations.spec.ts).
        WEBHOOK_ALLOW_PRIVATE: 'true',
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        MAIL_FROM: 'Opsdesk <opsdesk@acme.example>',
      },
    },
  ],
});
