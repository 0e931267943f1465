/**
 * Lighthouse's performance score of the production build (issue 13, item 4), with the system Chromium.
 *
 * Lighthouse is not a dependency of the product: it is some 190 MB (puppeteer, Sentry, trace engine) for one
 * number in a benchmark. The bench uses an installed copy when there is one (`npm i --no-save lighthouse`),
 * and otherwise runs the pinned version through `npx --yes`, which fetches it once into npm's cache. Without
 * a network and without a copy, the screens' table says the score was not measured and why; the run goes on.
 *
 * Each page is scored twice: Lighthouse's default (a mid-range phone on a throttled 4G connection, simulated)
 * and its desktop preset. The signed-in session travels as a Cookie header.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

export const LIGHTHOUSE_VERSION = '12.8.2';

export interface LighthouseScore {
  path: string;
  form: 'mobile' | 'desktop';
  /** 0–100, or null when it could not be measured. */
  score: number | null;
  /** Largest Contentful Paint and Total Blocking Time, ms, as Lighthouse reports them. */
  lcpMs?: number;
  tbtMs?: number;
  error?: string;
}

function command(): { file: string; prefix: string[] } {
  try {
    const cli = createRequire(path.join(process.cwd(), 'package.json')).resolve('lighthouse/cli/index.js');
    return { file: process.execPath, prefix: [cli] };
  } catch {
    return { file: 'npx', prefix: ['--yes', `lighthouse@${LIGHTHOUSE_VERSION}`] };
  }
}

function run(file: string, argv: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, argv, { env, maxBuffer: 64 * 2 ** 20, timeout: 240_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message.split('\n')[0]} ${stderr.split('\n').filter(Boolean).slice(-2).join(' ')}`.trim()));
      else resolve(stdout);
    });
  });
}

export async function measureLighthouse(options: { origin: string; cookieHeader: string; paths: string[] }): Promise<LighthouseScore[]> {
  const chromePath = process.env.PLAYWRIGHT_CHROMIUM_PATH || (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  const { file, prefix } = command();
  const scores: LighthouseScore[] = [];
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-lighthouse-'));
  try {
    for (const target of options.paths) {
      for (const form of ['mobile', 'desktop'] as const) {
        const argv = [
          ...prefix,
          new URL(target, options.origin).toString(),
          '--only-categories=performance',
          '--output=json',
          '--output-path=stdout',
          '--quiet',
          `--extra-headers=${JSON.stringify({ Cookie: options.cookieHeader })}`,
          `--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --user-data-dir=${userDataDir}`,
          ...(form === 'desktop' ? ['--preset=desktop'] : []),
        ];
        try {
          const report = JSON.parse(await run(file, argv, { ...process.env, ...(chromePath ? { CHROME_PATH: chromePath } : {}) })) as {
            finalDisplayedUrl?: string;
            categories: { performance: { score: number | null } };
            audits: Record<string, { numericValue?: number }>;
          };
          if (report.finalDisplayedUrl && new URL(report.finalDisplayedUrl).pathname === '/signin') throw new Error('Lighthouse was sent to /signin: the session cookie did not hold');
          const raw = report.categories.performance.score;
          scores.push({
            path: target,
            form,
            score: raw === null ? null : Math.round(raw * 100),
            lcpMs: report.audits['largest-contentful-paint']?.numericValue,
            tbtMs: report.audits['total-blocking-time']?.numericValue,
          });
        } catch (error) {
          scores.push({ path: target, form, score: null, error: (error as Error).message.slice(0, 300) });
        }
      }
    }
  } finally {
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  return scores;
}
