/**
 * The one formatter of the screens (lib/format.ts, engine.md §8): dates, times, SLA words and money in the
 * person's locale and zone — a German reader in Tokyo reads German formats and Tokyo's clock — and the
 * English duration words of emails.
 */
import { describe, expect, it } from 'vitest';
import { localDate, startOfLocalDay } from '@/lib/sla/calendar';
import { durationWords, formatCalendar, formatDue, formatterFor, instantFromWallTime, wallTimeIn } from '@/lib/format';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY = 24 * HOUR;

describe('SLA words on a screen', () => {
  it('read as whole English words in an English locale', () => {
    expect(formatDue(3 * HOUR, 'en-US')).toBe('due in 3 hours');
    expect(formatDue(-2 * HOUR, 'en-GB')).toBe('overdue by 2 hours');
    expect(formatDue(25 * MINUTE, 'en-US')).toBe('due in 25 minutes');
    expect(formatDue(-1 * MINUTE, 'en-US')).toBe('overdue by 1 minute');
    expect(formatDue(10 * DAY, 'en-US')).toBe('due in 10 days');
  });

  it('put the time part in the person’s locale', () => {
    expect(formatDue(10 * DAY, 'de-DE')).toBe('due in 10 Tagen');
    expect(formatDue(3 * HOUR, 'de-DE')).toBe('due in 3 Stunden');
    expect(formatDue(-4 * DAY, 'de-DE')).toBe('overdue by 4 Tage');
    expect(formatDue(2 * HOUR, 'fr-FR')).toBe('due dans 2 heures');
  });

  it('round as people do: minutes under an hour, hours under two days, then days; never “0 minutes”', () => {
    expect(formatDue(0, 'en-US')).toBe('due in 1 minute');
    expect(formatDue(59.6 * MINUTE, 'en-US')).toBe('due in 1 hour');
    expect(formatDue(47 * HOUR, 'en-US')).toBe('due in 47 hours');
    expect(formatDue(48 * HOUR, 'en-US')).toBe('due in 2 days');
  });

  it('stay short English words in emails, with the same rounding', () => {
    expect(durationWords(12 * MINUTE)).toBe('12 min');
    expect(durationWords(59.6 * MINUTE)).toBe('1 h');
    expect(durationWords(3 * HOUR)).toBe('3 h');
    expect(durationWords(4 * DAY)).toBe('4 days');
  });
});

describe('a moment as a person says it', () => {
  // Tuesday 1 December 2026, 10:00 in Tokyo (01:00 UTC).
  const now = Date.parse('2026-12-01T01:00:00Z');
  const tokyoDe = { locale: 'de-DE', timeZone: 'Asia/Tokyo' };
  const utcEn = { locale: 'en-GB', timeZone: 'UTC' };

  it('counts days in the person’s zone, not the machine’s', () => {
    // 23:30 UTC on 30 November is already 1 December, 08:30, in Tokyo.
    expect(formatCalendar('2026-11-30T23:30:00Z', now, tokyoDe)).toBe('heute 08:30');
    expect(formatCalendar('2026-11-30T23:30:00Z', now, utcEn)).toBe('yesterday');
    expect(formatCalendar('2026-11-30T23:30:00Z', now, utcEn, true)).toBe('yesterday 23:30');
  });

  it('names nearby days by weekday and farther ones by date, with the year only when it differs', () => {
    expect(formatCalendar('2026-12-03T08:00:00Z', now, utcEn, true)).toBe('Thursday 08:00');
    expect(formatCalendar('2026-12-03T08:00:00Z', now, tokyoDe)).toBe('Donnerstag');
    expect(formatCalendar('2026-12-02T08:00:00Z', now, tokyoDe)).toBe('morgen');
    expect(formatCalendar('2026-12-20T08:00:00Z', now, utcEn)).toBe('20 Dec');
    expect(formatCalendar('2027-01-20T08:00:00Z', now, utcEn)).toBe('20 Jan 2027');
  });
});

describe('the formatter bound to a person', () => {
  it('formats dates, times and money in their locale, zone and the tenant’s currency', () => {
    const format = formatterFor({ locale: 'de-DE', timeZone: 'Asia/Tokyo', currency: 'USD' });
    expect(format.dateTime('2026-12-01T09:00:00Z')).toBe('01.12.2026, 18:00');
    expect(format.date('2026-12-01T20:00:00Z')).toBe('02.12.2026');
    expect(format.date('2026-12-01')).toBe('01.12.2026');
    expect(format.money(4200)).toBe('4.200,00\u00a0$');
    expect(format.relative('2026-11-28T09:00:00Z', Date.parse('2026-12-01T09:00:00Z'))).toBe('vor 3 Tagen');
    expect(format.due(-2 * HOUR)).toBe('overdue by 2 Stunden');
    expect(format.weekday('2026-12-04T20:00:00Z')).toBe('Samstag, 5. Dez.');
    expect(format.threshold(2000)).toBe('2.000\u00a0$');
    expect(format.threshold(2000.5)).toBe('2.000,50\u00a0$');
  });

  it('marks UTC where nobody has chosen a zone, so no one mistakes it for local time', () => {
    const format = formatterFor();
    expect(format.dateTime('2026-12-01T09:00:00Z')).toBe('Dec 1, 2026, 9:00 AM UTC');
  });
});

describe('a date and time typed in a form', () => {
  it('shows and reads wall time in the person’s zone, not the computer’s', () => {
    expect(wallTimeIn('2026-12-30T09:00:00Z', 'Asia/Tokyo')).toBe('2026-12-30T18:00');
    expect(instantFromWallTime('2026-12-30T18:00', 'Asia/Tokyo')).toBe('2026-12-30T09:00:00.000Z');
    expect(wallTimeIn('2026-12-30T23:30:00Z', 'UTC')).toBe('2026-12-30T23:30');
    expect(wallTimeIn('not a date', 'UTC')).toBe('');
  });

  it('goes through daylight saving: summer and winter offsets, and a time the clocks skip moves on by the hour skipped (02:30 reads as 03:30)', () => {
    expect(instantFromWallTime('2027-07-01T09:00', 'Europe/Berlin')).toBe('2027-07-01T07:00:00.000Z');
    expect(instantFromWallTime('2027-01-15T09:00', 'Europe/Berlin')).toBe('2027-01-15T08:00:00.000Z');
    expect(instantFromWallTime('2027-03-28T02:30', 'Europe/Berlin')).toBe('2027-03-28T01:30:00.000Z');
    for (const iso of ['2027-03-28T00:59:00.000Z', '2027-03-28T01:00:00.000Z', '2027-06-30T22:15:00.000Z']) {
      expect(instantFromWallTime(wallTimeIn(iso, 'Europe/Berlin'), 'Europe/Berlin')).toBe(iso);
    }
  });

  it('refuses what is not a date and time', () => {
    expect(instantFromWallTime('tomorrow', 'UTC')).toBeNull();
    expect(instantFromWallTime('2026-13-01T10:00', 'UTC')).toBeNull();
  });
});

describe('a day chosen in a date input', () => {
  it('starts and ends at midnight in the person’s zone', () => {
    expect(startOfLocalDay('2026-12-01', 'Asia/Tokyo')).toBe('2026-11-30T15:00:00.000Z');
    expect(startOfLocalDay('2026-12-01', 'Asia/Tokyo', 1)).toBe('2026-12-01T15:00:00.000Z');
    // The day the clocks go forward in Berlin has 23 hours.
    expect(Date.parse(startOfLocalDay('2027-03-28', 'Europe/Berlin', 1)) - Date.parse(startOfLocalDay('2027-03-28', 'Europe/Berlin'))).toBe(23 * HOUR);
    expect(localDate(Date.parse('2026-11-30T15:00:00Z'), 'Asia/Tokyo')).toBe('2026-12-01');
  });
});
