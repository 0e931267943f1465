/**
 * Two server instances on one PostgreSQL (issue 13, scale-out): each instance is a pool of its own
 * (openDatabase twice on the same DATABASE_URL — nothing in memory shared between them), and calls are
 * spread over both. What must hold across instances lives in the database, so:
 * - the decision race: two approvers deciding one step, one through each instance, at once — one wins, the
 *   other gets 409, and the step holds one decision;
 * - an Idempotency-Key used through one instance replays through the other (same response, nothing filed twice);
 * - the job queue: two runners claiming due jobs at once take each job once (FOR UPDATE SKIP LOCKED).
 * Throttles live in the database too (sign_in_failures, counted per address and account on every attempt):
 * tests/integration/sign-in-throttle.test.ts covers them; nothing about them is held in a process.
 * PGlite is one embedded session in one process — there is no second instance to start — so this file runs on
 * PostgreSQL only (CI runs the suite on PostgreSQL).
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import type { Database } from '@/db/schema';
import { contextFor, type Ctx } from '@/lib/data/context';
import { AppError } from '@/lib/errors';
import { claimDueJobs } from '@/lib/jobs/claims';
import { requestHash, withIdempotency } from '@/lib/http/idempotency';
import { typeByName } from '@/lib/operations/registry';
import { createRecord, performAction } from '@/lib/operations/service';
import { testDatabase } from '../support/database';
import { createTestTenant, type PersonKey, type TestTenant } from '../support/tenant';

const url = process.env.DATABASE_URL;
let db: Kysely<Database>;
let instances: DatabaseHandle[] = [];
let t: TestTenant;

beforeAll(async () => {
  if (!url) return;
  ({ db } = await testDatabase());
  instances = [await openDatabase({ url, max: 4 }), await openDatabase({ url, max: 4 })];
  t = await createTestTenant(db);
});

afterAll(async () => {
  await Promise.all(instances.map((i) => i.close()));
});

/** The caller's context on instance n (its own pool). */
function on(n: number, who: PersonKey): Ctx {
  return contextFor(instances[n].db, t.caller(who));
}

describe.skipIf(!url)('two instances on one PostgreSQL', () => {
  it('two approvers deciding one step through different instances: exactly one wins', async () => {
    const access = typeByName('AccessRequest')!;
    const pending = typeByName('Pending')!;
    // A step several people may decide: bob (alice's manager) and the admin overriding.
    for (let round = 0; round < 5; round++) {
      const record = await createRecord(on(0, 'alice'), access, { system_id: 'github', access_type: 'new', justification: `race ${round}` });
      const item = await db.selectFrom('pending_items').select('id').where('tenant_id', '=', t.tenantId).where('entity_id', '=', record.id).where('type', '=', 'approval').executeTakeFirstOrThrow();
      const results = await Promise.allSettled([
        performAction(on(0, 'bob'), pending, item.id, 'approve', { comment: 'instance 0' }),
        performAction(on(1, 'bob'), pending, item.id, 'approve', { comment: 'instance 1' }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const failure = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(failure.reason).toBeInstanceOf(AppError);
      expect((failure.reason as AppError).status).toBe(409);
      const decisions = await db.selectFrom('approval_decisions').select('id').where('tenant_id', '=', t.tenantId).where('pending_id', '=', item.id).execute();
      expect(decisions).toHaveLength(1);
    }
  });

  it('an Idempotency-Key used through one instance replays through the other', async () => {
    const access = typeByName('AccessRequest')!;
    const body = { system_id: 'slack', access_type: 'new', justification: 'once only' };
    const hash = requestHash('POST', '/api/v1/operations/access-requests', body);
    const file = (n: number) =>
      withIdempotency(on(n, 'alice'), 'scale-out-key', hash, async (tx) => {
        const record = await createRecord(tx, access, body);
        return { status: 201, body: record, headers: {} };
      });
    const first = await file(0);
    const second = await file(1);
    expect(second.body).toEqual(first.body);
    const filed = await db.selectFrom('access_requests').select('id').where('tenant_id', '=', t.tenantId).where('justification', '=', 'once only').execute();
    expect(filed).toHaveLength(1);
  });

  it('two runners claiming due jobs at once take each job once', async () => {
    const count = 20;
    await sql`insert into jobs (tenant_id, id, name, data, state, run_at, created_at, updated_at)
      select ${t.tenantId}, 'job_scaleout' || i, 'scale.out', '{}'::jsonb, 'queued', now() - interval '1 minute', now(), now()
      from generate_series(1, ${count}::int) i`.execute(db);
    // The runner's claim (lib/jobs/claims.ts), as two instances' runners run it, at once: the claim goes
    // through the system context's pool (separate connections, real concurrent transactions), so what keeps
    // them apart is the database (FOR UPDATE SKIP LOCKED), as it is between two processes.
    const scope = { names: ['scale.out'], tenantIds: [t.tenantId] };
    const claimed = await Promise.all([claimDueJobs(scope, new Date(), 12), claimDueJobs(scope, new Date(), 12)]);
    const ids = claimed.flat().map((j) => j.id);
    expect(ids).toHaveLength(count);
    expect(new Set(ids).size).toBe(count);
  });
});
