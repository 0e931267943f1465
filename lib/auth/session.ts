/** The signed-in person on the server side of the screens (server components and server actions). */
import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import type { Caller } from './caller';
import { authOptions } from './options';

export interface SessionUser {
  personId: string;
  tenantId: string;
  tenantName: string;
  roles: Caller['roles'];
  name: string;
  email: string;
}

export async function currentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions());
  return session?.user?.personId ? session.user : null;
}

/** The caller for a screen or server action; sends a signed-out visitor to the sign-in page. */
export async function requireUser(): Promise<{ user: SessionUser; caller: Caller }> {
  const user = await currentUser();
  if (!user) redirect('/signin');
  return { user, caller: { tenantId: user.tenantId, personId: user.personId, roles: user.roles, appId: null, sourceType: 'frontend' } };
}
