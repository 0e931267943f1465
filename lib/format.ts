/** Display formats shared by every screen (dates in the person's locale, money, status words). */
import { formatDistanceToNowStrict } from 'date-fns';

export function humanize(value: string | null | undefined): string {
  if (!value) return '';
  const text = value.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What formats a screen: the person's own locale and time zone (engine.md §8), the tenant's currency. */
export interface FormatSettings {
  locale: string;
  timeZone: string;
  currency: string;
}

/** Where nobody has chosen: API-neutral defaults (emails, jobs, a screen before the person's settings load). */
export const DEFAULT_FORMAT: FormatSettings = { locale: 'en-US', timeZone: 'UTC', currency: 'USD' };

/** "30 Nov 2026, 18:00" in the zone (with "UTC" appended when the zone is UTC, so nobody mistakes it for local). */
export function formatDateTime(iso: string | null | undefined, locale?: string, timeZone = 'UTC'): string {
  if (!iso) return '';
  const text = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
  return timeZone === 'UTC' ? `${text} UTC` : text;
}

/** The calendar day of an instant in the zone; a plain date (YYYY-MM-DD) is that day wherever you are. */
export function formatDate(iso: string | null | undefined, locale?: string, timeZone = 'UTC'): string {
  if (!iso) return '';
  const plainDate = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: plainDate ? 'UTC' : timeZone }).format(new Date(plainDate ? `${iso}T00:00:00Z` : iso));
}

export function relativeTime(iso: string): string {
  return formatDistanceToNowStrict(new Date(iso), { addSuffix: true });
}

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Infinity],
];

/** "3 hours ago", "in 2 days", "vor 3 Stunden" — in the person's locale. */
export function formatRelative(iso: string, now: number, locale?: string): string {
  let value = (new Date(iso).getTime() - now) / 1000;
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(value) < size) return new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' }).format(Math.round(value), unit);
    value /= size;
  }
  return '';
}

export function formatMoney(amount: number | null | undefined, currency = 'USD', locale?: string): string {
  if (amount === null || amount === undefined) return '';
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
}

export function formatNumber(value: number, locale?: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** The hour of the day in the zone, for "Good evening" at 20:00 in Tokyo. */
export function greetingAt(now: Date, timeZone = 'UTC'): string {
  const hour = Number(new Intl.DateTimeFormat('en-US', { hour: 'numeric', hourCycle: 'h23', timeZone }).format(now));
  return hour >= 5 && hour < 12 ? 'Good morning' : hour >= 12 && hour < 18 ? 'Good afternoon' : 'Good evening';
}

/** Every format of one person's screens, bound to their settings. */
export interface Formatter extends FormatSettings {
  dateTime(iso: string | null | undefined): string;
  date(iso: string | null | undefined): string;
  money(amount: number | null | undefined): string;
  number(value: number): string;
}

export function formatterFor(settings: FormatSettings = DEFAULT_FORMAT): Formatter {
  const { locale, timeZone, currency } = settings;
  return {
    ...settings,
    dateTime: (iso) => formatDateTime(iso, locale, timeZone),
    date: (iso) => formatDate(iso, locale, timeZone),
    money: (amount) => formatMoney(amount, currency, locale),
    number: (value) => formatNumber(value, locale),
  };
}

export type StatusTone = 'waiting' | 'inflight' | 'done' | 'stopped';

/** ui-style.md: waiting amber · in flight blue · done green · stopped red/grey — everywhere a status shows. */
export const STATUS_TONE: Record<string, StatusTone> = {
  pending: 'waiting',
  requested: 'waiting',
  queued: 'waiting',
  in_progress: 'inflight',
  processing: 'inflight',
  approved: 'inflight',
  ordered: 'inflight',
  shipped: 'inflight',
  booked: 'inflight',
  provisioned: 'inflight',
  completed: 'done',
  delivered: 'done',
  returned: 'done',
  rejected: 'stopped',
  cancelled: 'stopped',
  blocked: 'stopped',
  /** Not a status: a withdrawn request's badge on its read-only page (withdrawn.ts). */
  withdrawn: 'stopped',
};

/** A name inside a sentence: "Access request" → "access request", but "HR request" stays. */
export function inSentence(name: string): string {
  return /^[A-Z]{2}/.test(name) ? name : name.charAt(0).toLowerCase() + name.slice(1);
}

/** "an HR request", "an equipment request", "a travel request". */
export function withArticle(noun: string): string {
  const lower = noun.toLowerCase();
  const vowelSound = /^[aeiou]/.test(lower) || /^(hr|h\.r\.)\b/.test(lower);
  return `${vowelSound ? 'an' : 'a'} ${inSentence(noun)}`;
}

/** A value as text for reading, or null when there is nothing to show. */
export function text(value: unknown): string | null {
  return value === null || value === undefined || value === '' ? null : String(value);
}

/** A duration in a few words: "12 min", "3 h", "4 days" (SLA labels: "due in 3 h", "overdue by 2 h"). */
export function durationWords(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${Math.max(1, minutes)} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} days`;
}
