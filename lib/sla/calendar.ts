/**
 * The business calendar (engine.md §4), pure: with a calendar, SLA time counts working hours only — the
 * calendar's working days (ISO weekdays, 1 = Monday … 7 = Sunday) between its working hours, in its time
 * zone, skipping its holidays; with none, the clock runs 24/7. Each day's working window is computed from
 * the zone's wall clock, so a daylight-saving change (Europe/Berlin: the last Sundays of March and
 * October) moves the window's UTC instants, never its length on the wall clock.
 */

export interface BusinessCalendar {
  timezone: string;
  /** ISO weekdays: 1 = Monday … 7 = Sunday. */
  working_days: number[];
  /** ["09:00", "17:00"]: local start and end of the working day (start before end). */
  working_hours: [string, string];
  /** Local dates (YYYY-MM-DD) on which nobody works. */
  holidays?: string[];
}

const HOUR_MS = 3_600_000;
/** Ten years of days: a calendar with any working day finds its time long before this. */
const MAX_DAYS = 3_660;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** Whether the name is a time zone this runtime knows (IANA, e.g. Europe/Berlin). */
export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

interface Wall { year: number; month: number; day: number; hour: number; minute: number; second: number }

function wallClock(instant: number, timezone: string): Wall {
  const parts: Record<string, number> = {};
  for (const p of formatter(timezone).formatToParts(new Date(instant))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/** The zone's offset from UTC at an instant, in ms. */
function offsetAt(instant: number, timezone: string): number {
  const w = wallClock(instant, timezone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant a local wall-clock time names (in a DST gap: the instant just after it). */
export function zonedTime(year: number, month: number, day: number, minutes: number, timezone: string): number {
  const guess = Date.UTC(year, month - 1, day, 0, minutes);
  const first = guess - offsetAt(guess, timezone);
  const offset = offsetAt(first, timezone);
  const second = guess - offset;
  if (offsetAt(second, timezone) === offset) return second;
  return Math.max(first, second);
}

/** Where a local calendar day (YYYY-MM-DD), `plusDays` later, starts in the zone, as an ISO instant. */
export function startOfLocalDay(day: string, timezone: string, plusDays = 0): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(zonedTime(year, month, date + plusDays, 0, timezone)).toISOString();
}

/** The local calendar day (YYYY-MM-DD) of an instant in the zone. */
export function localDate(instant: number, timezone: string): string {
  const w = wallClock(instant, timezone);
  return isoDate(w);
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

interface LocalDay { year: number; month: number; day: number }

function nextDay(d: LocalDay): LocalDay {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + 1));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

function isoDate(d: LocalDay): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

function isoWeekday(d: LocalDay): number {
  const w = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
  return w === 0 ? 7 : w;
}

/** The working window [start, end) of a local day, or null on a day off. */
function windowOf(d: LocalDay, cal: BusinessCalendar, holidays: Set<string>): [number, number] | null {
  if (!cal.working_days.includes(isoWeekday(d)) || holidays.has(isoDate(d))) return null;
  const start = zonedTime(d.year, d.month, d.day, minutesOf(cal.working_hours[0]), cal.timezone);
  const end = zonedTime(d.year, d.month, d.day, minutesOf(cal.working_hours[1]), cal.timezone);
  return end > start ? [start, end] : null;
}

/** The working windows from the local day of `from` on, one a day (days off skipped). */
function* windowsFrom(from: number, cal: BusinessCalendar): Generator<[number, number]> {
  const holidays = new Set(cal.holidays ?? []);
  const w = wallClock(from, cal.timezone);
  let day: LocalDay = { year: w.year, month: w.month, day: w.day };
  for (let i = 0; i < MAX_DAYS; i++, day = nextDay(day)) {
    const window = windowOf(day, cal, holidays);
    if (window) yield window;
  }
}

/** `start` plus `hours` of SLA time: working hours with a calendar, wall-clock hours without. */
export function addBusinessHours(start: Date, hours: number, cal: BusinessCalendar | null): Date {
  return addBusinessMs(start, hours * HOUR_MS, cal);
}

export function addBusinessMs(start: Date, ms: number, cal: BusinessCalendar | null): Date {
  const from = start.getTime();
  if (!cal) return new Date(from + ms);
  let remaining = Math.max(0, ms);
  for (const [ws, we] of windowsFrom(from, cal)) {
    if (we <= from) continue;
    const begin = Math.max(from, ws);
    if (remaining <= we - begin) return new Date(begin + remaining);
    remaining -= we - begin;
  }
  throw new Error('The calendar has no working time in the next ten years.');
}

/** SLA time between two instants (0 when `to` is not after `from`). */
export function businessMsBetween(from: Date, to: Date, cal: BusinessCalendar | null): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  if (!cal) return b - a;
  let total = 0;
  for (const [ws, we] of windowsFrom(a, cal)) {
    if (ws >= b) break;
    total += Math.max(0, Math.min(we, b) - Math.max(ws, a));
  }
  return total;
}

/** Whether an instant lies in working time (always, without a calendar). */
export function isWorkingTime(instant: Date, cal: BusinessCalendar | null): boolean {
  if (!cal) return true;
  const t = instant.getTime();
  const w = wallClock(t, cal.timezone);
  const window = windowOf({ year: w.year, month: w.month, day: w.day }, cal, new Set(cal.holidays ?? []));
  return !!window && t >= window[0] && t <= window[1];
}
