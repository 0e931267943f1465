// The server the e2e suite runs against: the production build (built when not current) on a fresh
// database — a new `opsdesk_e2e` database beside DATABASE_URL's, or a new embedded one in .e2e-data.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

const root = path.resolve(import.meta.dirname, '..');
const env = { ...process.env, NEXT_DIST_DIR: process.env.NEXT_DIST_DIR || '.next-e2e' };
env.AUTH_SECRET ||= 'e2e-secret-not-for-production-use-0000000000';
env.DEMO_MODE = 'true';

if (process.env.DATABASE_URL) {
  const url = new URL(process.env.DATABASE_URL);
  const name = process.env.E2E_DATABASE || 'opsdesk_e2e';
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query(`drop database if exists ${name} with (force)`);
  await client.query(`create database ${name}`);
  await client.end();
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
  console.log(`e2e: fresh PostgreSQL database ${name}`);
} else {
  const dataDir = process.env.E2E_DATA_DIR ? path.resolve(process.env.E2E_DATA_DIR) : path.join(root, '.e2e-data');
  fs.rmSync(dataDir, { recursive: true, force: true });
  env.DATA_DIR = dataDir;
  console.log('e2e: fresh embedded database in .e2e-data');
}

const child = spawn(process.execPath, [path.join(root, 'scripts/start.mjs')], { cwd: root, env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
