'use client';

import Link from 'next/link';
import { RelativeTime } from '@/components/ui/relative-time';
import type { NotificationItem } from './use-notifications';

/** One notification: unread marked with a dot; a superseded one greyed, saying what happened instead. */
export function NotificationEntry({ item, onOpen, compact = false }: { item: NotificationItem; onOpen: (item: NotificationItem) => void; compact?: boolean }) {
  const unread = !item.read_at && !item.superseded_at;
  return (
    <Link
      href={item.url}
      onClick={() => onOpen(item)}
      data-testid="notification"
      data-unread={unread ? 'true' : 'false'}
      className="flex gap-3 rounded-md px-3 py-2.5 text-left outline-none hover:bg-zinc-100 focus-visible:ring-2 focus-visible:ring-accent-500 dark:hover:bg-zinc-800"
    >
      <span aria-hidden className={`mt-1.5 size-2 shrink-0 rounded-full ${unread ? 'bg-accent-600' : 'bg-transparent'}`} />
      <span className="min-w-0 flex-1">
        <span className={`block text-sm ${unread ? 'font-semibold text-zinc-900 dark:text-white' : 'text-zinc-800 dark:text-zinc-200'}`}>
          {unread && <span className="sr-only">Unread: </span>}
          {item.title}
        </span>
        <span className={`block text-sm text-zinc-600 dark:text-zinc-400 ${compact ? 'line-clamp-2' : ''}`}>{item.body}</span>
        {item.superseded_note && (
          <span className="mt-0.5 block text-xs font-medium text-zinc-700 dark:text-zinc-300" data-testid="superseded-note">
            {item.superseded_note}
          </span>
        )}
        <span className="mt-0.5 block text-xs text-zinc-600 dark:text-zinc-400">
          <RelativeTime iso={item.created_at} />
        </span>
      </span>
    </Link>
  );
}
