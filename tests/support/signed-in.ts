/**
 * The signed-in person of the screens' server actions in integration tests. Only the session lookup is
 * replaced — everything behind it (the actions, the domain, the database) is real:
 *
 *   vi.mock('@/lib/auth/session', () => import('../support/signed-in'));
 *   import { signInAs } from '../support/signed-in';
 *   signInAs(t, 'bob'); await someAction(…);
 */
import type { Caller } from '@/lib/auth/caller';
import type { PersonKey, TestTenant } from './tenant';

export const session = { caller: null as Caller | null };

/** Acts as this person of the tenant, signed in through the browser (sourceType frontend). */
export function signInAs(t: TestTenant, who: PersonKey): void {
  session.caller = { ...t.caller(who), sourceType: 'frontend' };
}

export async function currentUser() {
  const c = session.caller;
  return c ? { personId: c.personId, tenantId: c.tenantId, roles: c.roles } : null;
}

export async function requireUser() {
  const c = session.caller;
  if (!c) throw new Error('NEXT_REDIRECT;/signin');
  return { user: { personId: c.personId, tenantId: c.tenantId, tenantName: 'Test', roles: c.roles, name: 'Test', email: 'test@example.test' }, caller: c };
}
