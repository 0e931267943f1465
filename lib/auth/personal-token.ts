/**
 * Personal API tokens (POST /api/v1/auth/token, `npm run token`): each is a row in auth_sessions whose
 * id is the JWT's `jti`, so the person can list and revoke it (GET/DELETE /api/v1/me/tokens) and every
 * request reads the person's roles of the moment rather than those signed into the token.
 */
import type { Role } from '@/db/schema';
import { openAuthSession } from '@/lib/data/auth-sessions';
import type { TenantDb } from '@/lib/data/tenant-db';
import { signToken } from './tokens';

export async function issuePersonalToken(
  db: TenantDb,
  person: { personId: string; roles: readonly Role[] },
  label: string | null,
): Promise<{ token: string; expires_at: string }> {
  const session = await openAuthSession(db, { personId: person.personId, kind: 'token', label });
  // Roles stay in the claims for clients that read them; the server never trusts them.
  return signToken({ personId: person.personId, tenantId: db.tenantId, roles: person.roles, jti: session.id, expiresAt: session.expiresAt });
}
