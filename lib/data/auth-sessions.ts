/**
 * Server-side sessions and personal API tokens (table auth_sessions). A browser session's JWT carries the
 * row's id as `sid`, a personal token as `jti`; every request resolves the caller through
 * `resolveSession`: one read that joins the session row to the person (and their tenant) on primary
 * keys, so the caller's roles are the database's roles of this moment and a revoked session stops at
 * once. Reads cross tenants before a tenant is trusted, so they go through the system context.
 */
import { sql } from 'kysely';
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
 * The session rule: the database function `session_state` (migration 0019) — 'live:<roles>' or
 * 'touch:<roles>' (live, and `last_used_at` is due) when the row is the person's, not revoked, not expired
 * at `now`, and the person is active; null otherwise. The one definition, read by `resolveSession` and by
 * the check a read carries in its own statement (`sessionProbe`, lib/data/checked-read.ts). As a scalar
 * subquery it runs once per statement, however many rows the statement returns.
 */
export function sessionProbe(tenantId: string, sessionId: string, personId: string, now: Date) {
  const touchBefore = new Date(now.getTime() - TOUCH_INTERVAL_MS);
  // Times as ISO text: pg's own Date serialisation was a visible share of a read's CPU.
  return sql<string | null>`(select session_state(${tenantId}, ${sessionId}, ${personId}, ${now.toISOString()}::timestamptz, ${touchBefore.toISOString()}::timestamptz))`;
}

/** A probe's value read back: the roles of this moment and whether `last_used_at` is due, or null (no live session). */
export function readProbe(value: string | null): { roles: Role[]; touch: boolean } | null {
  if (!value) return null;
  const at = value.indexOf(':');
  const roles = value.slice(at + 1);
  return { roles: withEmployee(roles ? (roles.split(',') as Role[]) : []), touch: value.slice(0, at) === 'touch' };
}

/** `last_used_at`, written at most once a minute per session (a state of 'touch'). */
export async function touchSession(tenantId: string, sessionId: string, now: Date): Promise<void> {
  const db = await systemDb('session-check');
  await db.updateTable('auth_sessions').set({ last_used_at: now }).where('tenant_id', '=', tenantId).where('id', '=', sessionId).execute();
}

/**
 * The person behind a live session: undefined when the session does not exist, belongs to someone else,
 * was revoked or has expired, or the person is gone or deactivated. The hot path is this one read.
 */
export async function resolveSession(tenantId: string, sessionId: string, personId: string): Promise<SessionPrincipal | undefined> {
  const db = await systemDb('session-check');
  const now = new Date();
  const row = await db
    .selectFrom('auth_sessions as s')
    .innerJoin('people as p', (join) => join.onRef('p.tenant_id', '=', 's.tenant_id').onRef('p.id', '=', 's.person_id'))
    .innerJoin('tenants as t', 't.id', 's.tenant_id')
    .select(['s.id', 'p.name', 'p.email', 't.name as tenant_name'])
    .select(sessionProbe(tenantId, sessionId, personId, now).as('state'))
    .where('s.tenant_id', '=', tenantId)
    .where('s.id', '=', sessionId)
    .executeTakeFirst();
  const state = readProbe(row?.state ?? null);
  if (!row || !state) return undefined;
  if (state.touch) await touchSession(tenantId, sessionId, now);
  return { sessionId: row.id, tenantId, tenantName: row.tenant_name, personId, roles: state.roles, name: row.name, email: row.email };
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
