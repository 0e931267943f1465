/**
 * npm run bench — throughput of the REST API against baselines measured in the same run, as ratios
 * (the machines are shared and noisy: absolute numbers mean little, ratios do).
 *
 *  1. get by id through the Hono API (auth, visibility, ETag)  vs  plain node:http + the same primary-key query
 *  2. list, first page (limit 50)  vs  list, a page 1,000 rows deep (keyset paging: should be ~1x)
 *  3. list with q search  vs  list without
 *
 * Runs on PGlite in memory, or on PostgreSQL when DATABASE_URL is set. Loopback only, bounded in time.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { openDatabase } from '@/db/client';
import { serveFromDatabase } from '@/db';
import { migrateToLatest } from '@/db/migrate';
import { createApiApp } from '@/lib/api/app';
import { createTestTenant } from '../tests/support/tenant';

process.env.AUTH_SECRET ||= 'bench-secret-0123456789abcdefghijklmnop';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ROWS = Number(process.env.BENCH_ROWS ?? 2000);

async function load(url: string, headers: Record<string, string>): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const deadline = Date.now() + SECONDS * 1000;
  let done = 0;
  let failed = 0;
  const one = () =>
    new Promise<void>((resolve) => {
      const req = http.get(url, { agent, headers }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) done++;
          else failed++;
          resolve();
        });
      });
      req.on('error', () => {
        failed++;
        resolve();
      });
    });
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < deadline) await one();
    }),
  );
  agent.destroy();
  if (failed > 0) throw new Error(`${failed} requests failed against ${url}`);
  return done / SECONDS;
}

async function main() {
  const url = process.env.DATABASE_URL;
  const handle = url ? await openDatabase({ url, max: 10 }) : await openDatabase({ dataDir: 'memory://' });
  await migrateToLatest(handle.db);
  serveFromDatabase(handle);
  const t = await createTestTenant(handle.db);
  const token = await t.token('ivan');

  console.log(`bench: ${url ? 'PostgreSQL' : 'PGlite'}; seeding ${ROWS} access requests…`);
  const now = Date.now();
  const rows = Array.from({ length: ROWS }, (_, i) => ({
    tenant_id: t.tenantId,
    id: `acr_bench${String(i).padStart(21, '0')}`,
    created_at: new Date(now - i * 60_000).toISOString(),
    updated_at: new Date(now - i * 60_000).toISOString(),
    created_by: t.people.alice.id,
    updated_by: t.people.alice.id,
    source: 'edm',
    source_type: 'api' as const,
    tags: '{}',
    requester_id: t.people.alice.id,
    system_id: i % 97 === 0 ? 'rare-system' : `system-${i % 10}`,
    access_type: 'new' as const,
    status: 'pending' as const,
    justification: `Benchmark request number ${i}`,
  }));
  for (let i = 0; i < rows.length; i += 500) await handle.db.insertInto('access_requests').values(rows.slice(i, i + 500)).execute();
  const sampleId = rows[Math.floor(ROWS / 2)].id;

  const api = serve({ fetch: createApiApp().fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => api.once('listening', r));
  const apiPort = (api.address() as AddressInfo).port;
  const baseline = http.createServer(async (_req, res) => {
    const row = await handle.db.selectFrom('access_requests').selectAll().where('tenant_id', '=', t.tenantId).where('id', '=', sampleId).executeTakeFirst();
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(row));
  });
  await new Promise<void>((r) => baseline.listen(0, '127.0.0.1', r));
  const basePort = (baseline.address() as AddressInfo).port;
  const auth = { authorization: `Bearer ${token}` };
  const apiUrl = (path: string) => `http://127.0.0.1:${apiPort}/api/v1/operations/access-requests${path}`;

  // A cursor 1,000 rows deep, taken by paging.
  let cursor: string | null = null;
  for (let i = 0; i < 20 && ROWS > 1000; i++) {
    const page: { next_cursor: string | null } = await (await fetch(apiUrl(`?scope=all&limit=50${cursor ? `&cursor=${cursor}` : ''}`), { headers: auth })).json();
    cursor = page.next_cursor;
  }

  const results: [string, number][] = [];
  const measure = async (name: string, target: string, headers: Record<string, string> = auth) => {
    await load(target, headers); // warm
    results.push([name, await load(target, headers)]);
  };
  await measure('baseline: node:http + pk query', `http://127.0.0.1:${basePort}/`, {});
  await measure('api: get by id', apiUrl(`/${sampleId}`));
  await measure('api: list first page', apiUrl('?scope=all&limit=50'));
  if (cursor) await measure('api: list 1,000 rows deep', apiUrl(`?scope=all&limit=50&cursor=${cursor}`));
  await measure('api: list q=rare-system', apiUrl('?scope=all&limit=50&q=rare-system'));

  const rate = Object.fromEntries(results);
  console.log(`\n${'what'.padEnd(34)} ${'req/s'.padStart(8)}`);
  for (const [name, value] of results) console.log(`${name.padEnd(34)} ${value.toFixed(0).padStart(8)}`);
  console.log('\nratios (same run):');
  console.log(`  get by id / baseline           ${(rate['api: get by id'] / rate['baseline: node:http + pk query']).toFixed(2)}`);
  if (cursor) console.log(`  deep page / first page         ${(rate['api: list 1,000 rows deep'] / rate['api: list first page']).toFixed(2)}  (keyset: ≈ 1)`);
  console.log(`  q search / first page          ${(rate['api: list q=rare-system'] / rate['api: list first page']).toFixed(2)}`);

  api.close();
  baseline.close();
  await handle.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
