/**
 * A person's own locale and time zone (engine.md §8: GET/PUT /me/preferences) and the tenant's currency.
 * Every screen formats dates, times and money with these (lib/format.ts); until a person chooses, the
 * browser's own settings are adopted on the first visit (adoptBrowserPreferences), and before that the
 * request's Accept-Language and UTC stand in.
 */
import { z } from 'zod';
import { isAdmin } from '@/lib/auth/caller';
import type { Ctx } from '@/lib/data/context';
import { forbidden, invalidField } from '@/lib/errors';
import type { FormatSettings } from '@/lib/format';
import { parseInput } from '@/lib/operations/validate';
import { writeAudit } from '@/lib/operations/audit';
import { canonicalLocale, canonicalTimeZone, DEFAULT_CURRENCY, DEFAULT_LOCALE, DEFAULT_TIME_ZONE, isCurrency } from './locale';

export const myPreferencesInputSchema = z
  .strictObject({
    locale: z
      .string()
      .max(35)
      .optional()
      .meta({ description: 'A BCP 47 locale the server supports, e.g. `de-DE`, `en-GB`, `ja-JP`. Dates, times and numbers are shown in it.', example: 'de-DE' }),
    time_zone: z
      .string()
      .max(64)
      .optional()
      .meta({ description: 'An IANA time zone, e.g. `Europe/Berlin`, `Asia/Tokyo`, `UTC` (not an offset). Times are shown in it.', example: 'Asia/Tokyo' }),
  })
  .meta({ id: 'MyPreferencesInput' });

export const myPreferencesSchema = z
  .object({
    locale: z.string().meta({ description: 'BCP 47 locale (canonical form).' }),
    time_zone: z.string().meta({ description: 'IANA time zone.' }),
    defaulted: z.boolean().meta({ description: 'True while the person has chosen neither: the values are the defaults (the request’s Accept-Language, UTC).' }),
  })
  .meta({ id: 'MyPreferences' });

export interface MyPreferences {
  locale: string;
  time_zone: string;
  defaulted: boolean;
}


function assertPerson(ctx: Ctx): void {
  if (ctx.caller.appId) throw forbidden('Integration keys have no preferences: they act for the person each request names.');
}

/** Parses and canonicalises a preferences body, or a 422 naming the field. */
export function parsePreferences(body: unknown): { locale?: string; time_zone?: string } {
  const input = parseInput(myPreferencesInputSchema, body);
  const out: { locale?: string; time_zone?: string } = {};
  if (input.locale !== undefined) {
    const locale = canonicalLocale(input.locale.trim());
    if (!locale) throw invalidField('locale', `'${input.locale.slice(0, 40)}' is not a supported BCP 47 locale (e.g. en-US, de-DE)`);
    out.locale = locale;
  }
  if (input.time_zone !== undefined) {
    const zone = canonicalTimeZone(input.time_zone.trim());
    if (!zone) throw invalidField('time_zone', `'${input.time_zone.slice(0, 70)}' is not an IANA time zone (e.g. Europe/Berlin, UTC)`);
    out.time_zone = zone;
  }
  return out;
}

async function readMine(ctx: Ctx) {
  return ctx.db.selectFrom('people').select(['locale', 'time_zone']).where('id', '=', ctx.caller.personId).executeTakeFirst();
}

/** What a person's stored columns mean: their choice, else the fallback locale (Accept-Language) and UTC. */
export function preferencesFrom(row: { locale: string | null; time_zone: string | null } | undefined, fallbackLocale?: string | null): MyPreferences {
  return {
    locale: row?.locale ?? fallbackLocale ?? DEFAULT_LOCALE,
    time_zone: row?.time_zone ?? DEFAULT_TIME_ZONE,
    defaulted: !row?.locale && !row?.time_zone,
  };
}

/** The caller's preferences; `fallbackLocale` (from Accept-Language) stands in for a locale not chosen. */
export async function getMyPreferences(ctx: Ctx, fallbackLocale?: string | null): Promise<MyPreferences> {
  assertPerson(ctx);
  return preferencesFrom(await readMine(ctx), fallbackLocale);
}

/** PUT: sets what the body names (a field left out keeps its value). */
export async function setMyPreferences(ctx: Ctx, body: unknown, fallbackLocale?: string | null): Promise<MyPreferences> {
  assertPerson(ctx);
  const input = parsePreferences(body);
  if (Object.keys(input).length > 0) {
    const now = ctx.clock.now().toISOString();
    await ctx.db.updateTable('people').set({ ...input, updated_at: now }).where('id', '=', ctx.caller.personId).execute();
  }
  return getMyPreferences(ctx, fallbackLocale);
}

/**
 * The browser's own locale and zone, taken on a person's first visit — only while they have chosen
 * neither, so it never overrides a choice. What the browser reports that the server cannot use is skipped.
 */
export async function adoptBrowserPreferences(ctx: Ctx, browser: { locale?: unknown; time_zone?: unknown }): Promise<boolean> {
  if (ctx.caller.appId) return false;
  const locale = typeof browser.locale === 'string' ? canonicalLocale(browser.locale) : null;
  const zone = typeof browser.time_zone === 'string' ? canonicalTimeZone(browser.time_zone) : null;
  if (!locale && !zone) return false;
  const result = await ctx.db
    .updateTable('people')
    .set({ locale: locale ?? DEFAULT_LOCALE, time_zone: zone ?? DEFAULT_TIME_ZONE })
    .where('id', '=', ctx.caller.personId)
    .where('locale', 'is', null)
    .where('time_zone', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function tenantCurrency(ctx: Ctx): Promise<string> {
  const row = await ctx.db.tenant().select(['currency']).executeTakeFirst();
  return row?.currency ?? DEFAULT_CURRENCY;
}

/** Admins set the currency every amount of the tenant is shown in. */
export async function setTenantCurrency(ctx: Ctx, value: unknown): Promise<string> {
  if (!isAdmin(ctx.caller) || ctx.caller.appId) throw forbidden('Only admins may change the organisation’s currency.');
  const code = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (!/^[A-Z]{3}$/.test(code) || !isCurrency(code)) throw invalidField('currency', 'Choose an ISO 4217 currency, e.g. USD, EUR, JPY');
  await ctx.db.transaction(async (tdb) => {
    const before = await tdb.tenant().select(['currency']).executeTakeFirstOrThrow();
    if (before.currency === code) return;
    await tdb.connection.updateTable('tenants').set({ currency: code }).where('id', '=', tdb.tenantId).execute();
    await writeAudit({ ...ctx, db: tdb }, { entityType: 'tenant', entityId: tdb.tenantId, action: 'update', changes: { currency: { from: before.currency, to: code } } });
  });
  return code;
}

/** The formats of someone else than the caller: an email's recipient, the approver a decision link names. */
export async function formatSettingsOf(ctx: Ctx, personId: string): Promise<FormatSettings> {
  const [row, currency] = await Promise.all([
    ctx.db.selectFrom('people').select(['locale', 'time_zone']).where('id', '=', personId).executeTakeFirst(),
    tenantCurrency(ctx),
  ]);
  const prefs = preferencesFrom(row);
  return { locale: prefs.locale, timeZone: prefs.time_zone, currency };
}

/** The formats of the caller's screens. */
export async function formatSettingsFor(ctx: Ctx, fallbackLocale?: string | null): Promise<FormatSettings & { defaulted: boolean }> {
  const [prefs, currency] = await Promise.all([
    ctx.caller.appId ? Promise.resolve({ locale: fallbackLocale ?? DEFAULT_LOCALE, time_zone: DEFAULT_TIME_ZONE, defaulted: true }) : getMyPreferences(ctx, fallbackLocale),
    tenantCurrency(ctx),
  ]);
  return { locale: prefs.locale, timeZone: prefs.time_zone, currency, defaulted: prefs.defaulted };
}
