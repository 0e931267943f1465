'use client';

import { useSyncExternalStore } from 'react';
import { formatDistanceToNowStrict } from 'date-fns';

const subscribe = (onChange: () => void) => {
  const timer = setInterval(onChange, 30_000);
  return () => clearInterval(timer);
};
/** The current minute: stable between renders within a minute, null on the server. */
const currentMinute = () => Math.floor(Date.now() / 60_000);
const serverMinute = () => null;

/** "3 h ago", with the exact time in the person's locale on hover. Renders the date until hydrated. */
export function RelativeTime({ iso }: { iso: string | null | undefined }) {
  const minute = useSyncExternalStore(subscribe, currentMinute, serverMinute);
  if (!iso) return null;
  const date = new Date(iso);
  const exact = date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <time dateTime={iso} title={exact} suppressHydrationWarning>
      {minute === null ? date.toISOString().slice(0, 10) : formatDistanceToNowStrict(date, { addSuffix: true })}
    </time>
  );
}
