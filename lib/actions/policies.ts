'use server';
/**
 * Server actions of the approval-policy screens and the request forms' "Will be approved by …": thin
 * entry points over lib/policies (the same functions the REST routes call), as the signed-in person.
 */
import { revalidatePath } from 'next/cache';
import { AppError } from '@/lib/errors';
import { approvalChain } from '@/lib/operations/approvals';
import { listRecords, parseListQuery } from '@/lib/operations/list';
import { findVisible } from '@/lib/operations/records';
import { typeByResource } from '@/lib/operations/registry';
import { previewChain } from '@/lib/policies/preview';
import { assertPolicyResource, putPolicy } from '@/lib/policies/store';
import { runAction } from './run-action';

function policyType(resource: string) {
  const policyResource = assertPolicyResource(resource);
  return { resource: policyResource, type: typeByResource(policyResource)! };
}

/** Saves the steps as the policy's next version (admins). */
export async function savePolicyAction(resource: string, steps: unknown) {
  return runAction(async (ctx) => {
    const policy = await putPolicy(ctx, policyType(resource).resource, { steps });
    revalidatePath('/settings', 'layout');
    return { policy };
  });
}

/** Dry run: the chain an existing request would get under the draft steps, beside the one it gets under the policy in force. */
export async function dryRunPolicyAction(resource: string, steps: unknown, recordId: string) {
  return runAction(async (ctx) => {
    const { resource: policyResource, type } = policyType(resource);
    if (typeof recordId !== 'string' || recordId === '') throw new AppError('validation', 'Choose a request.', { errors: [{ path: 'record_id', message: 'Required' }] });
    const [draft, current] = await Promise.all([
      previewChain(ctx, type, policyResource, { policy: { steps } }, { recordId }),
      previewChain(ctx, type, policyResource, {}, { recordId }),
    ]);
    return { draft, current };
  });
}

/** The requests of a type a dry run may pick from: a search over everything the caller may see, newest first. */
export async function findRequestsAction(resource: string, q: string) {
  return runAction(async (ctx) => {
    const { type } = policyType(resource);
    const text = typeof q === 'string' ? q.trim().slice(0, 200) : '';
    const page = await listRecords(ctx, type, parseListQuery(type, { scope: 'all', limit: '8', ...(text ? { q: text } : {}) }));
    return { requests: page.data.map((record) => ({ id: record.id, title: type.title(record), status: record.status, created_at: String(record.created_at ?? '') })) };
  });
}

/**
 * "Will be approved by …" on a request form: the chain the draft would get if filed (or saved) now.
 * Editing an existing request also says whether its approval is still open, as saving it restarts the chain.
 */
export async function previewApprovalAction(resource: string, body: Record<string, unknown>, recordId?: string) {
  return runAction(async (ctx) => {
    const { resource: policyResource, type } = policyType(resource);
    const draft = body && typeof body === 'object' && !Array.isArray(body) ? { ...body } : {};
    delete draft.policy; // a form previews the policy in force, never a draft policy
    let approval: 'none' | 'open' | 'closed' = 'none';
    if (recordId) {
      await findVisible(ctx, type, recordId);
      const chain = await approvalChain(ctx, type, recordId);
      if (chain) approval = chain.item.status === 'completed' ? 'closed' : 'open';
    }
    const preview = await previewChain(ctx, type, policyResource, draft);
    return { ...preview, approval };
  });
}
