/**
 * Just-in-time provisioning from single sign-on (issue 15): when a tenant names an allowed email domain
 * (Settings → People, off by default), the first sign-in through the OpenID provider with
 * `email_verified: true` for an email of exactly that domain creates the person as an employee — no
 * roles from claims, no manager (Opsdesk's to set).
 *
 * Decisions against an attacker:
 * - only a verified email counts (lib/auth/oidc.ts `verifiedEmail`: `true`, not "true");
 * - the domain must equal the configured one exactly, after lower-casing (DNS is case-insensitive):
 *   `acme.example.evil.com`, `evil-acme.example`, `sub.acme.example` and `acme.example.` (trailing dot)
 *   are other domains and are refused;
 * - a domain belongs to one tenant (a unique index, and a 409 when an admin claims a taken one); should two
 *   tenants ever hold it, nobody is created;
 * - an email that already belongs to someone (a deactivated person included) is never re-created: a
 *   deactivated person stays out.
 */
import type { Caller } from '@/lib/auth/caller';
import { contextForCaller } from '@/lib/data/database';
import { findIdentityByEmail, type Identity } from '@/lib/data/accounts';
import { systemDb, systemTenantDb } from '@/lib/data/system';
import { createDirectoryPerson } from '@/lib/directory/people';
import { isAppError } from '@/lib/errors';
import { recordSecurityEvent } from '@/lib/security/events';
import { nameFromEmail } from './invitations';

/** The audit actor of a person created at their first sign-in. */
export const JIT_ACTOR = 'sso';

/** The domain of a (lower-cased) email, or null when it is not a plain address. */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf('@');
  if (at <= 0 || at !== email.indexOf('@')) return null;
  const domain = email.slice(at + 1);
  return /^[a-z0-9.-]+$/.test(domain) && !domain.endsWith('.') && !domain.startsWith('.') ? domain : null;
}

/**
 * Creates the person for a verified email whose domain a tenant allows, and returns their identity; or
 * undefined when no tenant allows it (or the email is taken). `email` must come from `verifiedEmail`.
 */
export async function provisionFromSso(email: string, displayName: string | null | undefined): Promise<Identity | undefined> {
  const domain = emailDomain(email);
  if (!domain) return undefined;
  const db = await systemDb('sign-in');
  const tenants = await db.selectFrom('people_settings').select('tenant_id').where('jit_domain', '=', domain).execute();
  if (tenants.length !== 1) return undefined;
  const tenantId = tenants[0].tenant_id;
  const caller: Caller = { tenantId, personId: JIT_ACTOR, roles: ['employee', 'admin'], appId: null, sourceType: 'system' };
  const name = displayName?.trim().slice(0, 200) || nameFromEmail(email);
  try {
    const person = await createDirectoryPerson(await contextForCaller(caller), { email, name });
    await recordSecurityEvent(await systemTenantDb('sign-in', tenantId), { kind: 'person_provisioned_jit', actorId: JIT_ACTOR, subjectId: person.id, detail: { email, domain } });
  } catch (error) {
    // Taken meanwhile (or by a deactivated person): nobody is created, and sign-in is refused.
    if (isAppError(error)) return undefined;
    throw error;
  }
  const found = await findIdentityByEmail(email);
  if (!found) return undefined;
  const { passwordHash: _hash, ...identity } = found;
  return identity;
}
