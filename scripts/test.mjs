// npm test: every check, in order — types, lint, unit + integration tests (vitest), browser e2e
// (Playwright). Integration tests run on PostgreSQL when DATABASE_URL is set, else on PGlite.
// Prints the totals as its last line: `N passed, M failed` (a check that is not a test runner counts as one).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const results = path.join(root, 'test-results');
fs.mkdirSync(results, { recursive: true });
const only = process.argv.slice(2); // e.g. `npm test -- vitest` runs one stage

const totals = { passed: 0, failed: 0, failures: [] };
const lines = [];

function run(name, command, args, env = {}) {
  console.log(`\n── ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return { ok: result.status === 0, seconds: ((Date.now() - started) / 1000).toFixed(1) };
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function check(name, command, args) {
  const { ok, seconds } = run(name, command, args);
  totals[ok ? 'passed' : 'failed'] += 1;
  lines.push(`${name}: ${ok ? 'ok' : 'FAILED'} (${seconds} s)`);
  return ok;
}

function suite(name, command, args, report, count, failures) {
  fs.rmSync(report, { force: true });
  const { ok, seconds } = run(name, command, args);
  const json = readJson(report);
  const counts = count(json);
  if (!counts) {
    totals.failed += 1;
    lines.push(`${name}: FAILED — no results (${seconds} s)`);
    return;
  }
  // A runner that failed without a failing test (a crash, a setup error) counts as one failure.
  const failed = counts.failed + (!ok && counts.failed === 0 ? 1 : 0);
  totals.passed += counts.passed;
  totals.failed += failed;
  lines.push(`${name}: ${counts.passed} passed, ${failed} failed (${seconds} s)`);
  // Name what failed next to the totals, so a CI log cut to its tail still says which test to look at.
  for (const title of failures(json)) {
    lines.push(`  ✘ ${title}`);
    totals.failures.push(title);
  }
}

/** Failed tests of a vitest JSON report, as `file › test`. */
function vitestFailures(report) {
  return (report?.testResults ?? []).flatMap((file) =>
    (file.assertionResults ?? [])
      .filter((test) => test.status === 'failed')
      .map((test) => `${path.relative(root, file.name)} › ${test.fullName}`),
  );
}

/** Tests of a Playwright JSON report that failed on every try, as `project › file › title`. */
function playwrightFailures(report) {
  const out = [];
  const walk = (suiteNode, titles) => {
    for (const spec of suiteNode.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status === 'unexpected') out.push([test.projectName, spec.file, ...titles, spec.title].filter(Boolean).join(' › '));
      }
    }
    for (const child of suiteNode.suites ?? []) walk(child, child.title === suiteNode.title ? titles : [...titles, child.title]);
  };
  for (const top of report?.suites ?? []) walk(top, []);
  return out;
}

const wants = (stage) => only.length === 0 || only.includes(stage);
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

// When this run type-checked the project, the e2e build skips its own copy of that check (next.config.mjs).
if (wants('typecheck') && check('typecheck', npx, ['tsc', '--noEmit'])) process.env.OPSDESK_TYPES_CHECKED = '1';
if (wants('lint')) check('lint', npx, ['eslint', '--max-warnings=0', '.']);
if (wants('vitest')) {
  const report = path.join(results, 'vitest.json');
  suite(`vitest (unit + integration on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, npx, ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], report, (r) =>
    r ? { passed: r.numPassedTests, failed: r.numFailedTests } : undefined,
    vitestFailures,
  );
}
if (wants('e2e')) {
  const report = path.join(results, 'playwright.json');
  suite('e2e (Playwright, Chromium)', npx, ['playwright', 'test'], report, (r) =>
    r?.stats ? { passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected } : undefined,
    playwrightFailures,
  );
}

fs.writeFileSync(path.join(results, 'summary.json'), JSON.stringify(totals));
console.log('\n── summary');
for (const line of lines) console.log(line);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 ? 1 : 0);
