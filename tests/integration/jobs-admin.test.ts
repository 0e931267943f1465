/**
 * Issue 10, item 1: the Jobs panel's API (GET /api/v1/jobs, POST /api/v1/jobs/{id}/retry,
 * DELETE /api/v1/jobs/{id}) — admins only, one tenant's jobs only — and the domain behind the screen; on
 * each queue (tests/support/job-queues.ts): the table, and pg-boss when the database is PostgreSQL.
 */
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/schema';
import { tenantDb } from '@/lib/data/tenant-db';
import { jobsPanelPage } from '@/lib/jobs/admin';
import { enqueueJob, registerJobHandler, runDueJobs } from '@/lib/jobs/runner';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { JOB_QUEUES, runOnQueue } from '../support/job-queues';
import { createTestTenant, type TestTenant } from '../support/tenant';

let db: Kysely<Database>;

beforeAll(async () => {
  ({ db } = await testDatabase());
});

registerJobHandler<{ fail?: boolean }>('test.admin', async (job) => {
  if (job.data.fail) throw new Error('SMTP said 550: mailbox unavailable');
});

/** A tenant with one done, one failed and one queued (later) job. */
async function tenantWithJobs(): Promise<{ t: TestTenant; done: string; failed: string; queued: string }> {
  const t = await createTestTenant(db);
  const tdb = tenantDb(db, t.tenantId);
  const done = (await enqueueJob(tdb, { name: 'test.admin', data: {} }))!;
  const failed = (await enqueueJob(tdb, { name: 'test.admin', data: { fail: true }, maxAttempts: 1, singletonKey: 'only-one' }))!;
  const queued = (await enqueueJob(tdb, { name: 'test.admin', data: {}, runAt: new Date(Date.now() + 86_400_000) }))!;
  await runDueJobs({ tenantIds: [t.tenantId] });
  return { t, done, failed, queued };
}

describe.each(JOB_QUEUES)('on the %s queue', (kind) => {
  runOnQueue(kind);

  describe('GET /api/v1/jobs', () => {
    it('is for admins only (403)', async () => {
      const { t } = await tenantWithJobs();
      for (const who of ['alice', 'bob', 'hana', 'ivan', 'tara'] as const) {
        expect((await api('GET', '/api/v1/jobs', { token: await t.token(who) })).status, who).toBe(403);
        expect((await api('POST', `/api/v1/jobs/job_x/retry`, { token: await t.token(who) })).status, who).toBe(403);
        expect((await api('DELETE', `/api/v1/jobs/job_x`, { token: await t.token(who) })).status, who).toBe(403);
      }
      expect((await api('GET', '/api/v1/jobs')).status).toBe(401);
    });

    it('lists the tenant’s jobs with counts, filters by state, shows a failure’s error; never another tenant’s', async () => {
      const { t, done, failed, queued } = await tenantWithJobs();
      const other = await tenantWithJobs();
      const token = await t.token('ada');
      const all = await api('GET', '/api/v1/jobs', { token });
      expect(all.status).toBe(200);
      expect(all.body.counts).toEqual({ queued: 1, running: 0, done: 1, failed: 1 });
      // Each queue's own ids: the table's ULIDs, pg-boss's UUIDs.
      expect(done).toMatch(kind === 'pg-boss' ? /^job_[0-9a-f]{8}-[0-9a-f-]{27}$/ : /^job_[0-9A-Z]{26}$/);
      expect(all.body.data.map((job: { id: string }) => job.id).sort()).toEqual([done, failed, queued].sort());

      const failedOnly = await api('GET', '/api/v1/jobs?state=failed', { token });
      expect(failedOnly.body.data).toEqual([
        expect.objectContaining({ id: failed, state: 'failed', attempts: 1, max_attempts: 1, last_error: 'SMTP said 550: mailbox unavailable' }),
      ]);
      expect((await api('GET', '/api/v1/jobs?state=stuck', { token })).status).toBe(422);

      const paged = await api('GET', '/api/v1/jobs?limit=2', { token });
      expect(paged.body.data).toHaveLength(2);
      const rest = await api('GET', `/api/v1/jobs?limit=2&cursor=${paged.body.next_cursor}`, { token });
      expect(rest.body.data).toHaveLength(1);
      expect(rest.body.next_cursor).toBeNull();

      // The other tenant's admin sees only theirs, and cannot touch these by id.
      const theirs = await api('GET', '/api/v1/jobs', { token: await other.t.token('ada') });
      expect(theirs.body.data.map((job: { id: string }) => job.id)).not.toContain(failed);
      expect((await api('POST', `/api/v1/jobs/${failed}/retry`, { token: await other.t.token('ada') })).status).toBe(404);
      expect((await api('DELETE', `/api/v1/jobs/${failed}`, { token: await other.t.token('ada') })).status).toBe(404);
    });
  });

  describe('retry and discard', () => {
    it('retry queues a failed job again with all its attempts; it then runs', async () => {
      const { t, failed, done } = await tenantWithJobs();
      const token = await t.token('ada');
      const retried = await api('POST', `/api/v1/jobs/${failed}/retry`, { token });
      expect(retried.status).toBe(200);
      expect(retried.body).toMatchObject({ id: failed, state: 'queued', attempts: 0, last_error: null });
      expect((await api('POST', `/api/v1/jobs/${done}/retry`, { token })).status).toBe(409);
      expect((await api('POST', `/api/v1/jobs/job_nope/retry`, { token })).status).toBe(404);
      expect(await runDueJobs({ tenantIds: [t.tenantId] })).toMatchObject({ ran: 1, failed: 1 });
    });

    it('retry refuses while a newer job of the same singleton key is live (409)', async () => {
      const { t, failed } = await tenantWithJobs();
      await enqueueJob(tenantDb(db, t.tenantId), { name: 'test.admin', data: {}, singletonKey: 'only-one', runAt: new Date(Date.now() + 60_000) });
      expect((await api('POST', `/api/v1/jobs/${failed}/retry`, { token: await t.token('ada') })).status).toBe(409);
    });

    // PostgreSQL only: PGlite is one session, so a second transaction cannot run beside an open one.
    it.skipIf(!process.env.DATABASE_URL)('a retry while a new job of the same key is being enqueued (not yet committed): 409, never two live jobs of the key', async () => {
      const { t, failed } = await tenantWithJobs();
      let retried: Promise<{ status: number }> | undefined;
      await tenantDb(db, t.tenantId).transaction(async (trx) => {
        await enqueueJob(trx, { name: 'test.admin', data: {}, singletonKey: 'only-one', runAt: new Date(Date.now() + 60_000) });
        // The admin's retry arrives while the enqueue's transaction is still open.
        retried = api('POST', `/api/v1/jobs/${failed}/retry`, { token: await t.token('ada') });
        await new Promise((resolve) => setTimeout(resolve, 500));
      });
      expect((await retried!).status).toBe(409);
      const live = (await api('GET', '/api/v1/jobs?state=queued', { token: await t.token('ada') })).body.data.filter(
        (job: { singleton_key: string | null }) => job.singleton_key === 'only-one',
      );
      expect(live).toHaveLength(1);
    });

    it('discard deletes a failed or queued job, never a done one', async () => {
      const { t, failed, queued, done } = await tenantWithJobs();
      const token = await t.token('ada');
      expect((await api('DELETE', `/api/v1/jobs/${failed}`, { token })).status).toBe(204);
      expect((await api('DELETE', `/api/v1/jobs/${queued}`, { token })).status).toBe(204);
      expect((await api('DELETE', `/api/v1/jobs/${done}`, { token })).status).toBe(409);
      expect((await api('DELETE', `/api/v1/jobs/${failed}`, { token })).status).toBe(404);
      expect((await api('GET', '/api/v1/jobs', { token })).body.counts).toEqual({ queued: 0, running: 0, done: 1, failed: 0 });
    });
  });

  describe('the settings panel', () => {
    it('reads the state from the URL; an unknown one shows all with a note', async () => {
      const { t } = await tenantWithJobs();
      const failed = await jobsPanelPage(t.ctx('ada'), 'failed');
      expect(failed.state).toBe('failed');
      expect(failed.page.data.map((job) => job.state)).toEqual(['failed']);
      const unknown = await jobsPanelPage(t.ctx('ada'), 'weird');
      expect(unknown.state).toBeNull();
      expect(unknown.error).toContain('weird');
      expect(unknown.page.data).toHaveLength(3);
      await expect(jobsPanelPage(t.ctx('bob'), undefined)).rejects.toThrow(/admins/);
    });

    it('is in the OpenAPI document', async () => {
      const doc = await api('GET', '/api/v1/openapi.json');
      expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/jobs', '/api/v1/jobs/{id}/retry', '/api/v1/jobs/{id}']));
    });
  });
});
