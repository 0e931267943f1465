'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { SearchResult } from '@/lib/search/search';

/** `value` once it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms = 180): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

async function fetchSearch(q: string, signal: AbortSignal): Promise<SearchResult> {
  const response = await fetch(`/api/v1/search?q=${encodeURIComponent(q)}&limit=5`, { headers: { accept: 'application/json' }, signal, cache: 'no-store' });
  if (!response.ok) throw new Error(`Search failed (${response.status})`);
  return (await response.json()) as SearchResult;
}

/** GET /api/v1/search as you type (debounced; nothing for an empty query). */
export function useSearch(q: string) {
  const settled = useDebounced(q.trim().slice(0, 200));
  return useQuery({
    queryKey: ['search', settled],
    queryFn: ({ signal }) => fetchSearch(settled, signal),
    enabled: settled.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}
