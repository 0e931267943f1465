/**
 * Two server instances on one PostgreSQL (issue 13, scale-out): two processes, each serving the REST API
 * over its own pool (tests/support/api-server.ts — the app server.ts serves, without the pages), with calls
 * spread over both. Nothing in either process's memory is shared, so what must hold across instances has to
 * hold in the database:
 * - the decision race: one approver deciding one step through both instances at once — one wins, the other
 *   gets 409, and the step holds one decision;
 * - an Idempotency-Key used through one instance replays through the other (same response, filed once);
 * - the sign-in throttle counts failures made through either instance (the sixth try is refused on both);
 * - the job queue: both instances' runners work the same queue (pg-boss, in this file's own schema: the
 *   instances inherit JOB_QUEUE and JOB_QUEUE_SCHEMA from tests/support/setup.ts), each job exactly once;
 * - reminders (issue 10): both instances' runners racing through duplicated SLA checks of the same items
 *   send each reminder, overdue notice and escalation exactly once (in-app and by email).
 * PGlite is one embedded session in one process — there is no second instance to start — so this file runs on
 * PostgreSQL only (CI runs the suite on PostgreSQL). It takes a few seconds more than the others: two
 * processes start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/schema';
import { tenantDb } from '@/lib/data/tenant-db';
import { enqueue } from '@/lib/jobs/runner';
import { accessRequest } from '@/lib/operations/registry';
import { createRecord } from '@/lib/operations/service';
import { SLA_CHECK_JOB } from '@/lib/sla/clock';
import { testDatabase } from '../support/database';
import { jobsOf } from '../support/job-queues';
import { createTestTenant, type TestTenant } from '../support/tenant';
import { engineRows, INPUT } from './approvals-support';
import { notificationRows } from './notifications-support';
import { ctxAt, HOUR, manualClock } from './sla-support';

const url = process.env.DATABASE_URL;
const root = path.resolve(import.meta.dirname, '../..');
let db: Kysely<Database>;
let t: TestTenant;
const processes: ChildProcess[] = [];
let origins: string[] = [];

/** Starts one instance; resolves with its origin once it listens. */
function startInstance(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'tests/support/api-server.ts')], {
      cwd: root,
      // TRUST_PROXY: the throttle's client address comes from X-Forwarded-For, one this file alone uses.
      env: { ...process.env, DATABASE_URL: url, SCALE_OUT_TENANT: t.tenantId, TRUST_PROXY: '1', DEMO_MODE: 'false', JOBS: 'off', NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    processes.push(child);
    let output = '';
    const timer = setTimeout(() => reject(new Error(`instance did not start:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const port = /listening (\d+)/.exec(output)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${port}`);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`instance exited (${code}):\n${output}`));
    });
  });
}

beforeAll(async () => {
  if (!url) return;
  ({ db } = await testDatabase());
  t = await createTestTenant(db);
  origins = await Promise.all([startInstance(), startInstance()]);
});

afterAll(() => {
  for (const child of processes) child.kill('SIGTERM');
});

async function call(n: number, method: string, pathname: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${origins[n]}${pathname}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

describe.skipIf(!url)('two server processes on one PostgreSQL', () => {
  it('one step decided through both instances at once: exactly one wins, the other is 409', async () => {
    const [alice, bob] = [await t.token('alice'), await t.token('bob')];
    for (let round = 0; round < 3; round++) {
      const filed = await call(round % 2, 'POST', '/api/v1/operations/access-requests', { token: alice, body: { system_id: 'github', access_type: 'new', justification: `race ${round}` } });
      expect(filed.status, JSON.stringify(filed.body)).toBe(201);
      const item = await db.selectFrom('pending_items').select('id').where('tenant_id', '=', t.tenantId).where('entity_id', '=', filed.body.id).where('type', '=', 'approval').executeTakeFirstOrThrow();
      const results = await Promise.all([0, 1].map((n) => call(n, 'POST', `/api/v1/operations/pending/${item.id}/approve`, { token: bob, body: { comment: `instance ${n}` } })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const decisions = await db.selectFrom('approval_decisions').select('id').where('tenant_id', '=', t.tenantId).where('pending_id', '=', item.id).execute();
      expect(decisions).toHaveLength(1);
    }
  });

  it('an Idempotency-Key used through one instance replays through the other', async () => {
    const alice = await t.token('alice');
    const body = { system_id: 'slack', access_type: 'new', justification: 'once only, across instances' };
    const headers = { 'idempotency-key': `scale-out-${randomBytes(4).toString('hex')}` };
    const first = await call(0, 'POST', '/api/v1/operations/access-requests', { token: alice, body, headers });
    const second = await call(1, 'POST', '/api/v1/operations/access-requests', { token: alice, body, headers });
    expect(first.status).toBe(201);
    expect(second).toEqual(first);
    const filed = await db.selectFrom('access_requests').select('id').where('tenant_id', '=', t.tenantId).where('justification', '=', body.justification).execute();
    expect(filed).toHaveLength(1);
  });

  it('sign-in failures through either instance count together: the sixth try is refused by both', async () => {
    const headers = { 'x-forwarded-for': `198.51.100.${1 + (randomBytes(1)[0] % 250)}` };
    const attempt = (n: number) => call(n, 'POST', '/api/v1/auth/token', { body: { email: t.people.hana.email, password: 'wrong' }, headers });
    for (let i = 0; i < 5; i++) expect((await attempt(i % 2)).status).toBe(401);
    expect((await attempt(0)).status).toBe(429);
    expect((await attempt(1)).status).toBe(429);
  });

  it('both instances run the one queue: each job exactly once', async () => {
    const count = 24;
    await tenantDb(db, t.tenantId).transaction(async (tdb) => {
      for (let i = 0; i < count; i++) await enqueue(tdb, { name: 'test.scale-out', data: { i } });
    });
    const runs = async () =>
      tenantDb(db, t.tenantId).selectFrom('idempotency_keys').select(['principal', 'key']).where('principal', 'like', 'scale-out:%').execute();
    const deadline = Date.now() + 20_000;
    while ((await runs()).length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const done = await runs();
    expect(done).toHaveLength(count);
    expect(new Set(done.map((r) => r.key)).size).toBe(count);
    const jobs = await jobsOf(t.tenantId, 'test.scale-out');
    expect(jobs).toHaveLength(count);
    expect(jobs.every((job) => job.state === 'done' && job.attempts === 1)).toBe(true);
  });

  it('both instances run the reminders: each reminder, overdue notice and escalation is sent exactly once', async () => {
    // Two requests filed in the past (default 48 h approval clock): one past its 50 % reminder, one overdue.
    const now = Date.now();
    const reminded = await createRecord(ctxAt(t, 'alice', manualClock(new Date(now - 30 * HOUR))), accessRequest, INPUT.access());
    const overdue = await createRecord(ctxAt(t, 'alice', manualClock(new Date(now - 50 * HOUR))), accessRequest, INPUT.access());
    const tdb = tenantDb(db, t.tenantId);
    const itemIds: string[] = [];
    for (const record of [reminded, overdue]) {
      const item = await engineRows(db, t.tenantId).approval(record.id);
      itemIds.push(item.id);
      // Beside the check filing queued, six more of the same cycle: what retries, a restarted instance or a
      // second scheduler could leave behind. Both instances' runners take them at once.
      await tdb.transaction(async (trx) => {
        for (let i = 0; i < 6; i++) await enqueue(trx, { name: SLA_CHECK_JOB, data: { pending_id: item.id, cycle: item.sla_cycle }, runAt: new Date(now) });
      });
    }
    const dueChecks = async () => (await jobsOf(t.tenantId, SLA_CHECK_JOB)).filter((job) => Date.parse(job.run_at) <= now);
    const deadline = Date.now() + 20_000;
    while ((await dueChecks()).some((job) => job.state === 'queued' || job.state === 'running') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const checks = (await dueChecks()).filter((job) => itemIds.includes(String((job.data as { pending_id: string }).pending_id)));
    expect(checks.length).toBeGreaterThanOrEqual(14);
    expect(checks.map((job) => [job.state, job.last_error])).toEqual(checks.map(() => ['done', null]));

    const sent = async (id: string) =>
      (await notificationRows(db, t).about(id))
        .filter(([, kind]) => kind !== 'step_assigned')
        .map((pair) => pair.join(' '))
        .sort();
    expect(await sent(reminded.id)).toEqual(['bob reminder']);
    expect(await sent(overdue.id)).toEqual(['ada escalation', 'bob overdue']);
    // One email each, too (the notification's title is the subject).
    const emails = await tdb.selectFrom('email_messages').select('subject').where('subject', 'like', '%: %').execute();
    const timed = emails.map((e) => e.subject.split(':')[0]).filter((word) => ['Reminder', 'Overdue', 'Escalation'].includes(word)).sort();
    expect(timed).toEqual(['Escalation', 'Overdue', 'Reminder']);
  });
});
