import type { LucideIcon } from 'lucide-react';

export function EmptyState({ icon: Icon, title, description, action }: { icon?: LucideIcon; title: string; description?: React.ReactNode; action?: React.ReactNode }) {
  return (
    <div className="flex flex-col items-center justify-center rounded-xl border border-dashed border-zinc-300 px-6 py-12 text-center dark:border-zinc-700">
      {Icon && <Icon className="mb-3 size-8 text-zinc-400" aria-hidden />}
      <p className="text-sm font-semibold text-zinc-900 dark:text-white">{title}</p>
      {description && <p className="mt-1 max-w-sm text-sm text-zinc-600 dark:text-zinc-400">{description}</p>}
      {action && <div className="mt-4">{action}</div>}
    </div>
  );
}
