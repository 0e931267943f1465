/**
 * Single-use links sent by email (table person_links): invitations (valid 7 days) and password resets
 * (valid 1 hour). The token is 256 random bits, sent once and stored only as its SHA-256; a link works
 * once, until it expires, while its person is active, and issuing a new one revokes the older ones.
 * Opening a link happens before anyone is signed in, so the look-up by token goes through the system
 * context (reason `email-link`); everything after it runs as the link's tenant.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { PersonLinksTable } from '@/db/schema';
import { systemDb } from '@/lib/data/system';
import type { TenantDb } from '@/lib/data/tenant-db';

export type LinkKind = PersonLinksTable['kind'];

export const LINK_TTL_MS: Record<LinkKind, number> = {
  invitation: 7 * 24 * 60 * 60 * 1000,
  password_reset: 60 * 60 * 1000,
};

export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Issues a new link for a person (revoking their earlier unused links of the kind); returns the token once. */
export async function issueLink(
  db: TenantDb,
  input: { id: string; personId: string; kind: LinkKind; createdBy: string | null; now: Date },
): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(input.now.getTime() + LINK_TTL_MS[input.kind]).toISOString();
  await db
    .updateTable('person_links')
    .set({ revoked_at: input.now.toISOString() })
    .where('person_id', '=', input.personId)
    .where('kind', '=', input.kind)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
  await db
    .insertInto('person_links', {
      id: input.id,
      person_id: input.personId,
      kind: input.kind,
      token_hash: hashLinkToken(token),
      created_by: input.createdBy,
      created_at: input.now.toISOString(),
      expires_at: expiresAt,
    })
    .execute();
  return { token, expiresAt };
}

export type LinkState = 'valid' | 'used' | 'expired' | 'invalid';

export interface OpenedLink {
  state: LinkState;
  /** Present when the token names a link (whatever its state). */
  link?: { id: string; tenantId: string; tenantName: string; personId: string; name: string; email: string; hasPassword: boolean };
}

/** What a token opens, without using it: the page shows the form, or why the link no longer works. */
export async function openLink(token: unknown, kind: LinkKind, now = new Date()): Promise<OpenedLink> {
  if (typeof token !== 'string' || token.length < 20 || token.length > 200) return { state: 'invalid' };
  const db = await systemDb('email-link');
  const row = await db
    .selectFrom('person_links as l')
    .innerJoin('people as p', (join) => join.onRef('p.tenant_id', '=', 'l.tenant_id').onRef('p.id', '=', 'l.person_id'))
    .innerJoin('tenants as t', 't.id', 'l.tenant_id')
    .select(['l.id', 'l.tenant_id', 't.name as tenant_name', 'l.person_id', 'l.used_at', 'l.revoked_at', 'l.expires_at', 'p.name', 'p.email', 'p.active', 'p.password_hash'])
    .where('l.token_hash', '=', hashLinkToken(token))
    .where('l.kind', '=', kind)
    .executeTakeFirst();
  // A deactivated person's link is as good as none (offboarding revoked it too).
  if (!row || !row.active) return { state: 'invalid' };
  const link = { id: row.id, tenantId: row.tenant_id, tenantName: row.tenant_name, personId: row.person_id, name: row.name, email: row.email, hasPassword: !!row.password_hash };
  if (row.used_at) return { state: 'used', link };
  if (row.revoked_at) return { state: 'invalid' };
  if (new Date(row.expires_at).getTime() <= now.getTime()) return { state: 'expired', link };
  return { state: 'valid', link };
}

/** Uses a link: a conditional write, so two submissions of one link cannot both succeed. */
export async function consumeLink(db: TenantDb, linkId: string, now: Date): Promise<boolean> {
  const rows = await db
    .updateTable('person_links')
    .set({ used_at: now.toISOString() })
    .where('id', '=', linkId)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .returning('id')
    .execute();
  return rows.length === 1;
}
