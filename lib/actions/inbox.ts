'use server';
/**
 * Server actions of the inbox: read it, decide approval items (one or many, one comment), and take a
 * desk's next action. Each calls the same domain functions as the REST API, as the signed-in person.
 */
import { revalidatePath } from 'next/cache';
import { AppError } from '@/lib/errors';
import { loadDecidedByMe } from '@/lib/operations/inbox-decided';
import { loadInbox } from '@/lib/operations/inbox-view';
import { screenFormatter } from '@/lib/preferences/screen-format';
import { pending, typeByName } from '@/lib/operations/registry';
import { performAction } from '@/lib/operations/service';
import { failureOf, runAction, type ActionFailure } from './run-action';

export async function fetchInboxAction() {
  return runAction(async (ctx) => ({ entries: await loadInbox(ctx, await screenFormatter(ctx)) }));
}

/** "Decided by me": the caller's own decisions, newest first (the same rule as `pending?decided_by=me`). */
export async function fetchDecidedAction() {
  return runAction(async (ctx) => ({ entries: await loadDecidedByMe(ctx) }));
}

export type Decision = 'approve' | 'reject';

/** Decides each item on its own: one item's 409 does not undo the others. */
export async function decideAction(ids: string[], decision: Decision, comment?: string) {
  return runAction(async (ctx) => {
    if (decision !== 'approve' && decision !== 'reject') throw new AppError('bad_request', 'Decide with approve or reject.');
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 200) throw new AppError('bad_request', 'Choose between 1 and 200 items.');
    const body = comment?.trim() ? { comment: comment.trim() } : {};
    const decided: string[] = [];
    const failed: ({ id: string } & ActionFailure)[] = [];
    for (const id of ids) {
      try {
        await performAction(ctx, pending, id, decision, body);
        decided.push(id);
      } catch (error) {
        failed.push({ id, ...failureOf(error) });
      }
    }
    if (decided.length > 0) revalidatePath('/', 'layout');
    return { decided, failed };
  });
}

export async function deskAction(entityType: string, entityId: string, action: string, body: Record<string, unknown>) {
  return runAction(async (ctx) => {
    const type = typeByName(entityType);
    if (!type || type.name === 'Pending') throw new AppError('not_found', 'There is no such record type.');
    const record = await performAction(ctx, type, entityId, action, body);
    revalidatePath('/', 'layout');
    return { status: record.status };
  });
}

/** The approver asks the requester a question (engine.md §3); the item waits, blocked, for the answer. */
export async function askInfoAction(id: string, question: string) {
  return runAction(async (ctx) => {
    const record = await performAction(ctx, pending, id, 'request_info', { comment: typeof question === 'string' ? question.trim() : question });
    revalidatePath('/', 'layout');
    return { status: record.status };
  });
}
