'use client';

import { useSyncExternalStore } from 'react';
import { useFormat } from '@/components/shell/format-provider';

const subscribe = (onChange: () => void) => {
  const timer = setInterval(onChange, 60_000);
  return () => clearInterval(timer);
};
const currentMinute = () => Math.floor(Date.now() / 60_000);
const serverMinute = () => null;

/**
 * A moment as a person says it, relative to today in their zone and in their locale: "today 14:00",
 * "yesterday", "Tuesday", "Thursday 17:00", "12 Dec 17:00" (engine.md §4: "with Bob since Tuesday, expected
 * by Thursday 17:00"). `withTime` adds the time of day. Renders the date until hydrated; the full moment on hover.
 */
export function CalendarTime({ iso, withTime = false }: { iso: string; withTime?: boolean }) {
  const minute = useSyncExternalStore(subscribe, currentMinute, serverMinute);
  const format = useFormat();
  return (
    <time dateTime={iso} title={format.fullDateTime(iso)} suppressHydrationWarning>
      {minute === null ? (withTime ? format.dateTime(iso) : format.date(iso)) : format.calendar(iso, minute * 60_000, withTime)}
    </time>
  );
}
