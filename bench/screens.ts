/**
 * The screens measured in Chromium (issue 13, item 4): a signed-in person opens `/`, `/inbox`, a list and a
 * detail page of the production build, each in a fresh browser context (nothing cached), a few times; for
 * each page the median of
 * - server time: the document's time to first byte (requestStart → responseStart), which is the server
 *   rendering the page (loopback, so the network adds nothing);
 * - DOMContentLoaded and load, from navigation start;
 * - first-load JavaScript: the scripts the server's HTML names (what the page needs before it works — Next's
 *   own definition of the term), and their size gzip-compressed at the default level, whether or not this
 *   server compresses;
 * - all JavaScript once the page is idle (network idle): what it fetched besides, later — lazily loaded
 *   parts prefetched in idle time (the command palette, the live search box) and Next's route prefetches.
 *
 * Chromium is the system's (/usr/bin/chromium, or PLAYWRIGHT_CHROMIUM_PATH): no browser download.
 */
import { gzipSync } from 'node:zlib';
import fs from 'node:fs';
import { chromium, type BrowserContext } from '@playwright/test';

export interface ScreenPage {
  name: string;
  path: string;
}

export interface ScreenResult extends ScreenPage {
  serverMs: number;
  domContentLoadedMs: number;
  loadMs: number;
  /** Scripts named by the HTML: how many, gzip KB. */
  firstLoadScripts: number;
  firstLoadGzipKb: number;
  /** Every script fetched by network idle, gzip KB. */
  idleGzipKb: number;
  /** The first-load scripts, largest first (gzip KB), for finding what a page loads eagerly. */
  largest: { url: string; gzipKb: number }[];
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The pages' figures, and the signed-in session as a Cookie header (for Lighthouse, bench/lighthouse.ts). */
export async function measureScreens(options: {
  origin: string;
  email: string;
  password: string;
  pages: ScreenPage[];
  runs?: number;
}): Promise<{ pages: ScreenResult[]; cookieHeader: string }> {
  const runs = options.runs ?? 3;
  const executablePath = process.env.PLAYWRIGHT_CHROMIUM_PATH || (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    // Sign in once through the form, as a person does; each measurement starts from that session only.
    const signIn = await browser.newContext({ baseURL: options.origin });
    const page = await signIn.newPage();
    await page.goto('/signin');
    await page.getByLabel('Email').fill(options.email);
    await page.getByLabel('Password').fill(options.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/', { timeout: 60_000 });
    const storageState = await signIn.storageState();
    const cookieHeader = storageState.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    await signIn.close();

    const gzipCache = new Map<string, number>();
    const gzipKb = async (context: BrowserContext, url: string) => {
      if (!gzipCache.has(url)) gzipCache.set(url, gzipSync(await (await context.request.get(url)).body()).length / 1024);
      return gzipCache.get(url)!;
    };

    const results: ScreenResult[] = [];
    for (const target of options.pages) {
      const samples: Omit<ScreenResult, keyof ScreenPage>[] = [];
      for (let run = 0; run < runs; run++) {
        const context = await browser.newContext({ baseURL: options.origin, storageState });
        const tab = await context.newPage();
        const response = await tab.goto(target.path, { waitUntil: 'load', timeout: 60_000 });
        if (!response || response.status() >= 400) throw new Error(`screens: ${target.path} answered ${response?.status()}`);
        if (new URL(tab.url()).pathname === '/signin') throw new Error(`screens: ${target.path} sent the signed-in person to /signin`);
        const html = await response.text();
        // Script tags with a src, but not `nomodule` ones (legacy polyfills no current browser fetches).
        const tags = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]).filter((tag) => !/\snomodule\b/i.test(tag));
        const firstLoad = [...new Set(tags.flatMap((tag) => /\ssrc="([^"]+)"/.exec(tag)?.[1] ?? []).map((src) => new URL(src.replace(/&amp;/g, '&'), options.origin).toString()))];
        await tab.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => undefined);
        const timing = await tab.evaluate(() => {
          const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
          return {
            serverMs: nav.responseStart - nav.requestStart,
            domContentLoadedMs: nav.domContentLoadedEventEnd,
            loadMs: nav.loadEventEnd,
            scripts: (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
              .filter((r) => r.initiatorType === 'script' || /\.js(\?|$)/.test(r.name))
              .map((r) => r.name),
          };
        });
        const sized = async (urls: string[]) => Promise.all(urls.map(async (url) => ({ url, gzipKb: await gzipKb(context, url) })));
        const first = await sized(firstLoad);
        const idle = await sized([...new Set([...firstLoad, ...timing.scripts])]);
        samples.push({
          serverMs: timing.serverMs,
          domContentLoadedMs: timing.domContentLoadedMs,
          loadMs: timing.loadMs,
          firstLoadScripts: first.length,
          firstLoadGzipKb: first.reduce((sum, x) => sum + x.gzipKb, 0),
          idleGzipKb: idle.reduce((sum, x) => sum + x.gzipKb, 0),
          largest: first.sort((a, b) => b.gzipKb - a.gzipKb).map((x) => ({ url: new URL(x.url).pathname, gzipKb: x.gzipKb })),
        });
        await context.close();
      }
      results.push({
        ...target,
        serverMs: median(samples.map((s) => s.serverMs)),
        domContentLoadedMs: median(samples.map((s) => s.domContentLoadedMs)),
        loadMs: median(samples.map((s) => s.loadMs)),
        firstLoadScripts: median(samples.map((s) => s.firstLoadScripts)),
        firstLoadGzipKb: median(samples.map((s) => s.firstLoadGzipKb)),
        idleGzipKb: median(samples.map((s) => s.idleGzipKb)),
        largest: samples[samples.length - 1].largest,
      });
    }
    return { pages: results, cookieHeader };
  } finally {
    await browser.close();
  }
}
