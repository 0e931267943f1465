/**
 * The floor the API is measured against (issue 13): plain node:http + pg running the same SQL as the app's
 * get and list, under the same database role (opsdesk_app) and the same tenant setting, applied the way the
 * app applies it (db/session-driver.ts: `set_config` on a pooled connection only when it is not already
 * set for this tenant), through a pool of the same size. What the ratio app/floor measures is then the
 * app's own overhead: authentication (the session read), routing, validation, visibility building, ETag,
 * serialisation.
 *
 * The statements are compiled once at start-up by the app's own builders (visibleRecords, listQueryBuilder)
 * for the benchmark's caller, so they are byte for byte the app's SQL; at request time the floor only
 * swaps the record id into the get statement's parameters.
 *
 *   FLOOR_CONFIG='{"url":…,"tenantId":…,"caller":{…},"port":…,"lists":{"name":"query string"}}' npx tsx bench/floor.ts
 */
import http from 'node:http';
import pg from 'pg';
import { openDatabase } from '@/db/client';
import { APP_ROLE, TENANT_SETTING } from '@/db/roles';
import type { Caller } from '@/lib/auth/caller';
import { contextFor } from '@/lib/data/context';
import { listQueryBuilder, parseListQuery } from '@/lib/operations/list';
import { visibleRecords } from '@/lib/operations/records';
import { typeByName } from '@/lib/operations/registry';

interface FloorConfig {
  url: string;
  port: number;
  tenantId: string;
  caller: Caller;
  /** Named list queries (the same query strings the load sends to the app). */
  lists: Record<string, string>;
  /** The person the bare INSERT floor files for. */
  requesterId: string;
}

const config = JSON.parse(process.env.FLOOR_CONFIG ?? '{}') as FloorConfig;
const type = typeByName('AccessRequest')!;
const GET_MARK = 'acr_FLOORPLACEHOLDER';

// Compile only: this handle never connects (no statement is executed through it).
const compiler = await openDatabase({ url: config.url, max: 1 });
const ctx = contextFor(compiler.db, config.caller);
const getSql = visibleRecords(ctx, type).where('id', '=', GET_MARK).compile();
const getIdAt = getSql.parameters.indexOf(GET_MARK);
const lists = Object.fromEntries(
  Object.entries(config.lists).map(([name, qs]) => {
    const query = parseListQuery(type, Object.fromEntries(new URLSearchParams(qs)));
    return [name, { compiled: listQueryBuilder(ctx, type, query).compile(), limit: query.limit }];
  }),
);
await compiler.close();

const pool = new pg.Pool({ connectionString: config.url, max: 10 });
const ready = new WeakSet<pg.PoolClient>();
async function client(): Promise<pg.PoolClient> {
  const c = await pool.connect();
  if (!ready.has(c)) {
    await c.query(`select set_config('role', $1, false), set_config('${TENANT_SETTING}', $2, false)`, [APP_ROLE, config.tenantId]);
    ready.add(c);
  }
  return c;
}

async function run(text: string, values: readonly unknown[]) {
  const c = await client();
  try {
    return (await c.query(text, values as unknown[])).rows;
  } finally {
    c.release();
  }
}

let insertNo = 0;
const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url ?? '/', 'http://floor');
    let body: string;
    if (url.pathname === '/get') {
      const params = [...getSql.parameters];
      params[getIdAt] = url.searchParams.get('id');
      const rows = await run(getSql.sql, params);
      if (!rows[0]) {
        res.writeHead(404).end();
        return;
      }
      body = JSON.stringify(rows[0]);
    } else if (url.pathname === '/list') {
      const list = lists[url.searchParams.get('name') ?? ''];
      const rows = await run(list.compiled.sql, list.compiled.parameters);
      body = JSON.stringify({ data: rows.slice(0, list.limit), next_cursor: rows.length > list.limit ? String(rows[list.limit - 1].id) : null });
    } else if (url.pathname === '/insert' && req.method === 'POST') {
      for await (const _chunk of req); // read the body as the app does
      const id = `acr_FLOOR${process.pid}${String(++insertNo).padStart(12, '0')}`;
      const rows = await run(
        `insert into access_requests (tenant_id, id, created_by, updated_by, requester_id, system_id, access_type, justification)
         values ($1, $2, $3, $3, $3, $4, 'new', $5) returning *`,
        [config.tenantId, id, config.requesterId, 'bench-system', 'Floor insert for the benchmark'],
      );
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify(rows[0]));
      return;
    } else {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  } catch (error) {
    res.writeHead(500).end(String(error));
  }
});
server.listen(config.port, '127.0.0.1', () => console.log(`floor: listening on ${config.port}`));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close();
    void pool.end().finally(() => process.exit(0));
  });
}
