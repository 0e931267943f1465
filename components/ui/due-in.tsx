'use client';

import { useSyncExternalStore } from 'react';
import { useFormat } from '@/components/shell/format-provider';

const TICK_MS = 10_000;
const subscribe = (onChange: () => void) => {
  const timer = setInterval(onChange, TICK_MS);
  return () => clearInterval(timer);
};
/** The current 10-second tick: stable between renders within it (so a short SLA is seen to run out), null on the server. */
const currentTick = () => Math.floor(Date.now() / TICK_MS);
const serverTick = () => null;

/**
 * "due in 3 hours" / "overdue by 2 hours" (engine.md §4) with the time in the person's locale ("due in 3
 * Stunden"), live to ten seconds, the exact due time in their locale and zone on hover. Renders the exact
 * time until hydrated (the server does not know the browser's clock to the second).
 */
export function DueIn({ iso, capitalize = false, onlyOverdue = false }: { iso: string; capitalize?: boolean; onlyOverdue?: boolean }) {
  const tick = useSyncExternalStore(subscribe, currentTick, serverTick);
  const format = useFormat();
  const due = new Date(iso);
  // The exact time in the person's own locale and zone (the same formatter as every other date on screen).
  const exact = format.dateTime(iso);
  let words = `due ${exact}`;
  const left = tick === null ? null : due.getTime() - tick * TICK_MS;
  if (left !== null) words = format.due(left);
  // Beside a due time already shown: only the overdue part, in red ("… 17:00 (overdue by 2 hours)").
  if (onlyOverdue) {
    if (left === null || left >= 0) return null;
    return <span className="font-medium text-red-700 dark:text-red-400" data-testid="overdue"> ({words})</span>;
  }
  return (
    <time dateTime={iso} title={`Due ${exact}`} data-due suppressHydrationWarning>
      {capitalize ? words.charAt(0).toUpperCase() + words.slice(1) : words}
    </time>
  );
}
