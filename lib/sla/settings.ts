/**
 * A tenant's SLA settings (engine.md §4): read by anyone's clock (the engine), read and replaced by admins
 * (`GET/PUT /settings/sla`, the SLA section of /settings). A PUT replaces the whole object; a resource left
 * out takes the default. Clocks already running keep the due time they started with.
 */
import { isAdmin } from '@/lib/auth/caller';
import type { Ctx } from '@/lib/data/context';
import type { TenantDb } from '@/lib/data/tenant-db';
import { AppError, forbidden, invalid, type FieldError } from '@/lib/errors';
import { writeAudit, diff } from '@/lib/operations/audit';
import { slaSettingsInput, withDefaults, type SlaSettings } from './schema';

function assertAdmin(ctx: Ctx): void {
  if (!isAdmin(ctx.caller)) throw forbidden('Only admins may view or change the SLA settings.');
}

/** The settings in force (defaults when none were saved), for the engine: no permission check. */
export async function slaSettingsOf(db: TenantDb): Promise<SlaSettings> {
  const row = await db.selectFrom('sla_settings').select(['settings', 'updated_at']).executeTakeFirst();
  if (!row) return withDefaults({}, null);
  const parsed = slaSettingsInput.safeParse(row.settings);
  return withDefaults(parsed.success ? parsed.data : {}, row.updated_at);
}

export async function getSlaSettings(ctx: Ctx): Promise<SlaSettings> {
  assertAdmin(ctx);
  return slaSettingsOf(ctx.db);
}

/** Parses a PUT body; an unknown key is named by its own path (`approval_hours.boats`, `colour`). */
function parseSettings(input: unknown) {
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    throw new AppError('validation', 'The body must be a JSON object.', { errors: [{ path: '(body)', message: 'Expected an object' }] });
  }
  const result = slaSettingsInput.safeParse(input);
  if (result.success) return result.data;
  const errors: FieldError[] = result.error.issues.flatMap((issue) => {
    const at = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: [...at, key].join('.'), message: 'Unknown key' }));
    return [{ path: at.join('.') || '(body)', message: issue.message }];
  });
  throw invalid(errors, errors.map((e) => `${e.path}: ${e.message}`).join('; '));
}

export async function putSlaSettings(ctx: Ctx, input: unknown): Promise<SlaSettings> {
  assertAdmin(ctx);
  const settings = parseSettings(input);
  return ctx.db.transaction(async (tdb) => {
    const tx = { ...ctx, db: tdb };
    const before = await slaSettingsOf(tdb);
    const now = ctx.clock.now().toISOString();
    await tdb
      .insertInto('sla_settings', { settings: JSON.stringify(settings), updated_by: ctx.caller.personId, updated_at: now })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ settings: JSON.stringify(settings), updated_by: ctx.caller.personId, updated_at: now }))
      .execute();
    const after = withDefaults(settings, now);
    const { updated_at: _b, ...beforeValues } = before;
    const { updated_at: _a, ...afterValues } = after;
    await writeAudit(tx, { entityType: 'SlaSettings', entityId: tdb.tenantId, action: 'update', changes: diff(beforeValues, afterValues), at: now });
    return after;
  });
}
