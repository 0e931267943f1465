'use client';

import { useFormat } from './format-provider';
import { greetingAt } from '@/lib/format';

/** "Good evening" by the clock of the person's own time zone (20:00 in Tokyo is evening, wherever the server is). */
export function Greeting() {
  const { timeZone } = useFormat();
  return <span suppressHydrationWarning>{greetingAt(new Date(), timeZone)}</span>;
}
