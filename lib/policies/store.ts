/**
 * The tenant's policies, versioned (engine.md §1): every PUT is a new version, earlier ones stay readable,
 * and a tenant that never edited a policy has the default as version 1. Editing a policy never touches
 * a running chain: each approval item keeps the version it started with.
 */
import { sql } from 'kysely';
import { isAdmin } from '@/lib/auth/caller';
import { within, type Ctx } from '@/lib/data/context';
import { forbidden, invalid, notFound } from '@/lib/errors';
import { writeAudit } from '@/lib/operations/audit';
import { typeByResource } from '@/lib/operations/registry';
import { parseInput } from '@/lib/operations/validate';
import { recordSecurityEvent } from '@/lib/security/events';
import { defaultSteps, policyBodySchema, policyProblems, POLICY_RESOURCES, type Policy, type PolicyResource, type PolicyStep } from './policy';

export function assertPolicyResource(resource: string): PolicyResource {
  if (!(POLICY_RESOURCES as readonly string[]).includes(resource)) throw notFound('approval policy');
  return resource as PolicyResource;
}

async function defaultPolicy(ctx: Ctx, resource: PolicyResource): Promise<Policy> {
  const tenant = await ctx.db.tenant().select(['travel_approval_threshold']).executeTakeFirstOrThrow();
  return { resource, version: 1, steps: defaultSteps(resource, Number(tenant.travel_approval_threshold)), created_at: null, created_by: null };
}

function fromRow(row: { resource: string; version: number; steps: unknown[]; created_at: string; created_by: string | null }): Policy {
  return { resource: row.resource as PolicyResource, version: row.version, steps: row.steps as PolicyStep[], created_at: row.created_at, created_by: row.created_by };
}

/** The policy in force (or the given version of it); 404 for a version that never existed. */
export async function getPolicy(ctx: Ctx, resource: PolicyResource, version?: number): Promise<Policy> {
  let query = ctx.db
    .selectFrom('approval_policies')
    .select(['resource', 'version', 'steps', 'created_at', 'created_by'])
    .where('resource', '=', resource);
  query = version === undefined ? query.orderBy('version', 'desc') : query.where('version', '=', version);
  const row = await query.limit(1).executeTakeFirst();
  if (row) return fromRow(row);
  if (version === undefined || version === 1) return defaultPolicy(ctx, resource);
  throw notFound('policy version');
}

export async function listPolicies(ctx: Ctx): Promise<Policy[]> {
  return Promise.all(POLICY_RESOURCES.map((resource) => getPolicy(ctx, resource)));
}

/** Every version of a policy, newest first (the diff view compares two of them). */
export async function policyVersions(ctx: Ctx, resource: PolicyResource): Promise<Policy[]> {
  const rows = await ctx.db
    .selectFrom('approval_policies')
    .select(['resource', 'version', 'steps', 'created_at', 'created_by'])
    .where('resource', '=', resource)
    .orderBy('version', 'desc')
    .execute();
  return rows.length ? rows.map(fromRow) : [await defaultPolicy(ctx, resource)];
}

/** Checks that the people and groups a policy names exist in the tenant. */
async function referenceProblems(ctx: Ctx, steps: PolicyStep[]) {
  const problems: { path: string; message: string }[] = [];
  for (const [index, step] of steps.entries()) {
    const a = step.approver;
    if (a.kind === 'person') {
      const found = await ctx.db.selectFrom('people').select('id').where('id', '=', a.person_id).executeTakeFirst();
      if (!found) problems.push({ path: `steps.${index}.approver.person_id`, message: 'No person with this id in your organisation' });
    }
    if (a.kind === 'group') {
      const found = await ctx.db.selectFrom('groups').select('id').where('id', '=', a.group_id).executeTakeFirst();
      if (!found) problems.push({ path: `steps.${index}.approver.group_id`, message: 'No group with this id in your organisation' });
    }
  }
  return problems;
}

/** PUT /approval-policies/{resource}: a new version (admin). */
export async function putPolicy(ctx: Ctx, resource: PolicyResource, input: unknown): Promise<Policy> {
  if (!isAdmin(ctx.caller) || ctx.caller.appId) throw forbidden('Only admins may change approval policies.');
  const type = typeByResource(resource)!;
  const { steps } = parseInput(policyBodySchema, input);
  const problems = [...policyProblems(type, resource, steps), ...(await referenceProblems(ctx, steps))];
  if (problems.length > 0) throw invalid(problems, problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  return ctx.db.transaction(async (tdb) => {
    const tx = within(ctx, tdb);
    // Serialise edits of one tenant's policy so two admins cannot both make version N + 1.
    await sql`select pg_advisory_xact_lock(hashtext(${`policy:${tdb.tenantId}:${resource}`}))`.execute(tdb.connection);
    const current = await getPolicy(tx, resource);
    const now = ctx.clock.now().toISOString();
    if (current.created_at === null) {
      // The default was never stored: keep it as version 1, so `?version=1` still reads what ran before.
      await tdb.insertInto('approval_policies', { resource, version: 1, steps: JSON.stringify(current.steps), created_by: null, created_at: now }).execute();
    }
    const version = current.version + 1;
    await tdb.insertInto('approval_policies', { resource, version, steps: JSON.stringify(steps), created_by: ctx.caller.personId, created_at: now }).execute();
    await writeAudit(tx, { entityType: 'ApprovalPolicy', entityId: resource, action: 'update', changes: { steps: { from: current.steps, to: steps }, version: { from: current.version, to: version } }, at: now });
    await recordSecurityEvent(tdb, { kind: 'policy_edited', actorId: ctx.caller.personId, subjectId: resource, detail: { resource, version }, at: new Date(now) });
    return { resource, version, steps, created_at: now, created_by: ctx.caller.personId };
  });
}
