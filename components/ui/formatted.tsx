'use client';

import { useFormat } from '@/components/shell/format-provider';

/** A date and time in the person's locale and time zone. */
export function DateTime({ iso }: { iso: string }) {
  const format = useFormat();
  return <time dateTime={iso}>{format.dateTime(iso)}</time>;
}

/** The calendar day in the person's locale and zone (a plain YYYY-MM-DD date is that day anywhere). */
export function DateOnly({ iso }: { iso: string }) {
  const format = useFormat();
  return <time dateTime={iso}>{format.date(iso)}</time>;
}

/** An amount in the tenant's currency, in the person's locale. */
export function Money({ amount }: { amount: number }) {
  const format = useFormat();
  return <span className="tabular-nums">{format.money(amount)}</span>;
}
