/**
 * The choices the preference screens offer, computed on the server: the server's own Intl data decides
 * what it accepts (locale.ts), and the browser's may list other zones or currencies or name them
 * differently — a list built in the browser would not match the server-rendered one (a hydration error)
 * and could offer what the server then refuses.
 */
import { DEFAULT_LOCALE } from './locale';

export interface Choice {
  value: string;
  label: string;
}

const COMMON_LOCALES = ['en-US', 'en-GB', 'de-DE', 'de-CH', 'fr-FR', 'es-ES', 'it-IT', 'nl-NL', 'pt-BR', 'sv-SE', 'pl-PL', 'tr-TR', 'ja-JP', 'ko-KR', 'zh-CN', 'hi-IN'];

/** "Deutsch (de-DE)": each locale named in its own language. */
export function localeChoices(current: string = DEFAULT_LOCALE): Choice[] {
  return [...new Set([current, ...COMMON_LOCALES])].map((value) => {
    try {
      const own = new Intl.DisplayNames([value], { type: 'language' }).of(value);
      return { value, label: own ? `${own} (${value})` : value };
    } catch {
      return { value, label: value };
    }
  });
}

/** Every IANA zone the server knows, UTC and the current one first. */
export function timeZoneChoices(current: string): Choice[] {
  return [...new Set(['UTC', current, ...Intl.supportedValuesOf('timeZone')])].map((value) => ({ value, label: value.replace(/_/g, ' ') }));
}

/** "EUR — Euro": every ISO 4217 code the server accepts. */
export function currencyChoices(): Choice[] {
  const names = new Intl.DisplayNames(['en'], { type: 'currency' });
  return Intl.supportedValuesOf('currency').map((code) => ({ value: code, label: `${code} — ${names.of(code) ?? code}` }));
}
