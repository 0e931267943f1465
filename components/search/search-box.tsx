'use client';

import { Search } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState, type ComponentType } from 'react';
import { whenIdle } from '@/components/ui/when-idle';

type Live = ComponentType<{ initialQuery: string; focused: boolean }>;
const loadLive = () => import('./search-box-live');

/** The field's look, shared by the plain field and the live search box (search-box-live.tsx). */
export const SEARCH_INPUT_CLASSES =
  'h-9 w-full rounded-md border border-zinc-300 bg-white pl-8 pr-14 text-sm placeholder:text-zinc-500 focus:border-accent-500 focus:outline-none focus:ring-2 focus:ring-accent-500/30 dark:border-zinc-700 dark:bg-zinc-900';
export const SEARCH_PLACEHOLDER = 'Search requests, people, ids…';
export const SEARCH_LABEL = 'Search requests, people and ids';

/**
 * The top bar's search. The page's first load carries only this plain field (issue 13: the shell's
 * first-load JavaScript); the live search box — cmdk's combobox, results as you type — is fetched once the
 * page is idle, or as soon as the field is focused, and takes over with what was typed and the focus.
 * Enter before then searches as it always does (/search).
 */
export function SearchBox() {
  const router = useRouter();
  const [LiveBox, setLiveBox] = useState<Live | null>(null);
  const [q, setQ] = useState('');
  const [focused, setFocused] = useState(false);
  const load = useCallback(() => {
    void loadLive().then((module) => setLiveBox(() => module.default));
  }, []);
  useEffect(() => whenIdle(load), [load]);

  if (LiveBox) return <LiveBox initialQuery={q} focused={focused} />;
  return (
    <div className="relative hidden w-full max-w-sm md:block">
      <form
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          if (q.trim()) router.push(`/search?q=${encodeURIComponent(q.trim())}`);
        }}
      >
        <Search className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-zinc-500" aria-hidden />
        <input
          value={q}
          onChange={(event) => setQ(event.target.value)}
          onFocus={() => {
            setFocused(true);
            load();
          }}
          onBlur={() => setFocused(false)}
          maxLength={200}
          placeholder={SEARCH_PLACEHOLDER}
          aria-label={SEARCH_LABEL}
          data-testid="search-input"
          className={SEARCH_INPUT_CLASSES}
        />
        <Kbd />
      </form>
    </div>
  );
}

/** The shortcut hint at the field's end. */
export function Kbd() {
  return (
    <kbd className="pointer-events-none absolute right-2 top-1/2 -translate-y-1/2 rounded border border-zinc-300 px-1.5 font-sans text-[11px] text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
      Ctrl K
    </kbd>
  );
}
