/**
 * A table's frame: on a narrow screen the table scrolls sideways inside it, never the page. Relative, so
 * the headers' screen-reader text (absolutely positioned, sr-only) is clipped with the table instead of
 * widening the page past the phone's edge; a named, focusable region, so a keyboard can scroll it too.
 */
export function TableFrame({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div
      role="region"
      aria-label={label}
      tabIndex={0}
      className="relative overflow-x-auto rounded-lg border border-zinc-200 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent-500 dark:border-zinc-800"
    >
      {children}
    </div>
  );
}
