'use client';

import { useSyncExternalStore } from 'react';
import { useFormat } from '@/components/shell/format-provider';

const subscribe = (onChange: () => void) => {
  const timer = setInterval(onChange, 30_000);
  return () => clearInterval(timer);
};
/** The current minute: stable between renders within a minute, null on the server. */
const currentMinute = () => Math.floor(Date.now() / 60_000);
const serverMinute = () => null;

/** "3 h ago", with the exact time in the person's locale and zone on hover. Renders the date until hydrated. */
export function RelativeTime({ iso }: { iso: string | null | undefined }) {
  const minute = useSyncExternalStore(subscribe, currentMinute, serverMinute);
  const format = useFormat();
  if (!iso) return null;
  return (
    <time dateTime={iso} title={format.dateTime(iso)} suppressHydrationWarning>
      {minute === null ? format.date(iso) : format.relative(iso, minute * 60_000)}
    </time>
  );
}
