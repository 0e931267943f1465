const METHOD_CLASSES: Record<string, string> = {
  GET: 'text-sky-700 bg-sky-50 ring-sky-600/20 dark:text-sky-300 dark:bg-sky-400/10 dark:ring-sky-400/30',
  POST: 'text-emerald-700 bg-emerald-50 ring-emerald-600/20 dark:text-emerald-300 dark:bg-emerald-400/10 dark:ring-emerald-400/30',
  PATCH: 'text-amber-800 bg-amber-50 ring-amber-600/25 dark:text-amber-300 dark:bg-amber-400/10 dark:ring-amber-400/30',
  DELETE: 'text-red-700 bg-red-50 ring-red-600/20 dark:text-red-300 dark:bg-red-400/10 dark:ring-red-400/30',
};

export function MethodBadge({ method }: { method: string }) {
  return (
    <span className={`inline-flex w-14 shrink-0 justify-center rounded px-1 py-0.5 font-mono text-[11px] font-semibold ring-1 ring-inset ${METHOD_CLASSES[method] ?? ''}`}>
      {method}
    </span>
  );
}
