'use client';

import { useId, useMemo, useState } from 'react';
import { inputClasses } from '@/components/ui/field';

export interface PickablePerson {
  id: string;
  name: string;
  email: string;
  active?: boolean;
}

/**
 * Choose several people: a filter box over a list of checkboxes (keyboard: Tab into the list, Space to
 * toggle). Chosen people show first, so a long directory never hides who is already in.
 */
export function PeoplePicker({
  legend,
  help,
  people,
  value,
  onChange,
  error,
}: {
  legend: string;
  help?: string;
  people: PickablePerson[];
  value: string[];
  onChange: (ids: string[]) => void;
  error?: string;
}) {
  const id = useId();
  const [filter, setFilter] = useState('');
  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase();
    const matches = people.filter((p) => !q || p.name.toLowerCase().includes(q) || p.email.toLowerCase().includes(q));
    return [...matches.filter((p) => value.includes(p.id)), ...matches.filter((p) => !value.includes(p.id))];
  }, [people, filter, value]);
  const toggle = (personId: string, on: boolean) => onChange(on ? [...value, personId] : value.filter((v) => v !== personId));

  return (
    <fieldset aria-describedby={[help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}>
      <legend className="text-sm font-medium text-zinc-900 dark:text-zinc-100">
        {legend} <span className="font-normal text-zinc-500 dark:text-zinc-400">({value.length} chosen)</span>
      </legend>
      <input
        type="search"
        aria-label={`Filter ${legend.toLowerCase()}`}
        placeholder="Filter by name or email"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        className={`${inputClasses} mt-1`}
      />
      <div className="mt-2 max-h-48 space-y-0.5 overflow-y-auto rounded-md border border-zinc-200 p-1 dark:border-zinc-800">
        {shown.length === 0 && <p className="px-2 py-1.5 text-sm text-zinc-500 dark:text-zinc-400">No one matches “{filter}”.</p>}
        {shown.map((person) => (
          <label key={person.id} className="flex cursor-pointer items-center gap-2 rounded px-2 py-1 text-sm hover:bg-zinc-50 dark:hover:bg-zinc-900">
            <input type="checkbox" checked={value.includes(person.id)} onChange={(e) => toggle(person.id, e.target.checked)} className="size-3.5 accent-accent-600" />
            <span className="text-zinc-900 dark:text-zinc-100">{person.name}</span>
            <span className="truncate text-xs text-zinc-500 dark:text-zinc-400">{person.email}</span>
            {person.active === false && <span className="text-xs text-zinc-500 dark:text-zinc-400">(deactivated)</span>}
          </label>
        ))}
      </div>
      {help && <p id={`${id}-help`} className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">{help}</p>}
      {error && <p id={`${id}-error`} className="mt-1 text-sm text-red-700 dark:text-red-400">{error}</p>}
    </fieldset>
  );
}

/** Server field errors by field name (the first segment of the path: `member_ids.2` → `member_ids`). */
export function errorsByField(errors: { path: string; message: string }[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const error of errors ?? []) out[error.path.split('.')[0]] ??= error.message;
  return out;
}
