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
import { AppError, forbidden, invalidField } from '@/lib/errors';
import { recordRoleChanges } from '@/lib/security/role-changes';
import { recordSecurityEvent } from '@/lib/security/events';
import { writeAudit, diff } from './audit';
import { parseInput } from './validate';

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
    ctx.db.tenant().select(['name', 'travel_approval_threshold']).executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom('applications')
      .select(['id', 'name', 'description', 'created_at', 'revoked_at'])
      .orderBy('created_at', 'desc')
      .execute(),
    listKeys(ctx),
    ctx.db.selectFrom('people').select(['id', 'name', 'email', 'roles', 'manager_id']).orderBy('name').orderBy('id').execute(),
  ]);
  return {
    tenantName: tenant.name,
    threshold: Number(tenant.travel_approval_threshold),
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

export async function updateThreshold(ctx: Ctx, input: unknown): Promise<number> {
  assertAdmin(ctx);
  const { threshold } = parseInput(thresholdInput, input);
  return ctx.db.transaction(async (tdb) => {
    const before = await tdb.tenant().select(['travel_approval_threshold']).forUpdate().executeTakeFirstOrThrow();
    // `tenants` is not a tenant-scoped table (it is the tenant list itself), so TenantDb has no updater
    // for it; the WHERE on the caller's own tenant id keeps this write inside the caller's tenant.
    await tdb.connection
      .updateTable('tenants')
      .set({ travel_approval_threshold: threshold })
      .where('id', '=', tdb.tenantId)
      .execute();
    await writeAudit(within(ctx, tdb), {
      entityType: 'Tenant',
      entityId: tdb.tenantId,
      action: 'update',
      changes: { travel_approval_threshold: { from: Number(before.travel_approval_threshold), to: threshold } },
    });
    return threshold;
  });
}

/** Changes a person's manager and roles. Everyone keeps `employee`; no self-management; no cycles. */
export async function updatePerson(ctx: Ctx, input: unknown) {
  assertAdmin(ctx);
  const body = parseInput(personInput, input);
  const roles = ROLES.filter((role) => role === 'employee' || body.roles.includes(role));
  if (body.personId === ctx.caller.personId && !roles.includes('admin')) {
    throw invalidField('roles', 'You cannot remove your own admin role; ask another admin');
  }
  if (body.managerId === body.personId) throw invalidField('managerId', 'A person cannot be their own manager');

  return ctx.db.transaction(async (tdb) => {
    const person = await tdb
      .selectFrom('people')
      .select(['id', 'name', 'roles', 'manager_id'])
      .where('id', '=', body.personId)
      .forUpdate()
      .executeTakeFirst();
    if (!person) throw new AppError('not_found', 'No person with that id in your organisation.');
    if (body.managerId) {
      // Walk up from the new manager: reaching the person means the change would close a loop.
      let current: string | null = body.managerId;
      const seen = new Set<string>();
      while (current && !seen.has(current)) {
        seen.add(current);
        if (current === body.personId) throw invalidField('managerId', 'This would make a management loop');
        const row: { manager_id: string | null } | undefined = await tdb
          .selectFrom('people')
          .select(['manager_id'])
          .where('id', '=', current)
          .executeTakeFirst();
        if (!row) throw invalidField('managerId', 'No person with this id in your organisation');
        current = row.manager_id;
      }
    }
    const now = ctx.clock.now().toISOString();
    const changes = { manager_id: body.managerId, roles };
    const after = await tdb
      .updateTable('people')
      .set({ ...changes, updated_at: now })
      .where('id', '=', body.personId)
      .returning(['id', 'name', 'email', 'roles', 'manager_id'])
      .executeTakeFirstOrThrow();
    await writeAudit(within(ctx, tdb), { entityType: 'Person', entityId: person.id, action: 'update', changes: diff(person, changes), at: now });
    await recordRoleChanges(tdb, ctx.caller.personId, { id: person.id, name: person.name, before: person.roles, after: roles }, now);
    return after;
  });
}
