/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> so they stay frozen in time */
import { sql, type Kysely } from 'kysely';

/**
 * Indexes for the hot queries at a million rows (issue 13; tests/integration/query-plans.test.ts EXPLAINs
 * them on an ANALYZEd fixture and fails on a sequential scan of a tenant table).
 *
 * - The inbox reads open pending items only: a partial index on them, in the inbox's own order (priority,
 *   due date, filed), so its cost follows the open items of the tenant, not its whole history.
 * - The visibility rule asks approval_steps "decided by me" and "assigned to my role": indexes for both,
 *   so the rule's OR is a BitmapOr of index scans rather than a scan of every step.
 * - LEAKPROOF for lower(text) and the array operators @> and && (as 0006 did for LIKE): under row-level
 *   security PostgreSQL uses a condition in an index only if its functions are leakproof, so the
 *   (tenant_id, lower(email)) unique index and the GIN indexes on eligible_ids / candidate_ids went unused —
 *   every email check and every "am I a candidate" read scanned the tenant. None of the three can reveal a
 *   row: they neither raise on data nor call user code. RLS here guards against a query that forgets its
 *   tenant, not against SQL written by an attacker. Only a superuser may mark a function; without one the
 *   queries still work, unindexed (the benchmark shows the difference).
 */
const FUNCTIONS = ['pg_catalog.lower(text)', 'pg_catalog.arraycontains(anyarray, anyarray)', 'pg_catalog.arrayoverlap(anyarray, anyarray)'];

async function markLeakproof(db: Kysely<any>, leakproof: boolean): Promise<void> {
  const statements = FUNCTIONS.map((f) => `alter function ${f} ${leakproof ? 'leakproof' : 'not leakproof'};`).join('\n');
  await sql`do $$ begin
      if (select rolsuper from pg_roles where rolname = current_user) then
        ${sql.raw(statements)}
      end if;
    end $$`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists pending_items_open on pending_items (tenant_id, priority, due_at, created_at)
    where status <> 'completed' and is_deleted = false`.execute(db);
  await sql`create index if not exists approval_steps_decided_by on approval_steps (tenant_id, decided_by, entity_type, entity_id)
    where decided_by is not null`.execute(db);
  await sql`create index if not exists approval_steps_role on approval_steps (tenant_id, assignee_role, entity_type, entity_id)
    where assignee_role is not null`.execute(db);
  await markLeakproof(db, true);
}

export async function down(db: Kysely<any>): Promise<void> {
  await markLeakproof(db, false);
  await sql`drop index if exists approval_steps_role`.execute(db);
  await sql`drop index if exists approval_steps_decided_by`.execute(db);
  await sql`drop index if exists pending_items_open`.execute(db);
}
