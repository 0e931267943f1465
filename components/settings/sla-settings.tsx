'use client';

import { Loader2 } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import { saveSlaSettingsAction } from '@/lib/actions/sla';
import { useFormat } from '@/components/shell/format-provider';
import { Button } from '@/components/ui/button';
import { Field, inputClasses } from '@/components/ui/field';
import { FormAlert } from '@/components/records/form-alert';
import type { SlaSettings } from '@/lib/sla/schema';

const RESOURCES = [
  { key: 'access-requests', label: 'Access requests' },
  { key: 'hr-requests', label: 'HR requests' },
  { key: 'equipment', label: 'Equipment' },
  { key: 'travel', label: 'Travel' },
] as const;
const DAYS = [
  [1, 'Mon'], [2, 'Tue'], [3, 'Wed'], [4, 'Thu'], [5, 'Fri'], [6, 'Sat'], [7, 'Sun'],
] as const;

type Hours = Record<string, string>;

function hoursOf(values: Record<string, number>): Hours {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)]));
}

function numberOrText(raw: string): number | string {
  const n = Number(raw.trim().replace(',', '.'));
  return raw.trim() !== '' && Number.isFinite(n) ? n : raw;
}

/**
 * The SLA section of /settings (engine.md §4): hours per request type for approval steps and desk tasks,
 * and an optional business calendar (time zone, working days and hours, holidays). Saving replaces the
 * whole object (PUT /settings/sla); errors show under their field.
 */
export function SlaSettingsForm({ initial }: { initial: SlaSettings }) {
  const router = useRouter();
  const [approval, setApproval] = useState<Hours>(hoursOf(initial.approval_hours));
  const [task, setTask] = useState<Hours>(hoursOf(initial.task_hours));
  const [useCalendar, setUseCalendar] = useState(!!initial.calendar);
  // A new calendar starts in the admin's own zone (their setting, the same on the server and in the browser).
  const { timeZone: ownZone } = useFormat();
  const [timezone, setTimezone] = useState(initial.calendar?.timezone ?? ownZone);
  const [days, setDays] = useState<number[]>(initial.calendar?.working_days ?? [1, 2, 3, 4, 5]);
  const [start, setStart] = useState(initial.calendar?.working_hours[0] ?? '09:00');
  const [end, setEnd] = useState(initial.calendar?.working_hours[1] ?? '17:00');
  const [holidays, setHolidays] = useState((initial.calendar?.holidays ?? []).join('\n'));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function save(event: React.FormEvent) {
    event.preventDefault();
    if (saving) return;
    setSaving(true);
    setErrors({});
    setFailure(null);
    const body = {
      approval_hours: Object.fromEntries(Object.entries(approval).map(([k, v]) => [k, numberOrText(v)])),
      task_hours: Object.fromEntries(Object.entries(task).map(([k, v]) => [k, numberOrText(v)])),
      calendar: useCalendar
        ? { timezone: timezone.trim(), working_days: [...days].sort((a, b) => a - b), working_hours: [start, end], holidays: holidays.split(/[\s,]+/).filter(Boolean) }
        : null,
    };
    const result = await saveSlaSettingsAction(body);
    setSaving(false);
    if (result.ok) {
      toast.success('SLA settings saved', { description: 'New steps and tasks use them; running clocks keep their due times.' });
      router.refresh();
      return;
    }
    const byField: Record<string, string> = {};
    for (const e of result.errors ?? []) {
      // calendar.holidays.2 → the holidays field; calendar.working_days.0 → the days.
      const key = e.path.split('.').slice(0, 2).join('.');
      byField[key] ??= e.message;
    }
    setErrors(byField);
    if (Object.keys(byField).length === 0) setFailure(result.error);
  }

  const hoursInput = (group: 'approval_hours' | 'task_hours', values: Hours, set: (v: Hours) => void) =>
    RESOURCES.map(({ key, label }) => {
      const id = `sla-${group}-${key}`;
      const error = errors[`${group}.${key}`];
      return (
        <Field key={key} id={id} label={label} error={error}>
          <div className="flex items-center gap-2">
            <input
              id={id}
              inputMode="decimal"
              className={`${inputClasses} w-28`}
              value={values[key] ?? ''}
              onChange={(e) => set({ ...values, [key]: e.target.value })}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
            />
            <span className="text-sm text-zinc-600 dark:text-zinc-400">hours</span>
          </div>
        </Field>
      );
    });

  return (
    <form onSubmit={save} noValidate className="space-y-6" data-testid="sla-settings">
      {failure && <FormAlert title="Not saved" detail={failure} />}
      <fieldset>
        <legend className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">Approval steps</legend>
        <p className="mb-3 text-xs text-zinc-600 dark:text-zinc-400">Time each approver has for their step. Reminder at half the time; at the end it is overdue and their manager is told.</p>
        <div className="grid grid-cols-2 gap-4 sm:grid-cols-4">{hoursInput('approval_hours', approval, setApproval)}</div>
      </fieldset>
      <fieldset>
        <legend className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">Desk tasks</legend>
        <p className="mb-3 text-xs text-zinc-600 dark:text-zinc-400">Time the desk has once a request is approved. Fractions are fine (0.25 = 15 minutes; at least 0.01).</p>
        <div className="grid grid-cols-2 gap-4 sm:grid-cols-4">{hoursInput('task_hours', task, setTask)}</div>
      </fieldset>
      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">Business calendar</legend>
        <label className="flex items-center gap-2 text-sm text-zinc-800 dark:text-zinc-200">
          <input type="checkbox" checked={useCalendar} onChange={(e) => setUseCalendar(e.target.checked)} className="size-4 rounded border-zinc-300" />
          Count working hours only (otherwise the clock runs around the clock, every day)
        </label>
        {useCalendar && (
          <div className="grid gap-4 sm:grid-cols-2">
            <Field id="sla-timezone" label="Time zone" help="An IANA name, e.g. Europe/Berlin" error={errors['calendar.timezone']} required>
              <input id="sla-timezone" className={inputClasses} value={timezone} onChange={(e) => setTimezone(e.target.value)} aria-invalid={errors['calendar.timezone'] ? true : undefined} aria-describedby={errors['calendar.timezone'] ? 'sla-timezone-error' : 'sla-timezone-help'} />
            </Field>
            <div>
              <span className="block text-sm font-medium text-zinc-900 dark:text-zinc-100" id="sla-days-label">Working days</span>
              <div className="mt-1 flex flex-wrap gap-2" role="group" aria-labelledby="sla-days-label">
                {DAYS.map(([day, label]) => (
                  <label key={day} className="flex items-center gap-1 text-sm text-zinc-800 dark:text-zinc-200">
                    <input type="checkbox" className="size-4 rounded border-zinc-300" checked={days.includes(day)} onChange={(e) => setDays(e.target.checked ? [...days, day] : days.filter((d) => d !== day))} />
                    {label}
                  </label>
                ))}
              </div>
              {errors['calendar.working_days'] && <p className="mt-1 text-sm text-red-700 dark:text-red-400">{errors['calendar.working_days']}</p>}
            </div>
            <Field id="sla-start" label="Working hours" error={errors['calendar.working_hours']}>
              <div className="flex items-center gap-2">
                <input id="sla-start" type="time" className={`${inputClasses} w-32`} value={start} onChange={(e) => setStart(e.target.value)} aria-label="Start of the working day" />
                <span className="text-sm text-zinc-600 dark:text-zinc-400">to</span>
                <input type="time" className={`${inputClasses} w-32`} value={end} onChange={(e) => setEnd(e.target.value)} aria-label="End of the working day" />
              </div>
            </Field>
            <Field id="sla-holidays" label="Holidays" help="One date per line (YYYY-MM-DD); nobody works on these days." error={errors['calendar.holidays']}>
              <textarea id="sla-holidays" rows={3} className={inputClasses} value={holidays} onChange={(e) => setHolidays(e.target.value)} placeholder="2026-12-25" aria-invalid={errors['calendar.holidays'] ? true : undefined} aria-describedby={errors['calendar.holidays'] ? 'sla-holidays-error' : 'sla-holidays-help'} />
            </Field>
          </div>
        )}
      </fieldset>
      <div className="flex justify-end">
        <Button type="submit" variant="primary" disabled={saving}>
          {saving && <Loader2 className="size-4 animate-spin" aria-hidden />}
          {saving ? 'Saving…' : 'Save SLA settings'}
        </Button>
      </div>
    </form>
  );
}
