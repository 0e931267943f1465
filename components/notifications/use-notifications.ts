'use client';

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

/** A notification as GET /api/v1/me/notifications answers it. */
export interface NotificationItem {
  id: string;
  kind: string;
  title: string;
  body: string;
  url: string;
  entity_type: string | null;
  entity_id: string | null;
  read_at: string | null;
  created_at: string;
  superseded_at: string | null;
  superseded_note: string | null;
}

export interface FeedPage {
  data: NotificationItem[];
  unread_count: number;
  next_cursor: string | null;
}

/** How often the bell asks for news (a short poll keeps it live without a held connection per tab). */
export const POLL_MS = 10_000;

export const notificationKeys = {
  all: ['notifications'] as const,
  recent: () => [...notificationKeys.all, 'recent'] as const,
  feed: () => [...notificationKeys.all, 'feed'] as const,
};

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) throw new Error(`Could not load notifications (${response.status}).`);
  return (await response.json()) as T;
}

/** The latest notifications and the unread count, polled while the page is open. */
export function useRecentNotifications() {
  return useQuery({
    queryKey: notificationKeys.recent(),
    queryFn: () => getJson<FeedPage>('/api/v1/me/notifications?limit=8'),
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: false,
    staleTime: 2_000,
  });
}

/** The whole feed, page by page (keyset cursors). */
export function useNotificationFeed() {
  return useInfiniteQuery({
    queryKey: notificationKeys.feed(),
    queryFn: ({ pageParam }) => getJson<FeedPage>(`/api/v1/me/notifications?limit=30${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    refetchInterval: POLL_MS,
  });
}

/** Marks some (ids) or all notifications read, then refreshes the bell and the list. */
export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: { ids: string[] } | { all: true }) => {
      const response = await fetch('/api/v1/me/notifications/read', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error('Could not mark them read. Try again.');
      return (await response.json()) as { unread_count: number };
    },
    onSettled: () => client.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
