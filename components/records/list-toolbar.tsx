'use client';

import { Download, Search, X } from 'lucide-react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState, useTransition } from 'react';
import { humanize } from '@/lib/format';
import { buttonClasses } from '@/components/ui/button';
import { inputClasses } from '@/components/ui/field';
import type { FilterOption } from './schema-fields';

/**
 * A compact select sized by its content: no fixed height (a fixed height under the field's own padding
 * clipped the text, "Anv" for "Any"), as wide as its longest option plus the arrow.
 */
const selectClasses =
  'block w-auto min-w-0 rounded-md border border-zinc-300 bg-white py-1 pl-2.5 pr-8 text-sm leading-6 shadow-xs focus:border-accent-500 focus:outline-none focus:ring-2 focus:ring-accent-500/30 dark:border-zinc-700 dark:bg-zinc-900';

const SCOPES = [
  { value: 'mine', label: 'Mine' },
  { value: 'all', label: 'All I can see' },
  // The requests you withdrew (lib/operations/withdrawn.ts), read-only.
  { value: 'withdrawn', label: 'Withdrawn' },
] as const;

/**
 * Search, scope and filters of a list, kept in the URL: every change is a new history entry (Back undoes it).
 * `withdrawnView`: the list of a request type offers its Withdrawn view beside Mine and All.
 */
export function ListToolbar({ filters, exportHref, plural, withdrawnView = false }: { filters: FilterOption[]; exportHref: string; plural: string; withdrawnView?: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [pending, startTransition] = useTransition();
  const scopes = SCOPES.filter((s) => withdrawnView || s.value !== 'withdrawn');
  const scope = scopes.find((s) => s.value === searchParams.get('scope'))?.value ?? 'mine';

  const urlQ = searchParams.get('q') ?? '';

  function apply(changes: Record<string, string | null>) {
    const next = new URLSearchParams(searchParams.toString());
    next.delete('cursor');
    next.delete('back');
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === '') next.delete(key);
      else next.set(key, value);
    }
    const query = next.toString();
    startTransition(() => router.push(query ? `${pathname}?${query}` : pathname, { scroll: false }));
  }

  const active = filters.some((f) => searchParams.get(f.name)) || !!urlQ;

  return (
    <div className="mb-4 flex flex-col gap-3" aria-busy={pending}>
      <div className="flex flex-wrap items-center gap-2">
        <SearchBox key={urlQ} initial={urlQ} plural={plural} onSearch={(value) => apply({ q: value || null })} />
        <div role="group" aria-label="Whose requests" className="inline-flex rounded-md border border-zinc-300 p-0.5 dark:border-zinc-700">
          {scopes.map(({ value, label }) => (
            <button
              key={value}
              type="button"
              aria-pressed={scope === value}
              onClick={() => apply({ scope: value === 'mine' ? null : value })}
              className={`rounded px-2.5 py-1 text-sm font-medium ${
                scope === value ? 'bg-zinc-900 text-white dark:bg-white dark:text-zinc-900' : 'text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800'
              }`}
            >
              {label}
            </button>
          ))}
        </div>
        <a href={exportHref} className={buttonClasses('secondary', 'md')} download>
          <Download className="size-4" aria-hidden /> Export CSV
        </a>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {filters.map((filter) => (
          <div key={filter.name} className="flex items-center gap-1.5">
            <label htmlFor={`filter-${filter.name}`} className="whitespace-nowrap text-sm text-zinc-600 dark:text-zinc-400">
              {filter.label}
            </label>
            <select
              id={`filter-${filter.name}`}
              value={searchParams.get(filter.name) ?? ''}
              onChange={(event) => apply({ [filter.name]: event.target.value })}
              className={selectClasses}
            >
              <option value="">Any</option>
              {filter.options.map((option) => (
                <option key={option} value={option}>
                  {humanize(option)}
                </option>
              ))}
            </select>
          </div>
        ))}
        {active && (
          <button
            type="button"
            onClick={() => {
              apply(Object.fromEntries([...filters.map((f) => [f.name, null]), ['q', null]]));
            }}
            className={buttonClasses('ghost', 'sm')}
          >
            <X className="size-4" aria-hidden /> Clear filters
          </button>
        )}
        {pending && <span className="text-xs text-zinc-500 dark:text-zinc-400" role="status">Updating…</span>}
      </div>
    </div>
  );
}

function SearchBox({ initial, plural, onSearch }: { initial: string; plural: string; onSearch: (value: string) => void }) {
  const [q, setQ] = useState(initial);
  return (
    <form
      role="search"
      className="relative min-w-56 flex-1"
      onSubmit={(event) => {
        event.preventDefault();
        onSearch(q.trim());
      }}
    >
      <Search className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-zinc-400" aria-hidden />
      <label htmlFor="list-search" className="sr-only">
        Search {plural.toLowerCase()}
      </label>
      <input
        id="list-search"
        type="search"
        value={q}
        onChange={(event) => setQ(event.target.value)}
        onBlur={() => q.trim() !== initial && onSearch(q.trim())}
        placeholder={`Search ${plural.toLowerCase()}…`}
        className={`${inputClasses} h-9 pl-8`}
      />
    </form>
  );
}
