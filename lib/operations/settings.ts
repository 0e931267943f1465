/**
 * Tenant settings, for admins only: integration keys (applications and the keys minted for them), the
 * travel approval threshold, and people's managers and roles. The settings screen's server actions call
 * these functions; every change is written to the audit log in the same transaction.
 */
import { z } from 'zod';
import { ROLES, type Role } from '@/db/schema';
import { isAdmin } from '@/lib/auth/caller';
import { signToken } from '@/lib/auth/tokens';
import { within, type Ctx } from '@/lib/data/context';
import { PERSON_COLUMNS, updateDirectoryPerson } from '@/lib/directory/people';
import { AppError, forbidden, invalidField } from '@/lib/errors';
import { recordSecurityEvent } from '@/lib/security/events';
import { writeAudit, diff } from './audit';
import { parseInput } from './validate';
import { getPolicy, putPolicy } from '@/lib/policies/store';

const DAY = 24 * 60 * 60 * 1000;
export const KEY_EXPIRY_DAYS = [7, 30, 90, 180, 365] as const;

function assertAdmin(ctx: Ctx): void {
  if (!isAdmin(ctx.caller)) throw forbidden('Only admins may view or change settings.');
  // An integration key must never manage keys, even one minted with the admin role.
  if (ctx.caller.appId) throw forbidden('Integration keys cannot change settings.');
}

const applicationInput = z.object({
  name: z.string().trim().min(1, 'Give the application a name').max(100, 'At most 100 characters'),
  description: z.string().trim().max(500, 'At most 500 characters').optional(),
});

const keyInput = z.object({
  appId: z.string().min(1, 'Choose an application'),
  label: z.string().trim().min(1, 'Give the key a label').max(100, 'At most 100 characters'),
  roles: z.array(z.enum(ROLES)).min(1, 'Choose at least one role'),
  expiresInDays: z.coerce.number().int().min(1, 'At least one day').max(365, 'At most a year'),
});

const thresholdInput = z.object({
  threshold: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value),
    z.number({ error: 'Enter an amount' }).min(0, 'Must be 0 or more').max(1_000_000_000_000, 'Too large'),
  ),
});

const personInput = z.object({
  personId: z.string().min(1),
  managerId: z.string().min(1).nullable(),
  roles: z.array(z.enum(ROLES)),
});

export interface KeySummary {
  id: string;
  label: string;
  app_id: string;
  app_name: string;
  roles: Role[];
  created_at: string;
  expires_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  status: 'active' | 'expired' | 'revoked';
}

export async function getSettings(ctx: Ctx) {
  assertAdmin(ctx);
  const [tenant, applications, keys, people] = await Promise.all([
    ctx.db.tenant().select(['name']).executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom('applications')
      .select(['id', 'name', 'description', 'created_at', 'revoked_at'])
      .orderBy('created_at', 'desc')
      .execute(),
    listKeys(ctx),
    ctx.db.selectFrom('people').select(PERSON_COLUMNS).orderBy('name').orderBy('id').execute(),
  ]);
  return {
    tenantName: tenant.name,
    threshold: (await travelThreshold(ctx)) ?? 0,
    applications,
    keys,
    people,
  };
}

export async function listKeys(ctx: Ctx): Promise<KeySummary[]> {
  assertAdmin(ctx);
  const rows = await ctx.db
    .selectFrom('integration_keys')
    .innerJoin('applications', (join) =>
      join.onRef('applications.tenant_id', '=', 'integration_keys.tenant_id').onRef('applications.id', '=', 'integration_keys.app_id'),
    )
    .select([
      'integration_keys.id',
      'integration_keys.label',
      'integration_keys.app_id',
      'applications.name as app_name',
      'integration_keys.roles',
      'integration_keys.created_at',
      'integration_keys.expires_at',
      'integration_keys.last_used_at',
      'integration_keys.revoked_at',
    ])
    .orderBy('integration_keys.created_at', 'desc')
    .orderBy('integration_keys.id', 'desc')
    .execute();
  const now = ctx.clock.now().getTime();
  return rows.map((row) => ({
    ...row,
    status: row.revoked_at ? 'revoked' : new Date(row.expires_at).getTime() <= now ? 'expired' : 'active',
  }));
}

export async function createApplication(ctx: Ctx, input: unknown) {
  assertAdmin(ctx);
  const { name, description } = parseInput(applicationInput, input);
  const now = ctx.clock.now().toISOString();
  return ctx.db.transaction(async (tdb) => {
    const tx = within(ctx, tdb);
    const app = await tdb
      .insertInto('applications', { id: ctx.clock.id('app'), name, description: description || null, created_by: ctx.caller.personId, created_at: now })
      .returning(['id', 'name', 'description', 'created_at', 'revoked_at'])
      .executeTakeFirstOrThrow();
    await writeAudit(tx, { entityType: 'Application', entityId: app.id, action: 'create', changes: diff(null, app), at: now });
    return app;
  });
}

/**
 * Mints an integration key: a JWT whose subject is the key itself (its own principal, engine.md §2), with
 * the chosen subset of the admin's roles stored on the key, the application's app_id and the key's id as
 * jti. The token is returned once and never stored; the row gives the key its roles on each request and
 * lets the API refuse it as soon as it is revoked.
 */
export async function mintKey(ctx: Ctx, input: unknown): Promise<{ key: KeySummary; token: string }> {
  assertAdmin(ctx);
  const body = parseInput(keyInput, input);
  const roles = [...new Set(body.roles)];
  const extra = roles.filter((role) => !ctx.caller.roles.includes(role));
  if (extra.length > 0) throw invalidField('roles', `You cannot grant roles you do not hold: ${extra.join(', ')}`);
  const app = await ctx.db.selectFrom('applications').select(['id', 'name', 'revoked_at']).where('id', '=', body.appId).executeTakeFirst();
  if (!app) throw invalidField('appId', 'No application with this id in your organisation');
  if (app.revoked_at) throw invalidField('appId', 'This application has been revoked');

  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + body.expiresInDays * DAY);
  const id = ctx.clock.id('key');
  const { token } = await signToken({ personId: id, tenantId: ctx.caller.tenantId, roles, appId: app.id, jti: id, expiresAt });
  const row = {
    id,
    app_id: app.id,
    person_id: ctx.caller.personId,
    roles,
    label: body.label,
    created_by: ctx.caller.personId,
    created_at: now.toISOString(),
    expires_at: expiresAt.toISOString(),
  };
  await ctx.db.transaction(async (tdb) => {
    await tdb.insertInto('integration_keys', row).execute();
    await writeAudit(within(ctx, tdb), { entityType: 'IntegrationKey', entityId: id, action: 'create', changes: diff(null, row), at: row.created_at });
    await recordSecurityEvent(tdb, {
      kind: 'key_minted',
      actorId: ctx.caller.personId,
      subjectId: id,
      detail: { label: row.label, app_id: app.id, app_name: app.name, roles, expires_at: row.expires_at },
      at: now,
    });
  });
  return {
    key: { ...row, app_name: app.name, last_used_at: null, revoked_at: null, status: 'active' },
    token,
  };
}

export async function revokeKey(ctx: Ctx, keyId: string): Promise<void> {
  assertAdmin(ctx);
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction(async (tdb) => {
    const revoked = await tdb
      .updateTable('integration_keys')
      .set({ revoked_at: now })
      .where('id', '=', keyId)
      .where('revoked_at', 'is', null)
      .returning(['id', 'label', 'app_id'])
      .executeTakeFirst();
    if (!revoked) {
      const exists = await tdb.selectFrom('integration_keys').select('id').where('id', '=', keyId).executeTakeFirst();
      if (!exists) throw new AppError('not_found', 'No integration key with that id.');
      throw new AppError('conflict', 'This key is already revoked.');
    }
    await writeAudit(within(ctx, tdb), { entityType: 'IntegrationKey', entityId: keyId, action: 'revoke', changes: { revoked_at: { from: null, to: now } }, at: now });
    await recordSecurityEvent(tdb, { kind: 'key_revoked', actorId: ctx.caller.personId, subjectId: keyId, detail: { label: revoked.label, app_id: revoked.app_id }, at: new Date(now) });
  });
}

/**
 * The travel approval threshold, which now lives in the travel policy (engine.md §1): setting it edits the
 * policy's "admin when estimated cost > X" condition (adding that step when the policy has none), as a new
 * policy version. New trips follow it; running chains keep their version.
 */
export async function updateThreshold(ctx: Ctx, input: unknown): Promise<number> {
  assertAdmin(ctx);
  const { threshold } = parseInput(thresholdInput, input);
  const policy = await getPolicy(ctx, 'travel');
  let found = false;
  const steps = policy.steps.map((step) => ({
    ...step,
    ...(step.when
      ? {
          when: step.when.map((c) => {
            if (c.field !== 'estimated_cost' || c.op !== '>') return c;
            found = true;
            return { ...c, value: threshold };
          }),
        }
      : {}),
  }));
  if (!found) steps.push({ approver: { kind: 'role', role: 'admin' }, when: [{ field: 'estimated_cost', op: '>', value: threshold }] });
  await putPolicy(ctx, 'travel', { steps });
  return threshold;
}

/** The travel threshold as the travel policy states it (null when the policy has no cost condition). */
export async function travelThreshold(ctx: Ctx): Promise<number | null> {
  const policy = await getPolicy(ctx, 'travel');
  for (const step of policy.steps) {
    const condition = step.when?.find((c) => c.field === 'estimated_cost' && c.op === '>');
    if (condition && typeof condition.value === 'number') return condition.value;
  }
  return null;
}

/**
 * Changes a person's manager and roles: the settings screen's older entry point, kept for its callers.
 * The rules (no self-demotion, no loops, audit, role events) live in lib/directory/people.ts.
 */
export async function updatePerson(ctx: Ctx, input: unknown) {
  assertAdmin(ctx);
  const body = parseInput(personInput, input);
  try {
    return await updateDirectoryPerson(ctx, body.personId, { manager_id: body.managerId, roles: body.roles });
  } catch (error) {
    // This entry point's fields are camelCase: name them as its caller sent them.
    if (error instanceof AppError && error.errors) {
      const errors = error.errors.map((e) => (e.path === 'manager_id' ? { ...e, path: 'managerId' } : e));
      throw new AppError(error.kind, error.message, { errors, extensions: error.extensions });
    }
    throw error;
  }
}
