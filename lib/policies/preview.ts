/**
 * "Who would approve this?" (engine.md §1): the chain a draft would get if filed now by the caller — the
 * form shows it as the person types — or a dry run of a policy (saved or draft) against an existing request.
 * The same resolver and router as filing, so the preview cannot disagree with what filing does.
 */
import { isAdmin } from '@/lib/auth/caller';
import type { Ctx } from '@/lib/data/context';
import type { RecordType } from '@/lib/operations/define';
import { findVisible } from '@/lib/operations/records';
import { parseInput } from '@/lib/operations/validate';
import { excludedPeople } from '@/lib/operations/separation';
import { policyBodySchema, policyProblems, describeStep, type Policy, type PolicyResource } from './policy';
import { holdersOf, resolveChain, routeStep } from './resolve';
import { getPolicy } from './store';
import { invalid } from '@/lib/errors';

export interface PreviewStep {
  index: number;
  rule: { min: number };
  approvers: { id: string; name: string }[];
  /** The step in words ("2 of IT", "Manager"). */
  summary: string;
  /** Set when nobody (or too few) could decide it: the request would wait for an admin. */
  blocked_reason: string | null;
}

/** The draft's fields that parse on their own: a half-typed form still previews. */
function draftRecord(ctx: Ctx, type: RecordType, body: Record<string, unknown>): Record<string, unknown> {
  const record: Record<string, unknown> = { created_by: ctx.caller.personId };
  for (const [name, spec] of Object.entries(type.fields)) {
    const parsed = spec.schema.safeParse(body[name]);
    if (parsed.success) record[name] = parsed.data;
  }
  const requester = typeof record[type.requesterField] === 'string' && isAdmin(ctx.caller) ? record[type.requesterField] : ctx.caller.personId;
  record[type.requesterField] = requester;
  return record;
}

export async function previewChain(
  ctx: Ctx,
  type: RecordType,
  resource: PolicyResource,
  body: Record<string, unknown>,
  options: { recordId?: string } = {},
): Promise<{ policy_version: number; steps: PreviewStep[] }> {
  // A draft policy to dry-run ({"policy": {"steps": [...]}}), else the one in force.
  let policy: Policy = await getPolicy(ctx, resource);
  if (body.policy !== undefined) {
    const { steps } = parseInput(policyBodySchema, body.policy, 'policy');
    const problems = policyProblems(type, resource, steps);
    if (problems.length) throw invalid(problems.map((p) => ({ ...p, path: `policy.${p.path}` })));
    policy = { ...policy, version: policy.version + 1, steps };
  }
  const record = options.recordId ? await findVisible(ctx, type, options.recordId) : draftRecord(ctx, type, body);
  const chain = await resolveChain(ctx, type, record, policy);
  const people = await ctx.db.selectFrom('people').select(['id', 'name']).execute();
  const nameOf = new Map(people.map((p) => [p.id, p.name]));
  const groups = new Map((await ctx.db.selectFrom('groups').select(['id', 'name']).execute()).map((g) => [g.id, g.name]));
  const requesterId = (record[type.requesterField] as string | null) ?? null;
  const parties = { requesterId, filedBy: (record.created_by as string | null) ?? null, decisions: [] };
  const steps: PreviewStep[] = [];
  for (const [index, step] of chain.steps.entries()) {
    // Later steps exclude nobody they would not exclude at filing: who decides earlier steps is not known yet.
    const routed = await routeStep(ctx, step, excludedPeople(parties, index));
    const ids = routed.assignee_id ? [routed.assignee_id] : routed.candidate_ids ?? (routed.assignee_role ? await holdersOf(ctx, routed.assignee_role) : []);
    const excluded = excludedPeople(parties, index);
    steps.push({
      index,
      rule: { min: step.min },
      approvers: ids.filter((id) => !excluded.has(id)).map((id) => ({ id, name: nameOf.get(id) ?? id })),
      summary: describeStep({ approver: step.approver, rule: { min: step.min } }, type, {
        person: (id) => nameOf.get(id) ?? 'someone',
        group: (id) => groups.get(id) ?? 'a group',
      }),
      blocked_reason: routed.blockedReason,
    });
  }
  return { policy_version: chain.version, steps };
}
