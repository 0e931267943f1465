// npm start: build when there is no current build, then run the production server.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const SOURCES = ['app', 'components', 'lib', 'db', 'public', 'server.ts', 'package.json', 'package-lock.json', 'next.config.mjs', 'postcss.config.mjs', 'tsconfig.json'];
const DIST = process.env.NEXT_DIST_DIR || '.next';
const OUTPUTS = [`${DIST}/BUILD_ID`, 'dist/server.cjs'];

function newest(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = stat.mtimeMs;
  for (const entry of fs.readdirSync(p)) max = Math.max(max, newest(path.join(p, entry)));
  return max;
}

/** When the current build started (sources edited after that are not in it), or 0 without a build. */
function builtAt() {
  if (OUTPUTS.some((o) => !fs.existsSync(path.join(root, o)))) return 0;
  try {
    return JSON.parse(fs.readFileSync(path.join(root, DIST, 'opsdesk-build.json'), 'utf8')).startedAt;
  } catch {
    return 0;
  }
}

function buildIsCurrent() {
  const built = builtAt();
  return built > 0 && SOURCES.every((s) => newest(path.join(root, s)) <= built);
}

if (!buildIsCurrent()) {
  console.log('opsdesk: no current build, building first (about a minute)…');
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    console.error('opsdesk: the build failed; see above.');
    process.exit(result.status ?? 1);
  }
}

const child = spawn(process.execPath, ['--enable-source-maps', path.join(root, 'dist/server.cjs')], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'production' },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
