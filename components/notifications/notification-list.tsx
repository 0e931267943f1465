'use client';

import { BellOff } from 'lucide-react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { NotificationEntry } from './notification-entry';
import { useMarkRead, useNotificationFeed, type NotificationItem } from './use-notifications';

/** The /notifications page's list: every notification, newest first, loaded page by page. */
export function NotificationList() {
  const feed = useNotificationFeed();
  const markRead = useMarkRead();
  const items = feed.data?.pages.flatMap((page) => page.data) ?? [];
  const unread = feed.data?.pages[0]?.unread_count ?? 0;
  const open = (item: NotificationItem) => {
    if (!item.read_at) markRead.mutate({ ids: [item.id] });
  };
  if (feed.isPending) {
    return (
      <div className="space-y-3">
        {Array.from({ length: 5 }, (_, i) => (
          <Skeleton key={i} className="h-14" />
        ))}
      </div>
    );
  }
  if (feed.isError) return <p className="text-sm text-red-700 dark:text-red-400">Could not load your notifications. Reload the page to try again.</p>;
  if (items.length === 0) {
    return <EmptyState icon={BellOff} title="No notifications yet" description="When a step waits on you, or a request of yours is decided or fulfilled, it shows here." />;
  }
  return (
    <div>
      <div className="mb-2 flex items-center justify-between gap-2">
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="unread-summary">
          {unread === 0 ? 'All read' : `${unread} unread`}
        </p>
        <Button
          size="sm"
          disabled={unread === 0 || markRead.isPending}
          onClick={() => markRead.mutate({ all: true }, { onSuccess: () => toast.success('All notifications marked read.'), onError: (e) => toast.error(e.message) })}
        >
          Mark all read
        </Button>
      </div>
      <div className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {items.map((item) => (
          <NotificationEntry key={item.id} item={item} onOpen={open} />
        ))}
      </div>
      {feed.hasNextPage && (
        <div className="mt-4 text-center">
          <Button size="sm" onClick={() => void feed.fetchNextPage()} disabled={feed.isFetchingNextPage}>
            {feed.isFetchingNextPage ? 'Loading…' : 'Show older'}
          </Button>
        </div>
      )}
    </div>
  );
}
