/**
 * The tenant's people settings (table people_settings, admins only): the just-in-time SSO domain and the
 * SCIM bearer token. The token is shown once at minting and stored as its SHA-256; minting again replaces
 * it, revoking ends it. A SCIM request finds its tenant by the token's hash (system context, reason
 * `scim`) and then acts as that tenant's SCIM client.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Caller } from '@/lib/auth/caller';
import type { Ctx } from '@/lib/data/context';
import { systemDb } from '@/lib/data/system';
import { assertDirectoryAdmin } from '@/lib/directory/common';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/operations/validate';
import { recordSecurityEvent } from '@/lib/security/events';

/** The audit actor of SCIM writes: the identity provider, not a person. */
export const SCIM_ACTOR = 'scim';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A domain name as it must be configured: lower case, no trailing dot, at least two labels. */
const DOMAIN = /^(?=.{3,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export const peopleSettingsSchema = z
  .object({
    jit_domain: z.string().nullable().meta({ description: 'Single sign-on creates an employee on first sign-in for a verified email of exactly this domain; null is off (the default).' }),
    scim: z.object({
      active: z.boolean(),
      created_at: z.string().nullable(),
      created_by: z.string().nullable(),
      last_used_at: z.string().nullable(),
    }),
  })
  .meta({ id: 'PeopleSettings' });

export const peopleSettingsUpdateSchema = z
  .object({
    jit_domain: z
      .string()
      .trim()
      .toLowerCase()
      .max(253)
      .transform((value) => value.replace(/^@/, ''))
      .refine((value) => DOMAIN.test(value), 'Expected a domain such as acme.example (no @, no trailing dot)')
      .nullable(),
  })
  .strict()
  .meta({ id: 'PeopleSettingsUpdate' });

export type PeopleSettings = z.infer<typeof peopleSettingsSchema>;

export async function getPeopleSettings(ctx: Ctx): Promise<PeopleSettings> {
  assertDirectoryAdmin(ctx, 'settings');
  const row = await ctx.db.selectFrom('people_settings').selectAll().executeTakeFirst();
  return {
    jit_domain: row?.jit_domain ?? null,
    scim: { active: !!row?.scim_token_hash, created_at: row?.scim_token_created_at ?? null, created_by: row?.scim_token_created_by ?? null, last_used_at: row?.scim_token_last_used_at ?? null },
  };
}

async function upsert(ctx: Ctx, values: Record<string, unknown>): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await ctx.db.connection
    .insertInto('people_settings')
    .values({ tenant_id: ctx.db.tenantId, ...values, updated_at: now })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ ...values, updated_at: now }))
    .execute();
}

/**
 * Sets the just-in-time domain. A domain another tenant has claimed is refused (409): one verified email
 * must never be able to land in two organisations.
 */
export async function updatePeopleSettings(ctx: Ctx, input: unknown): Promise<PeopleSettings> {
  assertDirectoryAdmin(ctx, 'settings');
  const body = parseInput(peopleSettingsUpdateSchema, input);
  if (body.jit_domain) {
    const db = await systemDb('sign-in');
    const claimed = await db.selectFrom('people_settings').select('tenant_id').where('jit_domain', '=', body.jit_domain).where('tenant_id', '<>', ctx.db.tenantId).executeTakeFirst();
    if (claimed) {
      throw new AppError('conflict', 'Another organisation already signs people in with this domain.', { errors: [{ path: 'jit_domain', message: 'Another organisation already uses this domain' }] });
    }
  }
  await upsert(ctx, { jit_domain: body.jit_domain });
  return getPeopleSettings(ctx);
}

/** Mints the tenant's SCIM token (replacing any earlier one); the token is returned this once. */
export async function mintScimToken(ctx: Ctx): Promise<{ token: string; created_at: string }> {
  assertDirectoryAdmin(ctx, 'settings');
  const token = `scim_${randomBytes(32).toString('base64url')}`;
  const now = ctx.clock.now().toISOString();
  const replaced = await ctx.db.selectFrom('people_settings').select('scim_token_hash').executeTakeFirst();
  await upsert(ctx, { scim_token_hash: hashToken(token), scim_token_created_at: now, scim_token_created_by: ctx.caller.personId, scim_token_last_used_at: null });
  await recordSecurityEvent(ctx.db, { kind: 'scim_token_minted', actorId: ctx.caller.personId, detail: { replaced: !!replaced?.scim_token_hash }, at: new Date(now) });
  return { token, created_at: now };
}

export async function revokeScimToken(ctx: Ctx): Promise<void> {
  assertDirectoryAdmin(ctx, 'settings');
  const row = await ctx.db.selectFrom('people_settings').select('scim_token_hash').executeTakeFirst();
  if (!row?.scim_token_hash) return;
  await upsert(ctx, { scim_token_hash: null, scim_token_created_at: null, scim_token_created_by: null, scim_token_last_used_at: null });
  await recordSecurityEvent(ctx.db, { kind: 'scim_token_revoked', actorId: ctx.caller.personId });
}

/** The caller a SCIM bearer token stands for: the tenant's SCIM client, with the admin's powers over people. */
export async function scimCaller(token: string | undefined): Promise<Caller | null> {
  if (!token || !token.startsWith('scim_') || token.length > 200) return null;
  const db = await systemDb('scim');
  const row = await db.selectFrom('people_settings').select(['tenant_id', 'scim_token_last_used_at']).where('scim_token_hash', '=', hashToken(token)).executeTakeFirst();
  if (!row) return null;
  const now = Date.now();
  if (!row.scim_token_last_used_at || now - new Date(row.scim_token_last_used_at).getTime() > 60_000) {
    await db.updateTable('people_settings').set({ scim_token_last_used_at: new Date(now) }).where('tenant_id', '=', row.tenant_id).execute();
  }
  return { tenantId: row.tenant_id, personId: SCIM_ACTOR, roles: ['employee', 'admin'], appId: null, sourceType: 'system' };
}
