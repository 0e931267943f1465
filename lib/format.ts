/** Display formats shared by every screen (dates in the person's locale, money, status words). */
import { localDate, zonedTime } from '@/lib/sla/calendar';

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

const DAY_MS = 86_400_000;

/**
 * A moment as a person says it, relative to today in their zone and in their locale: "today 14:00",
 * "yesterday", "Tuesday", "Thursday 17:00", "12 Dec 17:00" (engine.md §4: "with Bob since Tuesday, expected
 * by Thursday 17:00"); German: "heute 14:00", "gestern", "Dienstag". `withTime` adds the time of day.
 */
export function formatCalendar(iso: string, now: number, { locale, timeZone }: { locale?: string; timeZone: string }, withTime = false): string {
  const at = new Date(iso);
  const days = Math.round((Date.parse(localDate(at.getTime(), timeZone)) - Date.parse(localDate(now, timeZone))) / DAY_MS);
  let day: string;
  if (Math.abs(days) <= 1) day = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(days, 'day');
  else if (Math.abs(days) < 7) day = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone }).format(at);
  else {
    const otherYear = localDate(at.getTime(), timeZone).slice(0, 4) !== localDate(now, timeZone).slice(0, 4);
    day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', ...(otherYear ? { year: 'numeric' } : {}), timeZone }).format(at);
  }
  if (!withTime && days !== 0) return day;
  return `${day} ${new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone }).format(at)}`;
}

/** A day with its weekday, "Friday, 4 Dec" / "Freitag, 4. Dez.", in the zone. */
export function formatWeekday(iso: string, locale?: string, timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'short', timeZone }).format(new Date(iso));
}

/** The full moment for a tooltip: "Tuesday, 1 December 2026 at 18:00" in the person's locale and zone. */
export function formatFullDateTime(iso: string, locale?: string, timeZone = 'UTC'): string {
  const text = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone }).format(new Date(iso));
  return timeZone === 'UTC' ? `${text} UTC` : text;
}

/** An instant as a datetime-local input's value: the wall time in the person's zone ("2026-12-30T18:00"). */
export function wallTimeIn(iso: string, timeZone: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** What a datetime-local input typed, read as wall time in the person's zone: the instant (ISO), or null. */
export function instantFromWallTime(text: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(text.trim());
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  return new Date(zonedTime(year, month, day, hour * 60 + minute, timeZone)).toISOString();
}

/** An amount in the currency; `wholeWithoutCents` for a rule's threshold ("> 2.000 €", not "> 2.000,00 €"). */
export function formatMoney(amount: number | null | undefined, currency = 'USD', locale?: string, wholeWithoutCents = false): string {
  if (amount === null || amount === undefined) return '';
  const whole = wholeWithoutCents && Number.isInteger(amount);
  return new Intl.NumberFormat(locale, { style: 'currency', currency, ...(whole ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}) }).format(amount);
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
  fullDateTime(iso: string): string;
  date(iso: string | null | undefined): string;
  /** "Friday, 4 Dec" */
  weekday(iso: string): string;
  /** "3 hours ago", "in 2 days", relative to `now` (ms). */
  relative(iso: string, now: number): string;
  /** "today 14:00", "Tuesday", "12 Dec", relative to `now` (ms). */
  calendar(iso: string, now: number, withTime?: boolean): string;
  /** "due in 3 hours" / "overdue by 2 hours", from the time left (ms, negative when past). */
  due(leftMs: number): string;
  money(amount: number | null | undefined): string;
  /** A threshold as a rule states it: whole amounts without cents ("> $2,000"). */
  threshold(amount: number): string;
  number(value: number): string;
}

export function formatterFor(settings: FormatSettings = DEFAULT_FORMAT): Formatter {
  const { locale, timeZone, currency } = settings;
  return {
    ...settings,
    dateTime: (iso) => formatDateTime(iso, locale, timeZone),
    fullDateTime: (iso) => formatFullDateTime(iso, locale, timeZone),
    date: (iso) => formatDate(iso, locale, timeZone),
    weekday: (iso) => formatWeekday(iso, locale, timeZone),
    relative: (iso, now) => formatRelative(iso, now, locale),
    calendar: (iso, now, withTime) => formatCalendar(iso, now, settings, withTime),
    due: (leftMs) => formatDue(leftMs, locale),
    money: (amount) => formatMoney(amount, currency, locale),
    threshold: (amount) => formatMoney(amount, currency, locale, true),
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

type DurationUnit = 'minute' | 'hour' | 'day';

/** An SLA duration as people round it: minutes under an hour, hours under two days, then days. */
function slaDuration(ms: number): { value: number; unit: DurationUnit } {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return { value: Math.max(1, minutes), unit: 'minute' };
  const hours = Math.round(minutes / 60);
  if (hours < 48) return { value: hours, unit: 'hour' };
  return { value: Math.round(hours / 24), unit: 'day' };
}

/** A duration in a few English words for emails and server text: "12 min", "3 h", "4 days". */
export function durationWords(ms: number): string {
  const { value, unit } = slaDuration(ms);
  return `${value} ${unit === 'minute' ? 'min' : unit === 'hour' ? 'h' : 'days'}`;
}

/**
 * An SLA on a screen (engine.md §4), its time part in the person's locale: "due in 3 hours" / "overdue by
 * 2 hours" in English, "due in 3 Stunden" / "overdue by 2 Stunden" in German (the words around it are the
 * app's own, as every label is).
 */
export function formatDue(leftMs: number, locale?: string): string {
  const { value, unit } = slaDuration(Math.abs(leftMs));
  if (leftMs >= 0) return `due ${new Intl.RelativeTimeFormat(locale, { numeric: 'always' }).format(value, unit)}`;
  return `overdue by ${new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(value)}`;
}
