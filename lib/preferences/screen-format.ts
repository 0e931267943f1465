/**
 * The formats of the signed-in person's screens, once per request: their locale and zone, the tenant's
 * currency; before they (or their browser) chose, the request's Accept-Language and UTC.
 */
import { headers } from 'next/headers';
import { cache } from 'react';
import type { Ctx } from '@/lib/data/context';
import { formatterFor, type Formatter } from '@/lib/format';
import { localeFromAcceptLanguage } from './locale';
import { formatSettingsFor } from './preferences';

async function requestLocale(): Promise<string | null> {
  try {
    return localeFromAcceptLanguage((await headers()).get('accept-language'));
  } catch {
    return null; // outside a request (a test, a job)
  }
}

/** One read per person per request (the layout, the page and its components all ask). */
const perRequest = cache(() => new Map<string, ReturnType<typeof formatSettingsFor>>());

/** The person's settings, with `defaulted` while they have chosen nothing yet. */
export function screenFormatSettings(ctx: Ctx): ReturnType<typeof formatSettingsFor> {
  const key = `${ctx.caller.tenantId}/${ctx.caller.personId}`;
  const seen = perRequest();
  let settings = seen.get(key);
  if (!settings) {
    settings = requestLocale().then((fallback) => formatSettingsFor(ctx, fallback));
    seen.set(key, settings);
  }
  return settings;
}

export async function screenFormatter(ctx: Ctx): Promise<Formatter> {
  const { defaulted: _defaulted, ...settings } = await screenFormatSettings(ctx);
  return formatterFor(settings);
}
