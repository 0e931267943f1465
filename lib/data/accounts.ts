/**
 * Sign-in: the one place that looks a person up across tenants (by email, through the global sign-in
 * directory), and the checks of integration keys. Everything after sign-in goes through a Caller.
 */
import { DEMO_PEOPLE, DEMO_TENANTS } from '@/db/demo-tenants';
import type { Role } from '@/db/schema';
import type { Caller } from '@/lib/auth/caller';
import { verifyPassword } from '@/lib/auth/password';
import type { TokenClaims } from '@/lib/auth/tokens';
import { AppError } from '@/lib/errors';
import { withEmployee } from './auth-sessions';
import { systemDb, systemTenantDb } from './system';

export interface Identity {
  personId: string;
  tenantId: string;
  tenantName: string;
  roles: Role[];
  name: string;
  email: string;
}

export async function findIdentityByEmail(email: string): Promise<(Identity & { passwordHash: string | null }) | undefined> {
  const db = await systemDb('sign-in');
  const row = await db
    .selectFrom('login_emails as l')
    .innerJoin('people as p', (join) => join.onRef('p.tenant_id', '=', 'l.tenant_id').onRef('p.id', '=', 'l.person_id'))
    .innerJoin('tenants as t', 't.id', 'p.tenant_id')
    .select(['p.id', 'p.tenant_id', 't.name as tenant_name', 'p.roles', 'p.name', 'p.email', 'p.password_hash'])
    .where('l.email', '=', email.trim().toLowerCase())
    // A deactivated person signs in by no path (password, SSO, API token request, reset link).
    .where('p.active', '=', true)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    personId: row.id,
    tenantId: row.tenant_id,
    tenantName: row.tenant_name,
    roles: row.roles,
    name: row.name,
    email: row.email,
    passwordHash: row.password_hash,
  };
}

/** A person whose email and password match, or undefined (the same for an unknown email). */
export async function authenticate(email: string, password: string): Promise<Identity | undefined> {
  const found = await findIdentityByEmail(email);
  const ok = await verifyPassword(password, found?.passwordHash ?? 'scrypt$16384$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
  if (!found || !ok) return undefined;
  const { passwordHash: _hash, ...identity } = found;
  return identity;
}

/** The current identity of a signed-in person (name and roles may have changed since sign-in); none once deactivated. */
export async function loadIdentity(tenantId: string, personId: string): Promise<Identity | undefined> {
  const db = await systemDb('session-check');
  const row = await db
    .selectFrom('people as p')
    .innerJoin('tenants as t', 't.id', 'p.tenant_id')
    .select(['p.id', 'p.tenant_id', 't.name as tenant_name', 'p.roles', 'p.name', 'p.email'])
    .where('p.tenant_id', '=', tenantId)
    .where('p.id', '=', personId)
    .where('p.active', '=', true)
    .executeTakeFirst();
  return row && { personId: row.id, tenantId: row.tenant_id, tenantName: row.tenant_name, roles: row.roles, name: row.name, email: row.email };
}

/**
 * The caller an integration key stands for (engine.md §2): its own principal — the caller's id is the key's
 * id, its roles the set chosen when it was minted — refused once the key or its application is revoked.
 * (A personal token names its session row instead: lib/api/caller.ts.)
 */
export async function callerFromKey(claims: TokenClaims): Promise<Caller> {
  const db = await systemDb('token-check');
  const key = await db
    .selectFrom('integration_keys as k')
    .innerJoin('applications as a', (join) => join.onRef('a.tenant_id', '=', 'k.tenant_id').onRef('a.id', '=', 'k.app_id'))
    .select(['k.id', 'k.roles', 'k.revoked_at', 'a.revoked_at as app_revoked_at', 'k.expires_at', 'k.last_used_at'])
    .where('k.tenant_id', '=', claims.tenant_id)
    .where('k.id', '=', claims.jti ?? '')
    .where('k.app_id', '=', claims.app_id ?? '')
    .executeTakeFirst();
  if (!key || key.revoked_at || key.app_revoked_at) throw new AppError('unauthorized', 'This integration key has been revoked.');
  if (new Date(key.expires_at).getTime() <= Date.now()) throw new AppError('unauthorized', 'This integration key has expired.');
  // "Last used" on the settings screen: written at most once a minute per key, not on every call.
  if (!key.last_used_at || Date.now() - new Date(key.last_used_at).getTime() > 60_000) {
    await db.updateTable('integration_keys').set({ last_used_at: new Date() }).where('tenant_id', '=', claims.tenant_id).where('id', '=', key.id).execute();
  }
  return { tenantId: claims.tenant_id, personId: key.id, roles: withEmployee(key.roles), appId: claims.app_id ?? null, sourceType: 'api', sessionId: null };
}

/**
 * Demo mode's one-click sign-in list: the six demo people of each demo tenant (never anyone of a real
 * tenant beside them). The rest of acme's organisation signs in with their email and the demo password.
 */
export async function listDemoPeople(): Promise<{ email: string; name: string; roles: Role[]; tenantName: string }[]> {
  const db = await systemDb('demo-people');
  const emails = DEMO_TENANTS.flatMap((tenant) => DEMO_PEOPLE.map((person) => `${person.key}@${tenant.domain}`));
  const rows = await db
    .selectFrom('people as p')
    .innerJoin('tenants as t', 't.id', 'p.tenant_id')
    .select(['p.email', 'p.name', 'p.roles', 't.name as tenantName'])
    .where('p.password_hash', 'is not', null)
    .where('t.slug', 'in', DEMO_TENANTS.map((tenant) => tenant.slug))
    .where('p.email', 'in', emails)
    .execute();
  // In the order the demo names them: tenant by tenant, the employee first and the admin last.
  return rows.sort((a, b) => emails.indexOf(a.email) - emails.indexOf(b.email));
}

/** Who a caller is, in words: a person's name and email, or an integration key's label and application. */
export async function describeCaller(caller: Caller): Promise<{ name: string; email: string | null } | undefined> {
  if (!caller.appId) {
    const identity = await loadIdentity(caller.tenantId, caller.personId);
    return identity && { name: identity.name, email: identity.email };
  }
  const db = await systemTenantDb('session-check', caller.tenantId);
  const key = await db
    .selectFrom('integration_keys')
    .innerJoin('applications', (join) => join.onRef('applications.tenant_id', '=', 'integration_keys.tenant_id').onRef('applications.id', '=', 'integration_keys.app_id'))
    .select(['integration_keys.label', 'applications.name as app_name'])
    .where('integration_keys.id', '=', caller.personId)
    .executeTakeFirst();
  return key && { name: `${key.app_name} (${key.label})`, email: null };
}
