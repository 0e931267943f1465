'use client';

import { Command } from 'cmdk';
import { Search } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useLayoutEffect, useRef, useState } from 'react';
import { Kbd, SEARCH_INPUT_CLASSES, SEARCH_LABEL, SEARCH_PLACEHOLDER } from './search-box';
import { hitHref, SearchHitLine } from './search-hit';
import { useActiveDescendant } from './use-active-descendant';
import { useSearch } from './use-search';

/**
 * The top bar's search (engine.md §8): results grouped by type as you type; Enter on a result opens it,
 * Enter with none chosen opens /search with every group. cmdk gives the combobox its keyboard and ARIA.
 * Loaded after the page (search-box.tsx), it takes over from the plain field with what was typed there,
 * and the focus if the field had it.
 */
export default function LiveSearchBox({ initialQuery, focused }: { initialQuery: string; focused: boolean }) {
  const router = useRouter();
  const [q, setQ] = useState(initialQuery);
  const [open, setOpen] = useState(focused);
  const [value, setValue] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => {
    const field = input.current;
    if (!focused || !field) return;
    field.focus();
    field.setSelectionRange(field.value.length, field.value.length);
    // Only when it takes over: a later change of `focused` means nothing here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const [root, setRoot] = useState<HTMLDivElement | null>(null);
  useActiveDescendant(root);
  const { data, isFetching } = useSearch(q);
  const groups = q.trim() ? (data?.groups ?? []) : [];
  const go = (href: string) => {
    setOpen(false);
    setQ('');
    input.current?.blur();
    router.push(href);
  };
  const allResults = `all:${q}`;
  return (
    <Command
      ref={setRoot}
      shouldFilter={false}
      loop
      value={value}
      onValueChange={setValue}
      label="Search"
      className="relative hidden w-full max-w-sm md:block"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          setOpen(false);
          input.current?.blur();
        }
      }}
    >
      <form
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          if (q.trim()) go(`/search?q=${encodeURIComponent(q.trim())}`);
        }}
      >
        <Search className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-zinc-500" aria-hidden />
        <Command.Input
          ref={input}
          value={q}
          onValueChange={(next) => {
            setQ(next);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          maxLength={200}
          placeholder={SEARCH_PLACEHOLDER}
          aria-label={SEARCH_LABEL}
          data-testid="search-input"
          className={SEARCH_INPUT_CLASSES}
        />
        <Kbd />
      </form>
      {/* Always in the DOM (hidden while closed): cmdk's input names the list in aria-controls, and a
          reference to a missing element is an ARIA error for screen readers (axe aria-valid-attr-value). */}
      <Command.List
        hidden={!(open && q.trim())}
        className="absolute left-0 right-0 top-11 z-40 max-h-[70vh] overflow-y-auto rounded-lg border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-800 dark:bg-zinc-900" data-testid="search-results">
        {open && q.trim() && groups.length === 0 && (
            <Command.Empty className="px-3 py-4 text-sm text-zinc-600 dark:text-zinc-400">{isFetching || !data ? 'Searching…' : `Nothing you can see matches “${q.trim()}”.`}</Command.Empty>
          )}
          {groups.map((group) => (
            <Command.Group key={group.type} heading={group.label} className="[&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:pb-1 [&_[cmdk-group-heading]]:pt-2 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-semibold [&_[cmdk-group-heading]]:text-zinc-600 dark:[&_[cmdk-group-heading]]:text-zinc-400">
              {group.data.map((hit) => (
                <Command.Item
                  key={`${group.type}:${hit.id}`}
                  value={`${group.type}:${hit.id}`}
                  onMouseDown={(event) => event.preventDefault()}
                  onSelect={() => go(hitHref(hit))}
                  className="flex cursor-pointer items-center rounded-md px-2 py-1.5 data-[selected=true]:bg-zinc-100 dark:data-[selected=true]:bg-zinc-800"
                >
                  <SearchHitLine hit={hit} />
                </Command.Item>
              ))}
            </Command.Group>
          ))}
          {groups.length > 0 && (
            <Command.Item
              value={allResults}
              onMouseDown={(event) => event.preventDefault()}
              onSelect={() => go(`/search?q=${encodeURIComponent(q.trim())}`)}
              className="mt-1 flex cursor-pointer items-center rounded-md border-t border-zinc-100 px-2 py-2 text-sm text-accent-700 data-[selected=true]:bg-zinc-100 dark:border-zinc-800 dark:text-accent-100 dark:data-[selected=true]:bg-zinc-800"
            >
              See all results for “{q.trim()}”
            </Command.Item>
          )}
      </Command.List>
    </Command>
  );
}
