/**
 * Issue 10, item 1: the job runner (lib/jobs/runner.ts) and its two queues. The queue's contract runs on
 * each queue this database has (tests/support/job-queues.ts): the SKIP LOCKED table, and pg-boss on
 * PostgreSQL. The table's own claims, leases and purge run on the table. Time is the injected `now` of
 * runDueJobs; each test scopes the runner to its own tenant (the table claims only its jobs; pg-boss runs
 * in a schema of this block's own, and each test leaves no job of another tenant due).
 */
import { sql, type Kysely } from 'kysely';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '@/db/schema';
import { tenantDb } from '@/lib/data/tenant-db';
import { claimDueJobs, completeJob, LEASE_EXPIRED_ERROR, LEASE_MS, retryDelayMs } from '@/lib/jobs/claims';
import '@/lib/jobs/handlers/maintenance';
import { maintainBoss } from '@/lib/jobs/boss';
import { MAINTENANCE_INTERVAL_MS, MAINTENANCE_JOB, purgeTenant, scheduleMaintenance } from '@/lib/jobs/maintenance';
import { enqueue, enqueueJob, jobsEnabled, registerJobHandler, renewLeasesInHand, runDueJobs, startJobRunner, stopJobRunner, type JobContext } from '@/lib/jobs/runner';
import { testDatabase } from '../support/database';
import { JOB_QUEUES, jobsOf, runOnQueue } from '../support/job-queues';
import { createTestTenant } from '../support/tenant';

let db: Kysely<Database>;

beforeAll(async () => {
  ({ db } = await testDatabase());
});

/** The table queue's own rows (claims, leases). */
async function tableJobs(tenantId: string) {
  return tenantDb(db, tenantId).selectFrom('jobs').selectAll().orderBy('created_at').orderBy('id').execute();
}

const seen: JobContext[] = [];
registerJobHandler('test.record', async (job) => {
  seen.push(job);
});

describe.each(JOB_QUEUES)('the queue’s contract, on the %s queue', (kind) => {
  runOnQueue(kind);

  describe('enqueue in the caller’s transaction', () => {
    it('a rolled-back change leaves no job; a committed one runs, with its tenant’s data at hand', async () => {
      const t = await createTestTenant(db);
      const tdb = tenantDb(db, t.tenantId);
      await expect(
        tdb.transaction(async (trx) => {
          await enqueue(trx, { name: 'test.record', data: { n: 1 } });
          throw new Error('the change fails');
        }),
      ).rejects.toThrow('the change fails');
      expect(await jobsOf(t.tenantId)).toEqual([]);

      let peopleSeen = 0;
      registerJobHandler('test.read-tenant', async (job) => {
        peopleSeen = (await job.db.selectFrom('people').select('id').execute()).length;
        seen.push(job);
      });
      await tdb.transaction(async (trx) => {
        await enqueue(trx, { name: 'test.read-tenant', data: { n: 2 } });
      });
      const [queued] = await jobsOf(t.tenantId);
      expect(queued).toMatchObject({ name: 'test.read-tenant', state: 'queued', attempts: 0, data: { n: 2 } });

      const summary = await runDueJobs({ tenantIds: [t.tenantId] });
      expect(summary).toMatchObject({ ran: 1, done: 1, failed: 0, retried: 0 });
      const run = seen.find((job) => job.jobId === queued.id);
      expect(run).toMatchObject({ tenantId: t.tenantId, data: { n: 2 }, attempt: 1, name: 'test.read-tenant' });
      expect(peopleSeen).toBe(6);
      const [after] = await jobsOf(t.tenantId);
      expect(after).toMatchObject({ state: 'done', last_error: null });
      expect(after.finished_at).not.toBeNull();
      // Done is done: nothing runs twice.
      expect((await runDueJobs({ tenantIds: [t.tenantId] })).ran).toBe(0);
    });

    it('a job whose name no handler here knows stays queued for an instance that has it', async () => {
      const t = await createTestTenant(db);
      await enqueue(tenantDb(db, t.tenantId), { name: 'test.nobody-here', data: {} });
      expect((await runDueJobs({ tenantIds: [t.tenantId] })).ran).toBe(0);
      expect((await jobsOf(t.tenantId))[0].state).toBe('queued');
    });
  });

  describe('retries', () => {
    it('retries with exponential backoff, then fails with the last error', async () => {
      const t = await createTestTenant(db);
      let calls = 0;
      registerJobHandler('test.flaky', async (job) => {
        calls++;
        throw new Error(`boom on attempt ${job.attempt}`);
      });
      const start = new Date();
      await enqueue(tenantDb(db, t.tenantId), { name: 'test.flaky', data: {}, maxAttempts: 3, runAt: start });
      const scope = { tenantIds: [t.tenantId] };

      expect(await runDueJobs({ ...scope, now: start })).toMatchObject({ ran: 1, retried: 1 });
      let [job] = await jobsOf(t.tenantId);
      expect(job).toMatchObject({ state: 'queued', attempts: 1, last_error: 'boom on attempt 1' });
      // The table waits exactly retryDelayMs; pg-boss the same base with up to 100 % jitter.
      const wait = Date.parse(job.run_at) - start.getTime();
      if (kind === 'table') expect(wait).toBe(retryDelayMs(1));
      else {
        expect(wait).toBeGreaterThanOrEqual(retryDelayMs(1) - 1000);
        expect(wait).toBeLessThanOrEqual(2 * retryDelayMs(1) + 1000);
      }

      // Not before the backoff has passed.
      expect((await runDueJobs({ ...scope, now: new Date(start.getTime() + retryDelayMs(1) - 2000) })).ran).toBe(0);
      const second = new Date(Date.parse(job.run_at));
      expect(await runDueJobs({ ...scope, now: second })).toMatchObject({ ran: 1, retried: 1 });
      [job] = await jobsOf(t.tenantId);
      expect(job).toMatchObject({ state: 'queued', attempts: 2, last_error: 'boom on attempt 2' });
      expect(Date.parse(job.run_at) - second.getTime()).toBeGreaterThanOrEqual(retryDelayMs(2) - 1000);

      const third = new Date(Date.parse(job.run_at));
      expect(await runDueJobs({ ...scope, now: third })).toMatchObject({ ran: 1, failed: 1 });
      [job] = await jobsOf(t.tenantId);
      expect(job).toMatchObject({ state: 'failed', attempts: 3, last_error: 'boom on attempt 3' });
      expect(calls).toBe(3);
      expect((await runDueJobs({ ...scope, now: new Date(third.getTime() + 86_400_000) })).ran).toBe(0);
    });
  });

  describe('singletonKey and runAt', () => {
    it('a flood of one job name does not hold back another name’s due job', async () => {
      const t = await createTestTenant(db);
      const ran: string[] = [];
      registerJobHandler('test.flood', async () => {
        ran.push('flood');
      });
      registerJobHandler('test.urgent', async () => {
        ran.push('urgent');
      });
      const tdb = tenantDb(db, t.tenantId);
      const now = new Date();
      // The reminder has waited longest; forty deliveries of another kind arrived after it.
      await enqueue(tdb, { name: 'test.urgent', data: {}, runAt: new Date(now.getTime() - 60_000) });
      await tdb.transaction(async (trx) => {
        for (let i = 0; i < 40; i++) await enqueue(trx, { name: 'test.flood', data: { i }, runAt: now });
      });
      expect(await runDueJobs({ tenantIds: [t.tenantId], now, batchSize: 5, maxJobs: 5 })).toMatchObject({ ran: 5 });
      expect(ran).toContain('urgent');
      expect(await runDueJobs({ tenantIds: [t.tenantId], now })).toMatchObject({ ran: 36, done: 36 });
    });

    it('eight enqueues of one key at once, each in its own transaction: one job', async () => {
      const t = await createTestTenant(db);
      const ids = await Promise.all(
        Array.from({ length: 8 }, (_, n) => tenantDb(db, t.tenantId).transaction((trx) => enqueueJob(trx, { name: 'test.nobody-here', data: { n }, singletonKey: 'race' }))),
      );
      expect(ids.filter(Boolean)).toHaveLength(1);
      expect(await jobsOf(t.tenantId, 'test.nobody-here')).toHaveLength(1);
    });

    it('one queued or running job per key and name; a new one once it has finished', async () => {
      const t = await createTestTenant(db);
      const other = await createTestTenant(db);
      const tdb = tenantDb(db, t.tenantId);
      const first = await enqueueJob(tdb, { name: 'test.record', data: { n: 1 }, singletonKey: 'step-1:50%' });
      expect(first).toMatch(/^job_/);
      expect(await enqueueJob(tdb, { name: 'test.record', data: { n: 2 }, singletonKey: 'step-1:50%' })).toBeNull();
      // Another name, or another tenant, is another key.
      expect(await enqueueJob(tdb, { name: 'test.other', data: {}, singletonKey: 'step-1:50%' })).toMatch(/^job_/);
      expect(await enqueueJob(tenantDb(db, other.tenantId), { name: 'test.record', data: {}, singletonKey: 'step-1:50%' })).toMatch(/^job_/);
      expect((await jobsOf(t.tenantId)).filter((job) => job.name === 'test.record')).toHaveLength(1);

      await runDueJobs({ tenantIds: [t.tenantId] });
      expect(await enqueueJob(tdb, { name: 'test.record', data: { n: 3 }, singletonKey: 'step-1:50%' })).toMatch(/^job_/);
      await runDueJobs({ tenantIds: [t.tenantId, other.tenantId] });
    });

    it('a job due later waits for the clock', async () => {
      const t = await createTestTenant(db);
      const now = new Date();
      const later = new Date(now.getTime() + 2 * 3_600_000);
      const id = await enqueueJob(tenantDb(db, t.tenantId), { name: 'test.record', data: {}, runAt: later });
      expect((await runDueJobs({ tenantIds: [t.tenantId], now })).ran).toBe(0);
      expect((await runDueJobs({ tenantIds: [t.tenantId], now: new Date(later.getTime() - 1) })).ran).toBe(0);
      expect(await runDueJobs({ tenantIds: [t.tenantId], now: later })).toMatchObject({ ran: 1, done: 1 });
      expect(seen.some((job) => job.jobId === id && job.now.getTime() === later.getTime())).toBe(true);
    });
  });

  describe('finishIn', () => {
    it('the handler’s writes and the job’s completion commit together', async () => {
      const t = await createTestTenant(db);
      registerJobHandler<{ body: string }>('test.comment', async (job) => {
        await job.db.transaction(async (trx) => {
          await trx
            .insertInto('comments', { id: `cmt_${job.jobId}`, entity_type: 'travel', entity_id: 'x', author_id: t.people.ada.id, body: job.data.body, created_at: job.now })
            .execute();
          await job.finishIn(trx);
        });
      });
      await enqueue(tenantDb(db, t.tenantId), { name: 'test.comment', data: { body: 'hello' } });
      expect(await runDueJobs({ tenantIds: [t.tenantId] })).toMatchObject({ done: 1 });
      expect(await tenantDb(db, t.tenantId).selectFrom('comments').select('body').execute()).toEqual([{ body: 'hello' }]);
      expect((await jobsOf(t.tenantId))[0].state).toBe('done');
    });
  });

  describe('several runners at once', () => {
    it('200 jobs, 4 claim loops at once: each job runs exactly once', async () => {
      const t = await createTestTenant(db);
      const runs = new Map<string, number>();
      registerJobHandler('test.count', async (job) => {
        runs.set(job.jobId, (runs.get(job.jobId) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
      });
      const tdb = tenantDb(db, t.tenantId);
      await tdb.transaction(async (trx) => {
        for (let i = 0; i < 200; i++) await enqueue(trx, { name: 'test.count', data: { i } });
      });
      const summaries = await Promise.all([1, 2, 3, 4].map(() => runDueJobs({ tenantIds: [t.tenantId], batchSize: 7 })));
      expect(summaries.reduce((sum, s) => sum + s.done, 0)).toBe(200);
      expect(summaries.filter((s) => s.ran > 0).length).toBeGreaterThanOrEqual(2);
      expect(runs.size).toBe(200);
      expect([...runs.values()].every((n) => n === 1)).toBe(true);
      expect((await jobsOf(t.tenantId)).every((job) => job.state === 'done' && job.attempts === 1)).toBe(true);
    });
  });
});

describe('the table queue: claims, leases and the purge', () => {
  runOnQueue('table');

  describe('a crashed instance', () => {
    it('its running job is claimed again once the lease runs out, and its late finish is refused', async () => {
      const t = await createTestTenant(db);
      const now = new Date();
      const id = await enqueueJob(tenantDb(db, t.tenantId), { name: 'test.record', data: {}, runAt: now });
      const [dead] = await claimDueJobs({ names: ['test.record'], tenantIds: [t.tenantId] }, now, 10);
      expect(dead.id).toBe(id);
      expect((await tableJobs(t.tenantId))[0]).toMatchObject({ state: 'running', attempts: 1 });

      expect(await runDueJobs({ tenantIds: [t.tenantId], now: new Date(now.getTime() + LEASE_MS - 1000) })).toMatchObject({ ran: 0, released: 0 });
      const after = new Date(now.getTime() + LEASE_MS);
      expect(await runDueJobs({ tenantIds: [t.tenantId], now: after })).toMatchObject({ released: 1, ran: 1, done: 1 });
      const [job] = await tableJobs(t.tenantId);
      expect(job).toMatchObject({ state: 'done', attempts: 2 });
      expect(seen.filter((run) => run.jobId === id).map((run) => run.attempt)).toEqual([2]);
      expect(await completeJob(dead, after)).toBe(false);
    });

    it('a lease that runs out on the last attempt fails the job with why', async () => {
      const t = await createTestTenant(db);
      const now = new Date();
      await enqueueJob(tenantDb(db, t.tenantId), { name: 'test.record', data: {}, runAt: now, maxAttempts: 1 });
      await claimDueJobs({ names: ['test.record'], tenantIds: [t.tenantId] }, now, 10);
      expect(await runDueJobs({ tenantIds: [t.tenantId], now: new Date(now.getTime() + LEASE_MS) })).toMatchObject({ released: 1, ran: 0 });
      expect((await tableJobs(t.tenantId))[0]).toMatchObject({ state: 'failed', last_error: LEASE_EXPIRED_ERROR });
    });
  });

  describe('a handler slower than its lease', () => {
    it('keeps its job: the heartbeat renews the lease while it runs, so a second runner never takes it back', async () => {
      const t = await createTestTenant(db);
      const scope = { tenantIds: [t.tenantId] };
      const t0 = Date.now();
      let clockAt = t0;
      const clock = () => new Date(clockAt);
      let started!: () => void;
      const running = new Promise<void>((resolve) => (started = resolve));
      let finish!: () => void;
      const gate = new Promise<void>((resolve) => (finish = resolve));
      let runs = 0;
      registerJobHandler('test.slow', async () => {
        runs++;
        started();
        await gate;
      });
      const id = await enqueueJob(tenantDb(db, t.tenantId), { name: 'test.slow', data: {}, runAt: new Date(t0) });
      const lease = async () => Date.parse((await tableJobs(t.tenantId))[0].locked_until!);

      // The first runner claims it at t0 and its handler is still running.
      const first = runDueJobs({ ...scope, clock, heartbeatMs: 20 });
      await running;
      expect(await lease()).toBe(t0 + LEASE_MS);

      // Four minutes on (the runner's clock): the heartbeat has pushed the lease to a full one from then.
      clockAt = t0 + 4 * 60_000;
      await vi.waitFor(async () => expect(await lease()).toBe(clockAt + LEASE_MS), { timeout: 5000, interval: 20 });

      // Past the lease it was claimed with, a second runner finds nothing to take back and nothing to run.
      expect(await runDueJobs({ ...scope, now: new Date(t0 + LEASE_MS + 60_000) })).toMatchObject({ released: 0, ran: 0 });
      // The handler runs on for another 8 minutes: renewed again, still nobody else's.
      clockAt = t0 + 8 * 60_000;
      expect(await renewLeasesInHand(clock())).toContain(id);
      expect(await runDueJobs({ ...scope, now: new Date(t0 + 12 * 60_000) })).toMatchObject({ released: 0, ran: 0 });

      finish();
      expect(await first).toMatchObject({ ran: 1, done: 1 });
      expect(runs).toBe(1);
      expect((await tableJobs(t.tenantId))[0]).toMatchObject({ state: 'done', attempts: 1, locked_by: null });
      // Nothing is held any more: a heartbeat renews nothing.
      expect(await renewLeasesInHand(clock())).not.toContain(id);
    });

    it('each batch claims with a lease from its own moment, not from when the run began', async () => {
      const t = await createTestTenant(db);
      const t0 = Date.now();
      let clockAt = t0;
      const leases: number[] = [];
      registerJobHandler('test.long-batch', async (job) => {
        const row = await job.db.selectFrom('jobs').select('locked_until').where('id', '=', job.jobId).executeTakeFirstOrThrow();
        leases.push(Date.parse(row.locked_until!) - clockAt);
        // Each job takes ten minutes of the runner's clock.
        clockAt += 10 * 60_000;
      });
      const tdb = tenantDb(db, t.tenantId);
      for (let i = 0; i < 2; i++) await enqueue(tdb, { name: 'test.long-batch', data: { i }, runAt: new Date(t0) });
      expect(await runDueJobs({ tenantIds: [t.tenantId], clock: () => new Date(clockAt), batchSize: 1 })).toMatchObject({ ran: 2, done: 2 });
      // The second job, claimed ten minutes after the first, still had a whole lease ahead of it.
      expect(leases).toEqual([LEASE_MS, LEASE_MS]);
    });
  });

  describe('several runners at once', () => {
    it('a claim takes at most its limit, and claims at once never share a job', async () => {
      const t = await createTestTenant(db);
      const tdb = tenantDb(db, t.tenantId);
      await tdb.transaction(async (trx) => {
        for (let i = 0; i < 30; i++) await enqueue(trx, { name: 'test.record', data: { i } });
      });
      const claims = await Promise.all([1, 2, 3].map(() => claimDueJobs({ names: ['test.record'], tenantIds: [t.tenantId] }, new Date(), 7)));
      expect(claims.map((batch) => batch.length)).toEqual([7, 7, 7]);
      expect(new Set(claims.flat().map((job) => job.id)).size).toBe(21);
    });
  });

  describe('maintenance: short-lived rows purged by a scheduled job', () => {
    it('the hourly step queues each tenant’s purge once; the job removes only what is past its time', async () => {
      const t = await createTestTenant(db);
      const tdb = tenantDb(db, t.tenantId);
      // The runner's injected clock: a month and a half from now (the job runs with it).
      const now = new Date(Date.now() + 45 * 86_400_000);
      const ago = (days: number) => new Date(now.getTime() - days * 86_400_000);
      for (const [id, state, at] of [
        ['job_old_done', 'done', ago(8)],
        ['job_new_done', 'done', ago(6)],
        ['job_old_failed', 'failed', ago(30)],
        ['job_old_queued', 'queued', ago(9)],
      ] as const) {
        // A name no handler runs: the queued one stays queued.
        await tdb.insertInto('jobs', { id, name: 'test.unhandled', data: '{}', state, run_at: at, updated_at: at, created_at: at }).execute();
      }
      for (const [key, at] of [['old', ago(2)], ['new', new Date(now.getTime() - 3_600_000)]] as const) {
        await tdb.insertInto('idempotency_keys', { principal: 'p', key, request_hash: 'h', status_code: 201, response_body: '{}', response_headers: '{}', created_at: at }).execute();
      }
      const alice = t.people.alice.id;
      // Expired 31 days before `now` (gone) and 29 days before (kept), and one still live.
      for (const [suffix, expires] of [['gone', ago(31)], ['kept', ago(29)], ['live', new Date(now.getTime() + 3_600_000)]] as const) {
        await tdb.insertInto('auth_sessions', { id: `tok_${suffix}`, person_id: alice, kind: 'token', created_at: ago(40).toISOString(), expires_at: expires.toISOString() }).execute();
        await tdb
          .insertInto('email_action_links', { id: `eal_${suffix}`, person_id: alice, pending_id: 'pnd_x', step_index: 0, generation: 0, created_at: ago(40).toISOString(), expires_at: expires.toISOString(), used_at: suffix === 'gone' ? ago(35).toISOString() : null })
          .execute();
        await tdb
          .insertInto('person_links', { id: `lnk_${suffix}`, person_id: alice, kind: 'invitation', token_hash: `hash_${suffix}_${t.tenantId}`, created_at: ago(40).toISOString(), expires_at: expires.toISOString() })
          .execute();
      }
      // Rate-limit rows of no tenant, on the real clock (other test files share these tables): older than two
      // windows (gone), and recent ones (kept).
      const realNow = new Date();
      const mark = `maint-${t.tenantId}`;
      for (const [suffix, at] of [['gone', new Date(realNow.getTime() - 86_400_000)], ['kept', new Date(realNow.getTime() - 60_000)]] as const) {
        await db.insertInto('sign_in_failures').values({ id: `sif_${mark}_${suffix}`, account_key: mark, address: mark, created_at: at.toISOString() }).execute();
        await db.insertInto('email_link_attempts').values({ id: `ela_${mark}_${suffix}`, address: mark, created_at: at.toISOString() }).execute();
        await db.insertInto('verification_lookups').values({ id: `vfl_${mark}_${suffix}`, address: mark, created_at: at.toISOString() }).execute();
      }

      const first = await scheduleMaintenance({ now: realNow, tenantIds: [t.tenantId] });
      expect(first.scheduled).toBe(1);
      // A second instance's step while the job waits: no second job.
      expect((await scheduleMaintenance({ now: realNow, tenantIds: [t.tenantId] })).scheduled).toBe(0);
      expect((await tableJobs(t.tenantId)).filter((job) => job.name === MAINTENANCE_JOB)).toHaveLength(1);

      const summary = await runDueJobs({ now, tenantIds: [t.tenantId], batchSize: 10 });
      expect(summary).toMatchObject({ done: 1, failed: 0 });
      const jobs = await tableJobs(t.tenantId);
      expect(jobs.filter((job) => job.name !== MAINTENANCE_JOB).map((job) => job.id).sort()).toEqual(['job_new_done', 'job_old_failed', 'job_old_queued']);
      expect(jobs.find((job) => job.name === MAINTENANCE_JOB)).toMatchObject({ state: 'done' });
      expect((await tdb.selectFrom('idempotency_keys').select('key').execute()).map((r) => r.key)).toEqual(['new']);
      for (const table of ['auth_sessions', 'email_action_links', 'person_links'] as const) {
        const ids = (await tdb.selectFrom(table).select('id').execute()).map((r) => r.id.split('_')[1]).sort();
        expect(ids, table).toEqual(['kept', 'live']);
      }
      for (const table of ['sign_in_failures', 'email_link_attempts', 'verification_lookups'] as const) {
        const ids = (await db.selectFrom(table).select('id').where('id', 'like', `%${mark}%`).execute()).map((r) => r.id.split('_').pop());
        expect(ids, table).toEqual(['kept']);
      }

      // Once done, the next hour's step queues it again.
      expect((await scheduleMaintenance({ now: new Date(realNow.getTime() + MAINTENANCE_INTERVAL_MS), tenantIds: [t.tenantId] })).scheduled).toBe(1);
    });

    it('purges in batches: more rows than a batch all go', async () => {
      const t = await createTestTenant(db);
      const tdb = tenantDb(db, t.tenantId);
      const now = new Date();
      const old = new Date(now.getTime() - 3 * 86_400_000);
      for (let i = 0; i < 7; i++) {
        await tdb.insertInto('idempotency_keys', { principal: 'p', key: `k${i}`, request_hash: 'h', status_code: 201, response_body: '{}', response_headers: '{}', created_at: old }).execute();
      }
      expect(await purgeTenant(tdb, now, 3)).toMatchObject({ idempotencyKeys: 7 });
      expect(await tdb.selectFrom('idempotency_keys').select('key').execute()).toEqual([]);
    });
  });
});

describe.skipIf(!process.env.DATABASE_URL)('pg-boss on PostgreSQL', () => {
  const { schema } = runOnQueue('pg-boss');
  const jobTable = () => sql`${sql.id(schema)}.job`;

  it('a tenant sees and touches only its own jobs in pgboss.job, and cannot queue one for another tenant', async () => {
    const [a, b] = [await createTestTenant(db), await createTestTenant(db)];
    const id = (await enqueueJob(tenantDb(db, a.tenantId), { name: 'test.nobody-here', data: { secret: 'a' } }))!;
    const uuid = id.slice('job_'.length);
    const asB = tenantDb(db, b.tenantId).connection;
    // The app role, as tenant b: no row of a's, by any predicate; no update or delete reaches it.
    expect((await sql`select id from ${jobTable()} where id = ${uuid}::uuid`.execute(asB)).rows).toEqual([]);
    expect((await sql`select count(*)::int as n from ${jobTable()} where data->>'tenant_id' = ${a.tenantId}`.execute(asB)).rows).toEqual([{ n: 0 }]);
    expect(Number((await sql`update ${jobTable()} set priority = 9 where id = ${uuid}::uuid`.execute(asB)).numAffectedRows)).toBe(0);
    expect(Number((await sql`delete from ${jobTable()} where id = ${uuid}::uuid`.execute(asB)).numAffectedRows)).toBe(0);
    // A job carrying a's tenant id, written as b (what a forged enqueue would do), is refused by the policy.
    await expect(
      sql`insert into ${jobTable()} (name, data) values ('test.nobody-here', ${JSON.stringify({ tenant_id: a.tenantId, data: {} })}::jsonb)`.execute(asB),
    ).rejects.toThrow(/row-level security/);
    // As a, it is there.
    expect((await sql`select id from ${jobTable()} where id = ${uuid}::uuid`.execute(tenantDb(db, a.tenantId).connection)).rows).toHaveLength(1);
  });

  it('a job whose instance died mid-run is failed by pg-boss’s maintenance after its expiry, then retried', async () => {
    const t = await createTestTenant(db);
    const attempts: number[] = [];
    registerJobHandler('test.orphaned', async (job) => {
      attempts.push(job.attempt);
    });
    const id = (await enqueueJob(tenantDb(db, t.tenantId), { name: 'test.orphaned', data: {} }))!;
    // An instance fetched it 16 minutes ago and died: active, never completed (its expiry is 15 minutes).
    await sql`update ${jobTable()} set state = 'active', started_on = now() - interval '16 minutes' where id = ${id.slice(4)}::uuid`.execute(db);
    expect((await runDueJobs({ tenantIds: [t.tenantId] })).ran).toBe(0);
    await maintainBoss();
    expect((await jobsOf(t.tenantId))[0]).toMatchObject({ id, state: 'queued', attempts: 1, last_error: 'job failed by timeout in active state' });
    expect(await runDueJobs({ tenantIds: [t.tenantId], now: new Date(Date.now() + 3_600_000) })).toMatchObject({ ran: 1, done: 1 });
    expect(attempts).toEqual([2]);
  });

  it('the server’s runner creates the queues, runs what is due on the real clock, and stops', async () => {
    const t = await createTestTenant(db);
    const ran: string[] = [];
    registerJobHandler('test.served', async (job) => {
      ran.push(job.jobId);
    });
    // Queued before the start, so the first poll runs it: after that poll the runner's hourly maintenance
    // walks every tenant of this shared test database (hundreds under CI), which must not decide the test.
    const id = (await enqueueJob(tenantDb(db, t.tenantId), { name: 'test.served', data: {} }))!;
    expect(await startJobRunner({ pollMs: 50 })).toBe(true);
    try {
      await vi.waitFor(() => expect(ran).toEqual([id]), { timeout: 10_000, interval: 50 });
      await vi.waitFor(async () => expect((await jobsOf(t.tenantId))[0]).toMatchObject({ id, state: 'done', attempts: 1 }), { timeout: 5000, interval: 50 });
      // Every handler the server loads has its queue (pg-boss keeps a partition per name).
      const { rows } = await sql<{ name: string }>`select name from ${sql.id(schema)}.queue`.execute(db);
      expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(['sla.check', 'email.send', 'maintenance.purge', 'test.served']));
    } finally {
      await stopJobRunner();
    }
  });
});

describe('switching the runner off', () => {
  it('JOBS=off (or false, 0, no) keeps startJobRunner from starting', async () => {
    for (const value of ['off', 'OFF', 'false', '0', 'no']) expect(jobsEnabled({ JOBS: value }), value).toBe(false);
    for (const value of [undefined, '', 'on', 'true']) expect(jobsEnabled({ JOBS: value }), String(value)).toBe(true);
    const before = process.env.JOBS;
    process.env.JOBS = 'off';
    try {
      expect(await startJobRunner()).toBe(false);
    } finally {
      if (before === undefined) delete process.env.JOBS;
      else process.env.JOBS = before;
    }
  });
});
