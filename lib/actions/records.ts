'use server';
/**
 * Server actions of the record screens: thin entry points over the same domain services the REST API
 * calls, with the signed-in person as the caller. They never throw to the client: an AppError becomes
 * its message and field errors, anything else a generic message (and is logged on the server).
 */
import { revalidatePath } from 'next/cache';
import { requireUser } from '@/lib/auth/session';
import { contextForCaller } from '@/lib/data/database';
import { AppError, type FieldError } from '@/lib/errors';
import { addComment } from '@/lib/operations/comments';
import type { RecordRow } from '@/lib/operations/define';
import { typeByResource } from '@/lib/operations/registry';
import { createRecord, deleteRecord, performAction, updateRecord } from '@/lib/operations/service';
import { failureOf } from './run-action';

export interface ActionError {
  detail: string;
  errors: FieldError[];
}

export type ActionResult<T = RecordRow> = { ok: true; record: T } | { ok: false; error: ActionError };

/** The forms read `detail` and per-field `errors`; the outcome itself is decided once, in run-action.ts. */
function failure(error: unknown): { ok: false; error: ActionError } {
  const { error: detail, errors } = failureOf(error);
  return { ok: false, error: { detail, errors: errors ?? [] } };
}

async function run<T>(resource: string, work: (type: NonNullable<ReturnType<typeof typeByResource>>, ctx: Awaited<ReturnType<typeof contextForCaller>>) => Promise<T>): Promise<ActionResult<T>> {
  const { caller } = await requireUser();
  try {
    const type = typeByResource(resource);
    if (!type) throw new AppError('not_found', `There is no record type '${resource}'.`);
    const ctx = await contextForCaller(caller);
    const record = await work(type, ctx);
    revalidatePath('/', 'layout');
    return { ok: true, record };
  } catch (error) {
    return failure(error);
  }
}

export async function createRecordAction(resource: string, input: Record<string, unknown>): Promise<ActionResult> {
  return run(resource, (type, ctx) => createRecord(ctx, type, input));
}

export async function updateRecordAction(resource: string, id: string, input: Record<string, unknown>): Promise<ActionResult> {
  return run(resource, (type, ctx) => updateRecord(ctx, type, id, input));
}

export async function deleteRecordAction(resource: string, id: string): Promise<ActionResult<{ id: string }>> {
  return run(resource, async (type, ctx) => {
    await deleteRecord(ctx, type, id);
    return { id };
  });
}

export async function performActionAction(resource: string, id: string, action: string, input: Record<string, unknown>): Promise<ActionResult> {
  return run(resource, (type, ctx) => performAction(ctx, type, id, action, input));
}

export async function addCommentAction(resource: string, id: string, body: string): Promise<ActionResult<{ id: string }>> {
  return run(resource, async (type, ctx) => {
    const comment = await addComment(ctx, type, id, body);
    return { id: comment.id };
  });
}
