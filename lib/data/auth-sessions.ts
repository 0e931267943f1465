/**
 * Server-side sessions and personal API tokens (table auth_sessions). A browser session's JWT carries the
 * row's id as `sid`, a personal token as `jti`; every request resolves the caller through
 * `resolveSession`: one read that joins the session row to the person (and their tenant) on primary
 * keys, so the caller's roles are the database's roles of this moment and a revoked session stops at
 * once. Reads cross tenants before a tenant is trusted, so they go through the system context.
 */
import { ulid } from 'ulidx';
import type { Role } from '@/db/schema';
import { systemDb, systemTenantDb } from './system';
import type { TenantDb } from './tenant-db';

export type AuthSessionKind = 'session' | 'token';

/** A browser session and a personal token live as long as each other: a working day. */
export const AUTH_SESSION_TTL_SECONDS = 12 * 60 * 60;
/** `last_used_at` is written at most this often per session, not on every request. */
const TOUCH_INTERVAL_MS = 60_000;
const LABEL_MAX = 200;

export interface OpenedSession {
  id: string;
  expiresAt: Date;
}

/** Opens a session or token row for a person; its id goes into the JWT. */
export async function openAuthSession(
  db: TenantDb,
  input: { personId: string; kind: AuthSessionKind; label?: string | null; now?: Date },
): Promise<OpenedSession> {
  const now = input.now ?? new Date();
  const id = `${input.kind === 'session' ? 'ses' : 'tok'}_${ulid()}`;
  const expiresAt = new Date(now.getTime() + AUTH_SESSION_TTL_SECONDS * 1000);
  await db
    .insertInto('auth_sessions', {
      id,
      person_id: input.personId,
      kind: input.kind,
      label: (input.label ?? '').slice(0, LABEL_MAX),
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
    })
    .execute();
  return { id, expiresAt };
}

/** Opens a browser session at sign-in (the tenant is known from the person who signed in). */
export async function openBrowserSession(tenantId: string, personId: string, userAgent: string | null): Promise<OpenedSession> {
  return openAuthSession(await systemTenantDb('sign-in', tenantId), { personId, kind: 'session', label: userAgent });
}

export interface SessionPrincipal {
  sessionId: string;
  tenantId: string;
  tenantName: string;
  personId: string;
  roles: Role[];
  name: string;
  email: string;
}

/**
 * The person behind a live session: undefined when the session does not exist, belongs to someone else,
 * was revoked or has expired, or the person is gone or deactivated. The hot path is this one read.
 */
export async function resolveSession(tenantId: string, sessionId: string, personId: string): Promise<SessionPrincipal | undefined> {
  const db = await systemDb('session-check');
  const row = await db
    .selectFrom('auth_sessions as s')
    .innerJoin('people as p', (join) => join.onRef('p.tenant_id', '=', 's.tenant_id').onRef('p.id', '=', 's.person_id'))
    .innerJoin('tenants as t', 't.id', 's.tenant_id')
    .select(['s.id', 's.revoked_at', 's.expires_at', 's.last_used_at', 'p.id as person_id', 'p.active', 'p.roles', 'p.name', 'p.email', 't.name as tenant_name'])
    .where('s.tenant_id', '=', tenantId)
    .where('s.id', '=', sessionId)
    .executeTakeFirst();
  if (!row || row.person_id !== personId || row.revoked_at || !row.active) return undefined;
  const now = Date.now();
  if (new Date(row.expires_at).getTime() <= now) return undefined;
  if (!row.last_used_at || now - new Date(row.last_used_at).getTime() > TOUCH_INTERVAL_MS) {
    await db.updateTable('auth_sessions').set({ last_used_at: new Date(now) }).where('tenant_id', '=', tenantId).where('id', '=', sessionId).execute();
  }
  return {
    sessionId: row.id,
    tenantId,
    tenantName: row.tenant_name,
    personId: row.person_id,
    roles: withEmployee(row.roles),
    name: row.name,
    email: row.email,
  };
}

/** Revokes a session by its id (sign-out); a session already revoked stays as it was. */
export async function endBrowserSession(tenantId: string, sessionId: string): Promise<void> {
  const db = await systemTenantDb('session-check', tenantId);
  await db.updateTable('auth_sessions').set({ revoked_at: new Date() }).where('id', '=', sessionId).where('revoked_at', 'is', null).execute();
}

/** Everyone holds `employee` (api.md, Roles), whatever a stored role set says. */
export function withEmployee(roles: readonly Role[]): Role[] {
  return roles.includes('employee') ? [...roles] : ['employee', ...roles];
}
