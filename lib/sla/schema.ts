/**
 * The SLA settings' shape (engine.md §4), one schema for the API's validation, the OpenAPI document, the
 * SDK's types and the settings form: hours per resource for approval steps and desk tasks, and an
 * optional business calendar. Every level is strict (an unknown key is a 422 naming it).
 */
import { z } from 'zod';
import { isTimeZone } from './calendar';

export const SLA_RESOURCES = ['access-requests', 'hr-requests', 'equipment', 'travel'] as const;
export type SlaResource = (typeof SLA_RESOURCES)[number];

export const DEFAULT_APPROVAL_HOURS = 48;
export const DEFAULT_TASK_HOURS = 72;
export const MIN_HOURS = 0.01;
/** A year: an SLA longer than that is a typo. */
export const MAX_HOURS = 8_760;

const hours = z
  .number({ error: 'Enter a number of hours' })
  .min(MIN_HOURS, `At least ${MIN_HOURS} h`)
  .max(MAX_HOURS, `At most ${MAX_HOURS} h (a year)`)
  .meta({ description: `Hours (fractional allowed, at least ${MIN_HOURS}).` });

const hoursByResource = z
  .strictObject({
    'access-requests': hours.optional(),
    'hr-requests': hours.optional(),
    equipment: hours.optional(),
    travel: hours.optional(),
  })
  .meta({ description: 'Hours per resource; a resource left out takes the default.' });

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time as HH:MM, e.g. 09:00');
const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD')
  .refine((value) => {
    const d = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
  }, 'Not a real date');

export const calendarSchema = z
  .strictObject({
    timezone: z.string().min(1, 'Choose a time zone').max(64).refine(isTimeZone, 'Not a known time zone (e.g. Europe/Berlin)'),
    working_days: z
      .array(z.number().int('1 (Monday) to 7 (Sunday)').min(1, '1 (Monday) to 7 (Sunday)').max(7, '1 (Monday) to 7 (Sunday)'))
      .min(1, 'At least one working day')
      .max(7)
      .refine((days) => new Set(days).size === days.length, 'Each day once')
      .meta({ description: 'ISO weekdays: 1 = Monday … 7 = Sunday.' }),
    working_hours: z
      .tuple([clockTime, clockTime])
      .refine(([start, end]) => start < end, 'The working day must end after it starts')
      .meta({ description: 'Local start and end of the working day, e.g. ["09:00", "17:00"].' }),
    holidays: z.array(isoDay).max(1000, 'At most 1000 holidays').optional().meta({ description: 'Local dates nobody works, e.g. "2026-12-25".' }),
  })
  .meta({ id: 'BusinessCalendar' });

/** What PUT accepts: the whole object (a resource left out takes the default; no calendar = 24/7). */
export const slaSettingsInput = z
  .strictObject({
    approval_hours: hoursByResource.optional(),
    task_hours: hoursByResource.optional(),
    calendar: calendarSchema.nullable().optional(),
  })
  .meta({ id: 'SlaSettingsInput' });

/** What GET (and PUT) answer: every resource's hours, defaults filled in. */
export const slaSettingsSchema = z
  .object({
    approval_hours: z.record(z.enum(SLA_RESOURCES), z.number()),
    task_hours: z.record(z.enum(SLA_RESOURCES), z.number()),
    calendar: calendarSchema.nullable(),
    updated_at: z.string().nullable().meta({ description: 'Null while the defaults apply.' }),
  })
  .meta({ id: 'SlaSettings' });

export type SlaSettingsInput = z.input<typeof slaSettingsInput>;
export type SlaSettings = z.output<typeof slaSettingsSchema>;

/** The settings with every default filled in. */
export function withDefaults(input: z.output<typeof slaSettingsInput>, updatedAt: string | null): SlaSettings {
  const fill = (given: Partial<Record<SlaResource, number>> | undefined, fallback: number) =>
    Object.fromEntries(SLA_RESOURCES.map((r) => [r, given?.[r] ?? fallback])) as Record<SlaResource, number>;
  return {
    approval_hours: fill(input.approval_hours, DEFAULT_APPROVAL_HOURS),
    task_hours: fill(input.task_hours, DEFAULT_TASK_HOURS),
    calendar: (input.calendar ?? null) as SlaSettings['calendar'],
    updated_at: updatedAt,
  };
}
