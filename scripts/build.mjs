// npm run build: the Next app, then the server bundle. Records when the build started, so that
// `npm start` can tell whether any source changed since (an edit made during a build counts as newer).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = process.env.NEXT_DIST_DIR || '.next';
const startedAt = Date.now();

for (const [command, args] of [
  ['npx', ['next', 'build']],
  [process.execPath, ['scripts/build-server.mjs']],
]) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
fs.writeFileSync(path.join(root, dist, 'opsdesk-build.json'), JSON.stringify({ startedAt }));
