/** Display formats shared by every screen (dates in the person's locale, money, status words). */
import { formatDistanceToNowStrict } from 'date-fns';

export function humanize(value: string | null | undefined): string {
  if (!value) return '';
  const text = value.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function formatDateTime(iso: string | null | undefined, locale?: string): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso)) + ' UTC';
}

export function formatDate(iso: string | null | undefined, locale?: string): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));
}

export function relativeTime(iso: string): string {
  return formatDistanceToNowStrict(new Date(iso), { addSuffix: true });
}

export function formatMoney(amount: number | null | undefined, currency = 'USD', locale?: string): string {
  if (amount === null || amount === undefined) return '';
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
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
