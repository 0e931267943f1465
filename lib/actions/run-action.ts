/**
 * How the screens' server actions answer: `{ ok: true, ...data }`, or `{ ok: false, status, error,
 * errors? }` for an expected domain error (AppError), so a client can roll back and say what happened.
 * Anything else is a bug: logged, and answered with a generic message.
 */
import type { Caller } from '@/lib/auth/caller';
import { requireUser } from '@/lib/auth/session';
import { contextForCaller } from '@/lib/data/database';
import type { Ctx } from '@/lib/data/context';
import { isAppError, type FieldError } from '@/lib/errors';

export type ActionFailure = { ok: false; status: number; error: string; errors?: FieldError[] };
export type ActionResult<T extends object = object> = ({ ok: true } & T) | ActionFailure;

export function failureOf(error: unknown): ActionFailure {
  if (isAppError(error)) return { ok: false, status: error.status, error: error.message, ...(error.errors ? { errors: error.errors } : {}) };
  console.error('[action]', error);
  return { ok: false, status: 500, error: 'Something went wrong on our side. Please try again.' };
}

/** Runs fn with the signed-in person's context and turns its outcome into an ActionResult. */
export async function runAction<T extends object>(fn: (ctx: Ctx, caller: Caller) => Promise<T>): Promise<ActionResult<T>> {
  const { caller } = await requireUser();
  try {
    const ctx = await contextForCaller(caller);
    return { ok: true, ...(await fn(ctx, caller)) };
  } catch (error) {
    return failureOf(error);
  }
}
