/**
 * Who sees what (api.md, "Visibility"), as SQL predicates. One place: lists, gets, updates, deletes and
 * actions all select through `visibleRecords`, so a record that is not visible is simply not found (404).
 */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database } from '@/db/schema';
import { hasRole, isAdmin, type Caller } from '@/lib/auth/caller';
import type { Ctx } from '@/lib/data/context';
import type { RecordType } from './define';

// The five tables share the columns used here; Kysely cannot type a union of tables, so the builder is
// typed loosely in this file only and every column name below exists on all five tables.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyEb = ExpressionBuilder<any, any>;

export interface VisibilityOptions {
  includeDeleted?: boolean;
  /**
   * Pending only: the approval items the caller decided (engine.md §8 `decided_by=me`), in place of the
   * caller's other relations — their own decisions, also once the item moved on past them. The item itself
   * stays as api.md's visibility has it (a GET of a decided item that moved on is still 404).
   */
  decidedByCaller?: boolean;
  /**
   * The screens' withdrawn requests (withdrawn.ts), in place of the rule above, which never shows a
   * withdrawn (soft-deleted) record: the caller's own — requester or filer — or, for an admin, any.
   */
  withdrawn?: boolean;
}

function rolesArray(caller: Caller) {
  return sql<string[]>`${sql.val([...caller.roles])}::text[]`;
}

/** Rows the caller may see, whatever its relation to them. */
export function visibleTo(ctx: Ctx, type: RecordType, options: VisibilityOptions = {}) {
  const { caller } = ctx;
  return (eb: AnyEb): Expression<SqlBool> => {
    const conditions: Expression<SqlBool>[] = [];
    if (options.withdrawn) {
      conditions.push(eb('is_deleted', '=', true));
      if (caller.appId) conditions.push(eb('app_id', '=', caller.appId));
      if (!isAdmin(caller)) conditions.push(mine(ctx, type)(eb));
      return eb.and(conditions);
    }
    if (!(options.includeDeleted && isAdmin(caller))) conditions.push(eb('is_deleted', '=', false));
    if (caller.appId) conditions.push(eb('app_id', '=', caller.appId));
    if (options.decidedByCaller && type.name === 'Pending') conditions.push(eb('id', 'in', decidedByCaller(ctx)(eb)));
    else if (!isAdmin(caller) && !hasRole(caller, ...type.deskRoles)) conditions.push(relatedTo(ctx, type)(eb));
    return eb.and(conditions);
  };
}

/** The people who handed their named steps to the caller, as of the context's clock (delegation). */
export function delegatorsOf(ctx: Ctx) {
  const now = ctx.clock.now().toISOString();
  return (eb: AnyEb) =>
    eb
      .selectFrom('delegations')
      .select('delegations.delegator_id')
      .where('delegations.tenant_id', '=', ctx.db.tenantId)
      .where('delegations.delegate_id', '=', ctx.caller.personId)
      .where('delegations.ended_at', 'is', null)
      .where('delegations.starts_at', '<=', now)
      .where('delegations.ends_at', '>', now);
}

/** The approval items the caller decided (themselves, or as a delegate on behalf of someone): `decided_by=me`. */
export function decidedByCaller(ctx: Ctx) {
  return (eb: AnyEb) =>
    eb
      .selectFrom('approval_decisions')
      .select('approval_decisions.pending_id')
      .where('approval_decisions.tenant_id', '=', ctx.db.tenantId)
      .where('approval_decisions.decided_by', '=', ctx.caller.personId);
}

/**
 * A pending item waits on the caller by name: its assignee, one of its candidates, or someone they stand in for.
 *
 * Written so that every branch of the OR can use an index (issue 13; query-plans.test.ts): `@>` and `&&`
 * on the array columns use their GIN indexes where `x = any(column)` cannot, and the delegators are an
 * array computed once (`= any(array(…))`, an InitPlan) rather than an IN-subquery, which inside an OR
 * turns the whole condition into a filter over every row of the tenant.
 */
export function namedForCaller(ctx: Ctx) {
  const me = ctx.caller.personId;
  return (eb: AnyEb): Expression<SqlBool> =>
    eb.or([
      eb('assignee_id', '=', me),
      sql<SqlBool>`candidate_ids @> array[${me}]::text[]`,
      sql<SqlBool>`assignee_id = any(array(${delegatorsOf(ctx)(eb)}))`,
      sql<SqlBool>`candidate_ids && array(${delegatorsOf(ctx)(eb)})`,
    ]);
}

/** The caller's own relation to a row: the branches of the visibility rule other than admin and desk. */
function relatedTo(ctx: Ctx, type: RecordType) {
  const { caller } = ctx;
  return (eb: AnyEb): Expression<SqlBool> => {
    if (type.name === 'Pending') {
      return eb.or([
        namedForCaller(ctx)(eb),
        eb('assignee_role', '=', eb.fn('any', [rolesArray(caller)])),
        eb('requested_by_id', '=', caller.personId),
        eb('created_by', '=', caller.personId),
      ]);
    }
    return eb.or([
      eb('requester_id', '=', caller.personId),
      eb('created_by', '=', caller.personId),
      eb(
        'id',
        'in',
        eb
          .selectFrom('approval_steps')
          .select('approval_steps.entity_id')
          .where('approval_steps.tenant_id', '=', ctx.db.tenantId)
          .where('approval_steps.entity_type', '=', type.name)
          .where((inner: ExpressionBuilder<Database, 'approval_steps'>) =>
            inner.or([
              inner('approval_steps.assignee_id', '=', caller.personId),
              // A step assigned to a role is assigned to each of its holders.
              inner('approval_steps.assignee_role', 'in', [...caller.roles]),
              inner('approval_steps.decided_by', '=', caller.personId),
              // Index-friendly forms, as in namedForCaller: GIN on eligible_ids, the delegators as one array.
              sql<SqlBool>`approval_steps.eligible_ids @> array[${caller.personId}]::text[]`,
              // A delegate sees what is assigned by name to the people they stand in for.
              sql<SqlBool>`approval_steps.assignee_id = any(array(${delegatorsOf(ctx)(inner)}))`,
            ]),
          ),
      ),
      // Who decided a step still sees the request after an edit restarted its chain.
      eb(
        'id',
        'in',
        eb
          .selectFrom('approval_decisions')
          .select('approval_decisions.entity_id')
          .where('approval_decisions.tenant_id', '=', ctx.db.tenantId)
          .where('approval_decisions.entity_type', '=', type.name)
          .where('approval_decisions.decided_by', '=', caller.personId),
      ),
    ]);
  };
}

/** scope=mine: what is the caller's own (requester or creator; for pending: assignee, role or requester). */
export function mine(ctx: Ctx, type: RecordType) {
  const { caller } = ctx;
  return (eb: AnyEb): Expression<SqlBool> =>
    type.name === 'Pending'
      ? eb.or([
          eb('assignee_id', '=', caller.personId),
          eb('assignee_role', '=', eb.fn('any', [rolesArray(caller)])),
          eb('requested_by_id', '=', caller.personId),
        ])
      : eb.or([eb('requester_id', '=', caller.personId), eb('created_by', '=', caller.personId)]);
}

/** The person a record is for. */
export function requesterOf(type: RecordType, record: Record<string, unknown>): string | null {
  return (record[type.requesterField] as string | null) ?? null;
}
