/**
 * Access requests against the systems catalogue (engine.md §3a): once a tenant's catalogue has entries,
 * `system_id` must name one of its systems, `entitlement_type` one of that system's entitlements (when it
 * lists any), and `expires_at` may lie at most `max_days` ahead. The access-request type runs this as its
 * `validateWith` on every create, update and action, for the fields the write sets — so a request filed
 * before the catalogue existed can still be edited in other ways.
 *
 * Client-safe: the record type definitions reach the browser bundle, so this module imports types only
 * and touches the database solely through the caller's context it is given.
 */
import type { Ctx } from '@/lib/data/context';
import type { FieldError } from '@/lib/errors';

export const SYSTEM_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

const DAY_MS = 24 * 60 * 60 * 1000;

export async function checkAccessRequestAgainstCatalogue(ctx: Ctx, record: Record<string, unknown>, changed: readonly string[]): Promise<FieldError[]> {
  const touches = (name: string) => changed.includes(name);
  if (!touches('system_id') && !touches('entitlement_type') && !touches('expires_at')) return [];
  const systemId = typeof record.system_id === 'string' ? record.system_id : '';
  const system = systemId
    ? await ctx.db.selectFrom('systems').select(['id', 'name', 'entitlements', 'max_days']).where('id', '=', systemId).executeTakeFirst()
    : undefined;
  if (!system) {
    if (!touches('system_id')) return [];
    const known = await ctx.db.selectFrom('systems').select('id').orderBy('id').limit(11).execute();
    if (known.length === 0) return [];
    const listed = known.slice(0, 10).map((s) => s.id).join(', ') + (known.length > 10 ? ', …' : '');
    return [{ path: 'system_id', message: `No system '${systemId}' in your organisation's catalogue; choose one of ${listed}` }];
  }

  const errors: FieldError[] = [];
  const entitlement = record.entitlement_type;
  if (
    typeof entitlement === 'string' &&
    system.entitlements.length > 0 &&
    !system.entitlements.includes(entitlement) &&
    (touches('entitlement_type') || touches('system_id'))
  ) {
    errors.push({ path: 'entitlement_type', message: `Not an entitlement of ${system.name}; choose one of ${system.entitlements.join(', ')}` });
  }
  const expiresAt = typeof record.expires_at === 'string' ? new Date(record.expires_at) : null;
  if (expiresAt && system.max_days !== null && (touches('expires_at') || touches('system_id'))) {
    const latest = ctx.clock.now().getTime() + system.max_days * DAY_MS;
    if (expiresAt.getTime() > latest) {
      errors.push({ path: 'expires_at', message: `${system.name} grants access for at most ${system.max_days} day${system.max_days === 1 ? '' : 's'}: choose a date by ${new Date(latest).toISOString().slice(0, 10)}` });
    }
  }
  return errors;
}
