import { Archive } from 'lucide-react';
import Link from 'next/link';
import type { Formatter } from '@/lib/format';
import type { Withdrawal } from './detail-data';
import { personName } from './field-value';

/** A withdrawn request's page says so first: when, by whom, and where to find it again. */
export function WithdrawnBanner({ withdrawal, names, format, listHref, plural }: { withdrawal: Withdrawal; names: Map<string, string>; format: Formatter; listHref: string; plural: string }) {
  return (
    <div
      role="note"
      aria-label="Withdrawn"
      data-testid="withdrawn-banner"
      className="mb-6 flex gap-3 rounded-xl border border-zinc-300 bg-zinc-50 px-4 py-3 text-sm text-zinc-800 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200"
    >
      <Archive className="mt-0.5 size-4 shrink-0 text-zinc-600 dark:text-zinc-400" aria-hidden />
      <div>
        <p className="font-medium text-zinc-900 dark:text-white">
          Withdrawn on {format.dateTime(withdrawal.at)}
          {withdrawal.by ? ` by ${personName(names, withdrawal.by)}` : ''}
        </p>
        <p className="mt-0.5 text-zinc-600 dark:text-zinc-400">
          Nothing more happens to it; it stays here, read-only, and in the{' '}
          <Link href={listHref} className="font-medium text-zinc-900 underline underline-offset-2 dark:text-white">
            withdrawn {plural.toLowerCase()}
          </Link>
          .
        </p>
      </div>
    </div>
  );
}
