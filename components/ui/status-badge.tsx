import { STATUS_TONE, humanize, type StatusTone } from '@/lib/format';

const TONE_CLASSES: Record<StatusTone, string> = {
  waiting: 'bg-amber-50 text-amber-800 ring-amber-600/25 dark:bg-amber-400/10 dark:text-amber-300 dark:ring-amber-400/30',
  inflight: 'bg-blue-50 text-blue-800 ring-blue-600/25 dark:bg-blue-400/10 dark:text-blue-300 dark:ring-blue-400/30',
  done: 'bg-emerald-50 text-emerald-800 ring-emerald-600/25 dark:bg-emerald-400/10 dark:text-emerald-300 dark:ring-emerald-400/30',
  stopped: 'bg-red-50 text-red-800 ring-red-600/20 dark:bg-red-400/10 dark:text-red-300 dark:ring-red-400/30',
};

const DOT_CLASSES: Record<StatusTone, string> = {
  waiting: 'bg-amber-500',
  inflight: 'bg-blue-500',
  done: 'bg-emerald-500',
  stopped: 'bg-red-500',
};

export function StatusBadge({ status }: { status: string }) {
  const tone = STATUS_TONE[status] ?? 'waiting';
  return (
    <span className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONE_CLASSES[tone]}`} data-status={status}>
      <span className={`size-1.5 rounded-full ${DOT_CLASSES[tone]}`} aria-hidden />
      {humanize(status)}
    </span>
  );
}
