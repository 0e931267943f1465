/**
 * What a locale, a time zone and a currency may be (engine.md §8): a well-formed BCP 47 tag that Intl
 * supports, an IANA zone name (not an offset), an ISO 4217 code. Pure functions: the API, the server actions
 * and the browser's first-visit defaults all check with these.
 */

export const DEFAULT_LOCALE = 'en-US';
export const DEFAULT_TIME_ZONE = 'UTC';
export const DEFAULT_CURRENCY = 'USD';

/** The canonical form of a supported BCP 47 locale, or null. */
export function canonicalLocale(value: string): string | null {
  if (value.length < 2 || value.length > 35) return null;
  try {
    const [canonical] = Intl.getCanonicalLocales(value);
    if (!canonical) return null;
    return Intl.DateTimeFormat.supportedLocalesOf([canonical]).length > 0 && Intl.NumberFormat.supportedLocalesOf([canonical]).length > 0
      ? canonical
      : null;
  } catch {
    return null;
  }
}

/** The canonical name of an IANA time zone ("Asia/Tokyo", "UTC"), or null — offsets like "+09:00" are not zones. */
export function canonicalTimeZone(value: string): string | null {
  if (value.length < 1 || value.length > 64 || !/^[A-Za-z][A-Za-z0-9_+\-]*(\/[A-Za-z0-9_+\-]+)*$/.test(value)) return null;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

let currencies: Set<string> | undefined;

/** True for an ISO 4217 code Intl knows ("EUR", "JPY"). */
export function isCurrency(value: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies.has(value);
}

/** The first supported locale of an Accept-Language header ("de-DE,de;q=0.9,en;q=0.8" → "de-DE"). */
export function localeFromAcceptLanguage(header: string | null | undefined): string | null {
  if (!header) return null;
  const ranked = header
    .slice(0, 500)
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.tag && entry.tag !== '*' && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const locale = canonicalLocale(tag);
    if (locale) return locale;
  }
  return null;
}
