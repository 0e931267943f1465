'use client';

import { Bell } from 'lucide-react';
import Link from 'next/link';
import { Popover } from 'radix-ui';
import { useState } from 'react';
import { Skeleton } from '@/components/ui/skeleton';
import { NotificationEntry } from './notification-entry';
import { useMarkRead, useRecentNotifications, type NotificationItem } from './use-notifications';

/** The bell in the top bar: the unread count (polled), the latest notifications in a popover, mark read. */
export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const recent = useRecentNotifications();
  const markRead = useMarkRead();
  const unread = recent.data?.unread_count ?? 0;
  const openEntry = (item: NotificationItem) => {
    if (!item.read_at) markRead.mutate({ ids: [item.id] });
    setOpen(false);
  };
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger
        className="relative flex size-9 max-md:size-11 items-center justify-center rounded-md text-zinc-700 hover:bg-zinc-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-accent-500 dark:text-zinc-300 dark:hover:bg-zinc-800"
        aria-label={unread > 0 ? `Notifications, ${unread} unread` : 'Notifications'}
        data-testid="notification-bell"
      >
        <Bell className="size-5" aria-hidden />
        {unread > 0 && (
          <span
            data-testid="notification-count"
            className="absolute -right-0.5 -top-0.5 min-w-5 rounded-full bg-accent-600 px-1 text-center text-[11px] font-semibold leading-5 tabular-nums text-white"
          >
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="end"
          sideOffset={6}
          aria-label="Notifications"
          className="z-50 w-[min(24rem,calc(100vw-1rem))] rounded-lg border border-zinc-200 bg-white shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
        >
          <div className="flex items-center justify-between border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
            <p className="text-sm font-semibold">Notifications</p>
            <button
              type="button"
              onClick={() => markRead.mutate({ all: true })}
              disabled={unread === 0 || markRead.isPending}
              className="rounded px-1.5 py-0.5 text-xs font-medium text-accent-700 hover:bg-accent-50 disabled:cursor-not-allowed disabled:text-zinc-400 disabled:hover:bg-transparent dark:text-accent-300 dark:hover:bg-zinc-800"
            >
              Mark all read
            </button>
          </div>
          <div className="max-h-[60vh] overflow-y-auto p-1">
            {recent.isPending ? (
              <div className="space-y-2 p-2">
                <Skeleton className="h-10" />
                <Skeleton className="h-10" />
              </div>
            ) : recent.isError ? (
              <p className="px-3 py-6 text-center text-sm text-zinc-600 dark:text-zinc-400">Could not load your notifications. They will load again in a moment.</p>
            ) : recent.data.data.length === 0 ? (
              <p className="px-3 py-6 text-center text-sm text-zinc-600 dark:text-zinc-400">Nothing yet. You will hear here when something waits on you or your requests move.</p>
            ) : (
              recent.data.data.map((item) => <NotificationEntry key={item.id} item={item} onOpen={openEntry} compact />)
            )}
          </div>
          <div className="border-t border-zinc-200 px-3 py-2 text-right dark:border-zinc-800">
            <Link href="/notifications" onClick={() => setOpen(false)} className="text-sm font-medium text-accent-700 hover:underline dark:text-accent-300">
              See all notifications
            </Link>
          </div>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
