/**
 * The signed-in person on the server side of the screens (server components and server actions). The
 * cookie only names the session; its row and the person's roles are read from the database on each
 * request, so a revoked session or a removed role stops working at once. Read once per request.
 */
import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { resolveSession } from '@/lib/data/auth-sessions';
import type { Caller } from './caller';
import { authOptions } from './options';

export interface SessionUser {
  personId: string;
  tenantId: string;
  tenantName: string;
  roles: Caller['roles'];
  name: string;
  email: string;
  sessionId: string;
}

export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(authOptions());
  const claimed = session?.user;
  if (!claimed?.personId || !claimed.tenantId || !claimed.sessionId) return null;
  const principal = await resolveSession(claimed.tenantId, claimed.sessionId, claimed.personId);
  return principal ?? null;
});

/** The caller for a screen or server action; sends a signed-out (or revoked, or removed) visitor to sign in. */
export async function requireUser(): Promise<{ user: SessionUser; caller: Caller }> {
  const user = await currentUser();
  if (!user) redirect('/signin');
  return {
    user,
    caller: { tenantId: user.tenantId, personId: user.personId, roles: user.roles, appId: null, sourceType: 'frontend', sessionId: user.sessionId },
  };
}
