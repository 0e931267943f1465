'use client';

import { useSyncExternalStore } from 'react';

const subscribe = (onChange: () => void) => {
  const timer = setInterval(onChange, 60_000);
  return () => clearInterval(timer);
};
const currentMinute = () => Math.floor(Date.now() / 60_000);
const serverMinute = () => null;

const DAY_MS = 86_400_000;

function startOfDay(d: Date): number {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/**
 * A moment as a person says it, relative to now and in their locale: "today 14:00", "yesterday",
 * "Tuesday", "Thursday 17:00", "12 Dec 17:00" (engine.md §4: "with Bob since Tuesday, expected by
 * Thursday 17:00"). `withTime` adds the time of day. Renders the ISO date until hydrated; exact on hover.
 */
export function CalendarTime({ iso, withTime = false }: { iso: string; withTime?: boolean }) {
  const minute = useSyncExternalStore(subscribe, currentMinute, serverMinute);
  const date = new Date(iso);
  const exact = date.toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'short' });
  let words = iso.slice(0, 10);
  if (minute !== null) {
    const now = new Date(minute * 60_000);
    const days = Math.round((startOfDay(date) - startOfDay(now)) / DAY_MS);
    const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
    let day: string;
    if (days === 0) day = 'today';
    else if (days === -1) day = 'yesterday';
    else if (days === 1) day = 'tomorrow';
    else if (Math.abs(days) < 7) day = date.toLocaleDateString(undefined, { weekday: 'long' });
    else day = date.toLocaleDateString(undefined, { day: 'numeric', month: 'short', ...(date.getFullYear() !== now.getFullYear() ? { year: 'numeric' } : {}) });
    words = withTime || days === 0 ? `${day} ${time}` : day;
  }
  return (
    <time dateTime={iso} title={exact} suppressHydrationWarning>
      {words}
    </time>
  );
}
