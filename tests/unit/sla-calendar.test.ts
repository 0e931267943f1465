/**
 * The business calendar (lib/sla/calendar.ts, engine.md §4): properties over random instants and
 * durations, and the daylight-saving changes of Europe/Berlin.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessHours, businessMsBetween, isWorkingTime, type BusinessCalendar } from '@/lib/sla/calendar';

const berlin: BusinessCalendar = {
  timezone: 'Europe/Berlin', working_days: [1, 2, 3, 4, 5], working_hours: ['09:00', '17:00'], holidays: ['2026-12-24', '2026-12-25', '2027-03-29'],
};
const start = fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true });
const hours = fc.double({ min: 0.01, max: 200, noNaN: true });

describe('business calendar', () => {
  it('adding hours never lands outside working time, and counts exactly the hours added', () => {
    fc.assert(
      fc.property(start, hours, (from, h) => {
        const due = addBusinessHours(from, h, berlin);
        expect(isWorkingTime(due, berlin)).toBe(true);
        expect(Math.abs(businessMsBetween(from, due, berlin) - h * 3_600_000)).toBeLessThan(2);
        expect(due.getTime()).toBeGreaterThan(from.getTime());
      }),
      { numRuns: 300 },
    );
  });

  it('is monotonic and additive: a + b hours is a hours then b hours', () => {
    fc.assert(
      fc.property(start, hours, hours, (from, a, b) => {
        const both = addBusinessHours(from, a + b, berlin).getTime();
        const stepped = addBusinessHours(addBusinessHours(from, a, berlin), b, berlin).getTime();
        expect(Math.abs(both - stepped)).toBeLessThan(2);
      }),
      { numRuns: 200 },
    );
  });

  it('never counts a holiday or a weekend', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 23 }), (hour) => {
        const onHoliday = new Date(Date.UTC(2026, 11, 25, hour, 30));
        expect(isWorkingTime(onHoliday, berlin)).toBe(false);
        expect(businessMsBetween(new Date('2026-12-24T00:00:00Z'), new Date('2026-12-26T00:00:00Z'), berlin)).toBe(0);
      }),
    );
    // Wednesday 23 Dec 16:00 + 2 h: the 24th and 25th are holidays, then the weekend → Monday 28 Dec 10:00 Berlin.
    expect(addBusinessHours(new Date('2026-12-23T15:00:00Z'), 2, berlin).toISOString()).toBe('2026-12-28T09:00:00.000Z');
  });

  it('keeps the working day on the wall clock across the DST changes in Europe/Berlin', () => {
    // Friday 27 March 2026 16:00 CET + 2 h → Monday 30 March 10:00 CEST (08:00Z): the clocks went forward on Sunday.
    expect(addBusinessHours(new Date('2026-03-27T15:00:00Z'), 2, berlin).toISOString()).toBe('2026-03-30T08:00:00.000Z');
    // Friday 23 October 2026 16:00 CEST + 2 h → Monday 26 October 10:00 CET (09:00Z): back on Sunday.
    expect(addBusinessHours(new Date('2026-10-23T14:00:00Z'), 2, berlin).toISOString()).toBe('2026-10-26T09:00:00.000Z');
    // A calendar that works Sundays, through the night of the change: the window is 8 wall-clock hours both days.
    const sundays: BusinessCalendar = { ...berlin, working_days: [7], working_hours: ['00:00', '08:00'] };
    expect(businessMsBetween(new Date('2026-03-28T00:00:00Z'), new Date('2026-03-30T00:00:00Z'), sundays)).toBe(7 * 3_600_000);
    expect(businessMsBetween(new Date('2026-10-24T00:00:00Z'), new Date('2026-10-26T00:00:00Z'), sundays)).toBe(9 * 3_600_000);
  });

  it('without a calendar, the clock runs 24/7', () => {
    expect(addBusinessHours(new Date('2026-12-25T10:00:00Z'), 0.01, null).toISOString()).toBe('2026-12-25T10:00:36.000Z');
  });
});
