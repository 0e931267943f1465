/**
 * The system context: the one narrow way to read across tenants, for what cannot run as a signed-in
 * caller (sign-in by email, bearer-token checks, job scans, email decision links, public verification
 * codes, webhook delivery). Every use names its reason, which is counted and logged, so a reviewer can
 * see every cross-tenant path in one place (`git grep systemDb`).
 *
 * Everything a tenant's own caller does goes through that caller's TenantDb (lib/data/context.ts), never
 * through this.
 *
 * It runs as the database role opsdesk_system (db/roles.ts): it may read and write rows of every tenant
 * (BYPASSRLS), but it owns nothing, cannot change the schema and is not a superuser, so the request path
 * never holds the owner connection. Work on one tenant's behalf (`systemTenantDb`) runs as that tenant
 * instead, under row-level security like a caller's.
 */
import type { Kysely } from 'kysely';
import { getDatabase } from '@/db';
import { asSystem } from '@/db/client';
import type { Database } from '@/db/schema';
import { tenantDb, type TenantDb } from './tenant-db';

export type SystemReason =
  | 'sign-in'
  | 'token-check'
  | 'session-check'
  | 'sign-in-throttle'
  | 'demo-people'
  | 'first-run-setup'
  | 'health'
  | 'jobs'
  | 'email-link'
  | 'verification'
  | 'webhooks'
  | 'scim';

// Process-wide (Next's bundle and the server's each load this module), like the database handle itself.
const USES = Symbol.for('opsdesk.system-context.uses');
const uses: Map<SystemReason, number> = ((globalThis as Record<symbol, unknown>)[USES] ??= new Map()) as Map<SystemReason, number>;

/** How often each reason used the system context in this process (for the audit of cross-tenant paths). */
export function systemUses(): Record<string, number> {
  return Object.fromEntries(uses);
}

function count(reason: SystemReason): void {
  const n = (uses.get(reason) ?? 0) + 1;
  uses.set(reason, n);
  // The first use of each reason is logged, so a process's cross-tenant paths show in its log once each.
  if (n === 1 && process.env.NODE_ENV !== 'test') console.info(`[system-context] first use: ${reason}`);
}

/** The database for a cross-tenant read or write, for one named reason. */
export async function systemDb(reason: SystemReason): Promise<Kysely<Database>> {
  count(reason);
  const { db } = await getDatabase();
  return asSystem(db);
}

/** A tenant-bound database for work the system does on one tenant's behalf (sign-in events, jobs). */
export async function systemTenantDb(reason: SystemReason, tenantId: string): Promise<TenantDb> {
  count(reason);
  const { db } = await getDatabase();
  return tenantDb(db, tenantId);
}
