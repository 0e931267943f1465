/**
 * npm run bench [-- --quick] [-- --soak]
 *
 * The benchmark a sceptic can re-run (issue 13). Three processes besides this one:
 *  - the production server (`npm start`, which builds first when the build is not current) on a dedicated
 *    PostgreSQL database (`opsdesk_bench`, seeded by bench/seed.ts: 1,000,000 records), JOBS=off;
 *  - the floor (bench/floor.ts): node:http + pg running the app's own SQL under the app's role and tenant
 *    setting — the ratio app/floor is the app's overhead;
 *  - the load (bench/load.ts): autocannon in its own process, loopback only, fixed connections, fixed
 *    duration, bounded; a fresh process per measurement.
 * App and floor runs alternate (app, floor, app, floor …) so drift on this shared machine hits both alike.
 * Prints a table and writes BENCHMARKS.md (not with --quick, which seeds 26,000 rows into
 * `opsdesk_bench_quick` and runs short: for development).
 *
 * DATABASE_URL names the PostgreSQL server (its database part is replaced); default
 * postgres://postgres@127.0.0.1:5432/postgres. BENCH_SECONDS, BENCH_CONNECTIONS and BENCH_PORT override.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { LoadConfig, LoadResult } from './load';
import { LIGHTHOUSE_VERSION, measureLighthouse, type LighthouseScore } from './lighthouse';
import { measureScreens, type ScreenResult } from './screens';
import { sdkBundleReport } from './sdk-size';
import { benchDatabaseUrl, COMMON_WORD, FULL_PLAN, QUICK_PLAN, RARE_WORD, seedBench } from './seed';

const root = path.resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    soak: { type: 'boolean', default: false },
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
  },
});
/** --only 'get by id|first page': measure only the rows whose name contains one of these (development; no BENCHMARKS.md). */
const only = args.only ? args.only.split('|').map((w) => w.trim().toLowerCase()).filter(Boolean) : null;
const selected = (name: string) => !only || only.some((w) => name.toLowerCase().includes(w));
const quick = args.quick!;
const SECONDS = Number(process.env.BENCH_SECONDS ?? (quick ? 3 : 10));
const GROWTH_SECONDS = quick ? 2 : 6;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const ROUNDS = quick ? 1 : 2;
const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 600);
const APP_PORT = Number(process.env.BENCH_PORT ?? 3961);
const FLOOR_PORT = APP_PORT + 1;
const AUTH_SECRET = process.env.AUTH_SECRET ?? 'bench-secret-0123456789abcdefghijklmnopqrstuv';
process.env.AUTH_SECRET = AUTH_SECRET;

const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbUrl = benchDatabaseUrl(baseUrl, quick);
const plan = quick ? QUICK_PLAN : FULL_PLAN;
const children: ChildProcess[] = [];

function log(line: string) {
  console.log(`bench: ${line}`);
}

function startProcess(command: string, argv: string[], env: Record<string, string>, name: string): ChildProcess {
  const child = spawn(command, argv, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  children.push(child);
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter(Boolean)
      .forEach((l) => console.log(`  [${name}] ${l}`));
  child.stdout!.on('data', prefix);
  child.stderr!.on('data', prefix);
  // A server or floor that stops early (a port in use, a crash) ends the run: its figures would be someone else's.
  child.once('exit', (code) => {
    if (exiting || (name === 'app' && serverStopped)) return;
    console.error(`bench: the ${name} process exited (${code}) before the run ended`);
    cleanup();
    process.exit(1);
  });
  return child;
}

async function waitFor(url: string, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not come up within ${seconds} s`);
}

function load(config: LoadConfig): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench/load.ts')], {
      cwd: root,
      env: { ...process.env, LOAD_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`load exited ${code}`))));
  });
}

/** The server's own process: the node process under npm start (its last child), or the one started directly. */
function serverPid(starter: ChildProcess): number {
  const children = fs.readFileSync(`/proc/${starter.pid}/task/${starter.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  return children.length ? children[children.length - 1] : starter.pid!;
}

/** The resident memory of the server process, in MB. */
function serverRssMb(starter: ChildProcess): number {
  const status = fs.readFileSync(`/proc/${serverPid(starter)}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time (user + system) the processes have used so far, in ms; a process that has gone counts 0. */
function cpuMs(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // ended
    }
  }
  return (ticks * 1000) / CLOCK_TICKS;
}

/** A load run with the CPU it cost: the measured process's own, and PostgreSQL's (the bench database's backends). */
interface Measured extends LoadResult {
  /** CPU ms per successful request: the server (or floor) process, and PostgreSQL. */
  cpuProcess: number;
  cpuDb: number;
}

interface Row {
  group: string;
  name: string;
  app?: Measured;
  floor?: Measured;
}

/** CPU per request as `server + database` ms. */
function cpuOf(m: Measured): string {
  return `${m.cpuProcess.toFixed(2)} + ${m.cpuDb.toFixed(2)} ms`;
}

function mean(results: Measured[]): Measured {
  const avg = (f: (r: Measured) => number) => results.reduce((s, r) => s + f(r), 0) / results.length;
  return {
    cpuProcess: avg((r) => r.cpuProcess),
    cpuDb: avg((r) => r.cpuDb),
    rps: avg((r) => r.rps),
    p50: avg((r) => r.p50),
    p95: avg((r) => r.p95),
    p99: avg((r) => r.p99),
    ok: results.reduce((s, r) => s + r.ok, 0),
    failed: results.reduce((s, r) => s + r.failed, 0),
    seconds: results.reduce((s, r) => s + r.seconds, 0),
    statuses: Object.assign({}, ...results.map((r) => r.statuses)),
  };
}

async function main() {
  const startedAt = new Date();
  log(`${quick ? 'quick' : 'full'} run; database ${new URL(dbUrl).pathname.slice(1)}; ${CONNECTIONS} connections, ${SECONDS} s per measurement`);

  // 0. The SDK's browser bundle (issue 11): esbuild, no server module in it (else the bench stops), its size.
  const sdk = await sdkBundleReport();
  log(sdk);

  // 1. Data.
  const seed = await seedBench(dbUrl, plan, (l) => log(l));
  const { openDatabase } = await import('@/db/client');
  const { tenantDb } = await import('@/lib/data/tenant-db');
  const { issuePersonalToken } = await import('@/lib/auth/personal-token');
  const handle = await openDatabase({ url: dbUrl, max: 2 });
  const owner = new pg.Pool({ connectionString: dbUrl, max: 2 });
  const tenants: Record<string, { id: string; people: Record<string, { id: string; roles: string[] }>; tokens: Record<string, string> }> = {};
  for (const t of plan.slice(0, 3)) {
    const row = (await owner.query<{ id: string }>('select id from tenants where slug = $1', [t.slug])).rows[0];
    const people = await owner.query<{ id: string; email: string; roles: string[] }>(
      `select id, email, roles from people where tenant_id = $1 and email like '%@' || $2`,
      [row.id, `${t.slug}.bench`],
    );
    const byKey = Object.fromEntries(people.rows.map((p) => [p.email.split('@')[0], { id: p.id, roles: p.roles }]));
    const tokens: Record<string, string> = {};
    for (const key of ['ivan', 'alice', 'bob']) {
      tokens[key] = (await issuePersonalToken(tenantDb(handle.db, row.id), { personId: byKey[key].id, roles: byKey[key].roles as never }, 'npm run bench')).token;
    }
    tenants[t.slug] = { id: row.id, people: byKey, tokens };
  }
  const main = tenants['bench-200k'];
  const counts = (await owner.query<{ n: string }>(
    `select (select count(*) from access_requests) + (select count(*) from hr_requests) + (select count(*) from equipment_requests)
       + (select count(*) from travel_requests) + (select count(*) from pending_items) as n`,
  )).rows[0];
  const totalRows = Number(counts.n);
  const pgVersion = (await owner.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0].v;
  const sampleIds = (
    await owner.query<{ id: string }>(`select id from access_requests where tenant_id = $1 order by md5(id) limit 500`, [main.id])
  ).rows.map((r) => r.id);

  // 2. The server and the floor.
  log('starting the production server (npm start; it builds first when the build is not current)…');
  // BENCH_API_ONLY=1 (development), and --profile: rebuild only the server bundle (seconds, esbuild) and start
  // it directly, with whatever Next build exists — the API is all in the bundle; the pages may then be stale.
  // --profile: the server writes a V8 CPU profile when it stops (summarised at the end, bench/profile.ts).
  const direct = process.env.BENCH_API_ONLY === '1' || args.profile;
  const profileDir = args.profile ? fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-profile-')) : null;
  // BENCH_SERVER_BUNDLE=<file> (with BENCH_API_ONLY=1 or --profile): start that server bundle as it is, e.g. one
  // built from an earlier commit, to compare two versions' ratios on the same machine and data.
  const bundle = process.env.BENCH_SERVER_BUNDLE ? path.resolve(process.env.BENCH_SERVER_BUNDLE) : null;
  if (direct && !bundle) {
    await new Promise<void>((resolve, reject) =>
      spawn(process.execPath, [path.join(root, 'scripts/build-server.mjs')], { cwd: root, stdio: 'inherit' }).on('exit', (code) => (code === 0 ? resolve() : reject(new Error('build-server failed')))),
    );
  }
  const server = startProcess(
    process.execPath,
    direct
      ? ['--enable-source-maps', ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), bundle ?? path.join(root, 'dist/server.cjs')]
      : [path.join(root, 'scripts/start.mjs')],
    {
      NODE_ENV: 'production',
      DATABASE_URL: dbUrl,
      JOBS: 'off',
      PORT: String(APP_PORT),
      HOST: '127.0.0.1',
      AUTH_SECRET,
      NEXTAUTH_URL: `http://127.0.0.1:${APP_PORT}`,
      DEMO_MODE: 'false',
    },
    'app',
  );
  await waitFor(`http://127.0.0.1:${APP_PORT}/api/health`, 1200);
  const api = (p: string) => `/api/v1/operations/access-requests${p}`;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  // A cursor deep in the chain, taken by paging through the app as a user would.
  const deepPages = quick ? 10 : 50;
  let cursor: string | null = null;
  for (let i = 0; i < deepPages; i++) {
    const response = await fetch(`http://127.0.0.1:${APP_PORT}${api(`?scope=all&limit=200${cursor ? `&cursor=${cursor}` : ''}`)}`, { headers: auth(main.tokens.ivan) });
    const page = (await response.json()) as { next_cursor: string | null };
    cursor = page.next_cursor;
    if (!cursor) break;
  }
  const deepRows = deepPages * 200;
  const lists: Record<string, string> = {
    'list, first page': 'scope=all',
    'list, status=pending': 'scope=all&status=pending',
    [`list, q=${RARE_WORD}`]: `scope=all&q=${RARE_WORD}`,
    [`list, q=${COMMON_WORD}`]: `scope=all&q=${COMMON_WORD}`,
    [`list, ${deepRows.toLocaleString('en')} rows deep`]: `scope=all&cursor=${cursor}`,
  };
  const floorConfig = {
    url: dbUrl,
    port: FLOOR_PORT,
    tenantId: main.id,
    caller: { tenantId: main.id, personId: main.people.ivan.id, roles: main.people.ivan.roles, appId: null, sourceType: 'api' },
    lists,
    requesterId: main.people.alice.id,
  };
  const floorProcess = startProcess(process.execPath, ['--import', 'tsx', path.join(root, 'bench/floor.ts')], { FLOOR_CONFIG: JSON.stringify(floorConfig) }, 'floor');
  await waitFor(`http://127.0.0.1:${FLOOR_PORT}/nothing`, 120);
  const rssStart = serverRssMb(server);

  const rows: Row[] = [];
  const appOrigin = `http://127.0.0.1:${APP_PORT}`;
  const floorOrigin = `http://127.0.0.1:${FLOOR_PORT}`;
  // The bench database's backends (the app's and the floor's pools; only one side is loaded at a time).
  const backends = async () =>
    (await owner.query<{ pid: number }>(`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`)).rows.map((r) => r.pid);
  const measured = async (pid: number, config: LoadConfig): Promise<Measured> => {
    const dbBefore = new Map((await backends()).map((p) => [p, cpuMs([p])]));
    const process0 = cpuMs([pid]);
    const result = await load(config);
    const processUsed = cpuMs([pid]) - process0;
    // A backend opened during the run counts from zero; one closed during it is left out (pools keep theirs).
    const dbUsed = (await backends()).reduce((sum, p) => sum + cpuMs([p]) - (dbBefore.get(p) ?? 0), 0);
    const ok = Math.max(1, result.ok);
    return { ...result, cpuProcess: processUsed / ok, cpuDb: dbUsed / ok };
  };
  const measure = async (group: string, name: string, app: Omit<LoadConfig, 'connections' | 'seconds' | 'origin'>, floor?: Omit<LoadConfig, 'connections' | 'seconds' | 'origin'>, seconds = SECONDS) => {
    if (!selected(name)) return;
    const appRuns: Measured[] = [];
    const floorRuns: Measured[] = [];
    // Warm both (JIT, plans, caches), then alternate.
    await load({ ...app, origin: appOrigin, connections: CONNECTIONS, seconds: 1 });
    if (floor) await load({ ...floor, origin: floorOrigin, connections: CONNECTIONS, seconds: 1 });
    for (let round = 0; round < ROUNDS; round++) {
      appRuns.push(await measured(serverPid(server), { ...app, origin: appOrigin, connections: CONNECTIONS, seconds }));
      if (floor) floorRuns.push(await measured(floorProcess.pid!, { ...floor, origin: floorOrigin, connections: CONNECTIONS, seconds }));
    }
    const row: Row = { group, name, app: mean(appRuns), floor: floor ? mean(floorRuns) : undefined };
    rows.push(row);
    const ratio = row.floor ? `  ${(row.app!.rps / row.floor.rps).toFixed(2)}x floor (${row.floor.rps.toFixed(0)} req/s)` : '';
    const cpu = `  CPU/req ${cpuOf(row.app!)}${row.floor ? `, floor ${cpuOf(row.floor)}` : ''}`;
    log(`${name.padEnd(40)} ${row.app!.rps.toFixed(0).padStart(6)} req/s  p50 ${row.app!.p50.toFixed(1)}  p95 ${row.app!.p95.toFixed(1)}  p99 ${row.app!.p99.toFixed(1)} ms${ratio}${cpu}${row.app!.failed ? `  FAILED ${row.app!.failed} ${JSON.stringify(row.app!.statuses)}` : ''}`);
  };

  // 3. Reads: get and the lists, as the IT desk (sees every access request of the 200k tenant).
  await measure('read', 'get by id', { paths: sampleIds.map((id) => api(`/${id}`)), headers: auth(main.tokens.ivan) }, { paths: sampleIds.map((id) => `/get?id=${id}`) });
  for (const [name, qs] of Object.entries(lists)) {
    await measure('read', name, { paths: [api(`?${qs}`)], headers: auth(main.tokens.ivan) }, { paths: [`/list?name=${encodeURIComponent(name)}`] });
  }
  await measure('read', 'list as a manager (visibility rule)', { paths: [api('?scope=all')], headers: auth(main.tokens.bob) });
  const inboxPath = `/api/v1/operations/pending?scope=mine&status=queued`;
  await measure('read', `inbox of bob (${plan[0].open.toLocaleString('en')} open)`, { paths: [inboxPath], headers: auth(main.tokens.bob) });

  // 3b. The screens in Chromium (production build), as bob: home, his inbox of open items, a list and a detail page.
  let screens: ScreenResult[] | undefined;
  let lighthouse: LighthouseScore[] | undefined;
  if (selected('screens')) {
    if (direct) log('screens: the pages are from whatever Next build exists (BENCH_API_ONLY / --profile rebuild only the API)');
    const detailId = (
      await owner.query<{ entity_id: string }>(
        `select entity_id from pending_items where tenant_id = $1 and assignee_id = $2 and status = 'queued' and entity_type = 'AccessRequest' order by id limit 1`,
        [main.id, main.people.bob.id],
      )
    ).rows[0].entity_id;
    const measuredScreens = await measureScreens({
      origin: appOrigin,
      email: `bob@${plan[0].slug}.bench`,
      password: 'demo',
      pages: [
        { name: 'home', path: '/' },
        { name: 'inbox', path: '/inbox' },
        { name: 'list (access requests)', path: '/access-requests' },
        { name: 'detail (an access request)', path: `/access-requests/${detailId}` },
      ],
      runs: quick ? 1 : 3,
    });
    screens = measuredScreens.pages;
    for (const s of screens) {
      log(`screen ${s.name}: largest scripts (gzip KB) ${s.largest.slice(0, 12).map((l) => `${l.url.split('/').pop()} ${l.gzipKb.toFixed(1)}`).join(', ')}`);
      log(`screen ${s.name.padEnd(28)} server ${s.serverMs.toFixed(0)} ms  DOMContentLoaded ${s.domContentLoadedMs.toFixed(0)} ms  load ${s.loadMs.toFixed(0)} ms  first-load JS ${s.firstLoadScripts} files ${s.firstLoadGzipKb.toFixed(0)} KB gzip, ${s.idleGzipKb.toFixed(0)} KB once idle`);
    }
    // Lighthouse on the home page and the inbox (the issue's ≥ 95 goal), the same session as a cookie.
    log(`lighthouse ${LIGHTHOUSE_VERSION}: scoring / and /inbox, phone and desktop…`);
    lighthouse = await measureLighthouse({ origin: appOrigin, cookieHeader: measuredScreens.cookieHeader, paths: ['/', '/inbox'] });
    for (const l of lighthouse) log(`lighthouse ${l.path.padEnd(7)} ${l.form.padEnd(8)} ${l.score ?? `not measured: ${l.error}`}${l.lcpMs ? `  LCP ${l.lcpMs.toFixed(0)} ms  TBT ${(l.tbtMs ?? 0).toFixed(0)} ms` : ''}`);
  }

  // 4. Writes: filing with its chain (bob, then the IT desk) vs a bare INSERT; then bob decides what was filed.
  const filedSince = new Date();
  const createBody = JSON.stringify({ system_id: 'bench-system', access_type: 'new', justification: 'Filed by the benchmark' });
  await measure(
    'write',
    'create access request (+ approval chain)',
    { method: 'POST', paths: [api('')], body: createBody, headers: { ...auth(main.tokens.alice), 'content-type': 'application/json' } },
    { method: 'POST', paths: ['/insert'], body: createBody, headers: { 'content-type': 'application/json' } },
  );
  const toDecide = (
    await owner.query<{ id: string }>(
      `select id from pending_items where tenant_id = $1 and type = 'approval' and status = 'queued' and assignee_id = $2 and created_at >= $3`,
      [main.id, main.people.bob.id, filedSince],
    )
  ).rows.map((r) => `/api/v1/operations/pending/${r.id}/approve`);
  if (toDecide.length >= CONNECTIONS * 10 && selected('approval decision')) {
    const result = await measured(serverPid(server), { origin: appOrigin, connections: CONNECTIONS, seconds: SECONDS, amount: toDecide.length, method: 'POST', body: '{}', paths: toDecide, headers: { ...auth(main.tokens.bob), 'content-type': 'application/json' } });
    rows.push({ group: 'write', name: `approval decision (${toDecide.length.toLocaleString('en')} items, each once)`, app: result });
    log(`approval decision: ${result.rps.toFixed(0)} req/s  p95 ${result.p95.toFixed(1)} ms  CPU/req ${cpuOf(result)}  ${JSON.stringify(result.statuses)}`);
  }

  // 5. Growth: the same list, search and inbox on tenants of 10k, 100k and 200k rows (in the same tables).
  for (const t of [...plan.slice(0, 3)].reverse()) {
    const tenant = tenants[t.slug];
    const size = t.records.toLocaleString('en');
    await measure('growth', `${size}: list`, { paths: [api('?scope=all')], headers: auth(tenant.tokens.ivan) }, undefined, GROWTH_SECONDS);
    await measure('growth', `${size}: search q=${RARE_WORD}`, { paths: [api(`?scope=all&q=${RARE_WORD}`)], headers: auth(tenant.tokens.ivan) }, undefined, GROWTH_SECONDS);
    await measure('growth', `${size}: inbox (${t.open.toLocaleString('en')} open)`, { paths: [inboxPath], headers: auth(tenant.tokens.bob) }, undefined, GROWTH_SECONDS);
  }
  const rssAfter = serverRssMb(server);

  // 6. Soak: mixed traffic for 10 minutes, memory at start and end.
  let soak: { seconds: number; rssStart: number; rssEnd: number; reads: LoadResult; writes: LoadResult } | undefined;
  if (args.soak) {
    log(`soak: ${SOAK_SECONDS} s of mixed traffic…`);
    const soakStart = serverRssMb(server);
    const readPaths = [...sampleIds.slice(0, 100).map((id) => api(`/${id}`)), ...Object.values(lists).map((qs) => api(`?${qs}`))];
    const [reads, writes] = await Promise.all([
      load({ origin: appOrigin, connections: Math.max(1, CONNECTIONS - 2), seconds: SOAK_SECONDS, paths: readPaths, headers: auth(main.tokens.ivan) }),
      load({ origin: appOrigin, connections: 2, seconds: SOAK_SECONDS, method: 'POST', paths: [api('')], body: createBody, headers: { ...auth(main.tokens.alice), 'content-type': 'application/json' } }),
    ]);
    soak = { seconds: SOAK_SECONDS, rssStart: soakStart, rssEnd: serverRssMb(server), reads, writes };
    log(`soak: RSS ${soak.rssStart.toFixed(0)} MB → ${soak.rssEnd.toFixed(0)} MB; reads ${reads.rps.toFixed(0)} req/s, writes ${writes.rps.toFixed(0)} req/s`);
  }

  await owner.end();
  await handle.close();
  const report = renderReport({ startedAt, seed, totalRows, pgVersion, rows, rssStart, rssAfter, soak, deepRows, screens, lighthouse, sdk });
  console.log(`\n${report}`);
  if (!quick && !only && !args.profile) {
    fs.writeFileSync(path.join(root, 'BENCHMARKS.md'), report);
    log('wrote BENCHMARKS.md');
  }
  if (profileDir) {
    serverStopped = true;
    await new Promise<void>((resolve) => {
      server.once('exit', () => resolve());
      server.kill('SIGTERM');
    });
    const { summariseProfile } = await import('./profile');
    const largest = fs
      .readdirSync(profileDir)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => path.join(profileDir, f))
      .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
    if (largest) console.log(`\n${summariseProfile(largest)}`);
    else log(`no CPU profile was written in ${profileDir}`);
  }
}

function renderReport(r: {
  startedAt: Date;
  seed: { seconds: number; seeded: string[] };
  totalRows: number;
  pgVersion: string;
  rows: Row[];
  rssStart: number;
  rssAfter: number;
  screens?: ScreenResult[];
  lighthouse?: LighthouseScore[];
  soak?: { seconds: number; rssStart: number; rssEnd: number; reads: LoadResult; writes: LoadResult };
  deepRows: number;
  sdk: string;
}): string {
  const cpu = os.cpus();
  const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '–');
  const cpuCell = (m: Measured | undefined) => (m ? `${m.cpuProcess.toFixed(2)} + ${m.cpuDb.toFixed(2)}` : '');
  const line = (row: Row) => {
    const a = row.app!;
    const f = row.floor;
    return `| ${row.name} | ${a.rps.toFixed(0)} | ${ms(a.p50)} | ${ms(a.p95)} | ${ms(a.p99)} | ${f ? f.rps.toFixed(0) : ''} | ${f ? ms(f.p95) : ''} | ${f ? `**${(a.rps / f.rps).toFixed(2)}x**` : ''} | ${cpuCell(a)} | ${cpuCell(f)} | ${a.failed || ''} |`;
  };
  const header =
    '| measurement | app req/s | p50 ms | p95 ms | p99 ms | floor req/s | floor p95 ms | app / floor | app CPU ms/req (server + db) | floor CPU ms/req | failed |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|';
  const group = (g: string) => r.rows.filter((row) => row.group === g).map(line).join('\n');
  return `# Benchmarks

Written by \`npm run bench\` (bench/run.ts) on ${r.startedAt.toISOString()}. Re-run it to replace this file.

## Setup

- Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, ${os.platform()} ${os.release()}; Node ${process.version}; PostgreSQL ${r.pgVersion} on the same machine (loopback). The machine is shared with other work while the bench runs: absolute figures are noisy, ratios measured in the same run less so.
- Data: ${r.totalRows.toLocaleString('en')} records over the five types in ${plan.length} tenants (bench/seed.ts); figures are measured on \`${plan[0].slug}\` (${plan[0].records.toLocaleString('en')} records; the IT desk sees its ${(plan[0].records * 0.3).toLocaleString('en')} access requests). Seeding ${r.seed.seeded.length ? `took ${r.seed.seconds.toFixed(0)} s this run` : 'was already done (it is skipped when the database holds the seeded tenants)'}.
- Server: the production build (\`npm start\`), DATABASE_URL=…/${new URL(dbUrl).pathname.slice(1)}, JOBS=off, pool of 10 connections.
- Floor: bench/floor.ts — node:http + pg running the app's own SQL (compiled by the app's builders) as opsdesk_app with the tenant set per connection, as the app does; pool of 10.
- Load: autocannon in a separate process, ${CONNECTIONS} connections, ${SECONDS} s per measurement, ${ROUNDS} rounds alternating app and floor (figures are their mean), after a 1 s warm-up; p50/p95/p99 from every response's latency. CPU per request: the user + system time the server (or floor) process and the bench database's PostgreSQL backends used during the measurement (/proc), divided by its successful requests — less sensitive than req/s to other work on the machine.

## API (${plan[0].slug})

${header}
${group('read')}
${group('write')}

The deep page is ${r.deepRows.toLocaleString('en')} rows into the cursor chain. Reads are as the IT desk (ivan), except the manager list (bob: the visibility rule's subqueries on approval steps and decisions) and the inbox (bob's open approval items, \`GET /api/v1/operations/pending?scope=mine&status=queued\`). The create floor is one bare INSERT; the app files the request, its approval item and chain (two steps), the routing record, the audit event and the notification in one transaction.

## Growth (same queries, tenants of ${plan.slice(0, 3).map((t) => t.records.toLocaleString('en')).reverse().join(', ')} rows in the same ${r.totalRows.toLocaleString('en')}-row tables)

${header}
${group('growth')}

## Goals (issue 13, at 8 connections)

${goals(r.rows, r.screens, r.lighthouse)}
${r.screens ? screensSection(r.screens, r.lighthouse) : ''}
## SDK

The browser entry of \`lib/sdk\` bundled by esbuild (minified, ES2022; bench/sdk-size.ts): ${r.sdk}.

## Memory

Server RSS: ${r.rssStart.toFixed(0)} MB after start-up and warm-up, ${r.rssAfter.toFixed(0)} MB after the measurements above.
${r.soak ? `\nSoak (${(r.soak.seconds / 60).toFixed(0)} minutes of mixed traffic: ${CONNECTIONS - 2} connections reading — gets and every list above — and 2 filing requests): RSS ${r.soak.rssStart.toFixed(0)} MB at start, ${r.soak.rssEnd.toFixed(0)} MB at end; reads ${r.soak.reads.rps.toFixed(0)} req/s (p95 ${ms(r.soak.reads.p95)} ms), writes ${r.soak.writes.rps.toFixed(0)} req/s (p95 ${ms(r.soak.writes.p95)} ms), ${r.soak.reads.failed + r.soak.writes.failed} failed.\n` : '\nNo soak in this run (`npm run bench -- --soak`).\n'}`;
}

/** The screens' table, and what /inbox loads most of. */
function screensSection(screens: ScreenResult[], lighthouse?: LighthouseScore[]): string {
  const inbox = screens.find((s) => s.name === 'inbox');
  return `
## Screens (Chromium, production build, signed in as bob; median of fresh contexts)

| page | server ms (TTFB) | DOMContentLoaded ms | load ms | first-load JS files | first-load JS KB gzip | all JS once idle, KB gzip |
|---|---:|---:|---:|---:|---:|---:|
${screens.map((s) => `| ${s.name} \`${s.path.replace(/\/[a-z]{3}_[0-9A-Z]+$/, '/…')}\` | ${s.serverMs.toFixed(0)} | ${s.domContentLoadedMs.toFixed(0)} | ${s.loadMs.toFixed(0)} | ${s.firstLoadScripts} | ${s.firstLoadGzipKb.toFixed(0)} | ${s.idleGzipKb.toFixed(0)} |`).join('\n')}

First-load JavaScript is the scripts the server's HTML names (Next's meaning of the term); "once idle" adds what the page fetched by network idle (the command palette and live search box, prefetched in idle time, and Next's route prefetches). Sizes are each script gzip-compressed at the default level.${inbox ? ` The largest on /inbox (gzip KB): ${inbox.largest.slice(0, 5).map((l) => `${l.url.split('/').pop()} ${l.gzipKb.toFixed(0)}`).join(', ')}.` : ''}
${
  lighthouse?.length
    ? `
Lighthouse ${LIGHTHOUSE_VERSION} performance (system Chromium; "phone" is its default, a mid-range phone on throttled 4G, simulated; "desktop" its desktop preset):

| page | form | score | LCP ms | TBT ms |
|---|---|---:|---:|---:|
${lighthouse.map((l) => `| \`${l.path}\` | ${l.form === 'mobile' ? 'phone' : 'desktop'} | ${l.score ?? `not measured (${l.error})`} | ${l.lcpMs?.toFixed(0) ?? ''} | ${l.tbtMs?.toFixed(0) ?? ''} |`).join('\n')}
`
    : ''
}`;
}

/** Each goal of the issue against this run's figures: met, or missed by how much. */
function goals(rows: Row[], screens?: ScreenResult[], lighthouse?: LighthouseScore[]): string {
  const find = (prefix: string) => rows.find((row) => row.group !== 'growth' && row.name.startsWith(prefix));
  const lines: string[] = [];
  const ratio = (label: string, prefix: string, goal: number, aim?: number) => {
    const row = find(prefix);
    if (!row?.app || !row.floor) return lines.push(`- ${label}: not measured`);
    const value = row.app.rps / row.floor.rps;
    lines.push(`- ${label} ≥ ${goal}x the floor${aim ? ` (aim ${aim}x)` : ''}: **${value.toFixed(2)}x** — ${value >= goal ? 'met' : `missed by ${(goal - value).toFixed(2)}x`}`);
  };
  const p95 = (label: string, prefix: string) => {
    const row = find(prefix);
    if (!row?.app) return lines.push(`- ${label}: not measured`);
    const value = row.app.p95;
    lines.push(`- p95 of ${label} < 25 ms: **${value.toFixed(1)} ms** — ${value < 25 ? 'met' : `missed by ${(value - 25).toFixed(1)} ms`}`);
  };
  ratio('get by id', 'get by id', 0.6, 0.75);
  ratio('list, first page', 'list, first page', 0.6, 0.75);
  p95('a list page', 'list, first page');
  p95(`search (q=${RARE_WORD})`, `list, q=${RARE_WORD}`);
  p95('the inbox', 'inbox of bob');
  ratio('filing a request with its chain', 'create access request', 0.3);
  const inbox = screens?.find((s) => s.name === 'inbox');
  lines.push(
    inbox
      ? `- first-load JavaScript of /inbox ≤ 150 KB gzip: **${inbox.firstLoadGzipKb.toFixed(0)} KB** — ${inbox.firstLoadGzipKb <= 150 ? 'met' : `missed by ${(inbox.firstLoadGzipKb - 150).toFixed(0)} KB`}`
      : '- first-load JavaScript of /inbox ≤ 150 KB gzip: not measured',
  );
  const scored = lighthouse?.filter((l) => l.score !== null) ?? [];
  if (!scored.length) lines.push(`- Lighthouse performance ≥ 95: not measured${lighthouse?.[0]?.error ? ` (${lighthouse[0].error})` : ''}`);
  for (const l of scored)
    lines.push(`- Lighthouse performance of \`${l.path}\` (${l.form === 'mobile' ? 'phone' : 'desktop'}) ≥ 95: **${l.score}** — ${l.score! >= 95 ? 'met' : `missed by ${95 - l.score!}`}`);
  return lines.join('\n');
}

let exiting = false;
/** --profile stops the server itself before the end (its profile is written on exit). */
let serverStopped = false;
function cleanup() {
  if (exiting) return;
  exiting = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
}
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => (cleanup(), process.exit(130)));

main()
  .then(() => {
    cleanup();
    setTimeout(() => process.exit(0), 500);
  })
  .catch((error) => {
    console.error(error);
    cleanup();
    setTimeout(() => process.exit(1), 500);
  });
