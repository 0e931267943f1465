import { Skeleton } from '@/components/ui/skeleton';

export default function InboxLoading() {
  return (
    <div className="mx-auto max-w-4xl" role="status" aria-label="Loading the inbox">
      <Skeleton className="mb-2 h-8 w-32" />
      <Skeleton className="mb-6 h-4 w-80" />
      <div className="overflow-hidden rounded-xl border border-zinc-200 dark:border-zinc-800">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="flex gap-3 border-b border-zinc-100 px-3 py-3 last:border-0 dark:border-zinc-900">
            <Skeleton className="size-4" />
            <div className="flex-1 space-y-2">
              <Skeleton className="h-4 w-1/3" />
              <Skeleton className="h-3 w-2/3" />
            </div>
            <Skeleton className="h-7 w-36" />
          </div>
        ))}
      </div>
    </div>
  );
}
