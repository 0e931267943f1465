/**
 * What every record page starts from: the type named by the URL (404 when there is none), the signed-in
 * caller's context, and a loader that turns "not visible" into the page's 404.
 */
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { isAdmin, type Caller } from '@/lib/auth/caller';
import { requireUser, type SessionUser } from '@/lib/auth/session';
import type { Ctx } from '@/lib/data/context';
import { contextForCaller } from '@/lib/data/database';
import { AppError } from '@/lib/errors';
import type { RecordType } from '@/lib/operations/define';
import { typeByResource } from '@/lib/operations/registry';

export interface RecordPageContext {
  type: RecordType;
  ctx: Ctx;
  caller: Caller;
  user: SessionUser;
}

export async function recordPageContext(resource: string): Promise<RecordPageContext> {
  await connection();
  const type = typeByResource(resource);
  if (!type) notFound();
  const { user, caller } = await requireUser();
  return { type, ctx: await contextForCaller(caller), caller, user };
}

/** Awaits a load; a record that does not exist or is not visible is the page's 404. */
export async function orNotFound<T>(load: Promise<T>): Promise<T> {
  try {
    return await load;
  } catch (error) {
    if (error instanceof AppError && error.kind === 'not_found') notFound();
    throw error;
  }
}

/** Whether the screens offer this person a "New …" form for the type: the generic pending item's only to admins. */
export function offersNewForm(type: RecordType, caller: Caller): boolean {
  return type.name !== 'Pending' || isAdmin(caller);
}
