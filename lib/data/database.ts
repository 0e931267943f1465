/** The domain's way in: a context for a caller over the process-wide database. */
import { getDatabase } from '@/db';
import type { Caller } from '@/lib/auth/caller';
import { contextFor, type Ctx } from './context';

export async function contextForCaller(caller: Caller): Promise<Ctx> {
  const { db } = await getDatabase();
  return contextFor(db, caller);
}
