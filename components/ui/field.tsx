/** A form field: label above, help text under, the error inline in plain words; wired for screen readers. */
export function Field({
  id,
  label,
  help,
  error,
  required,
  className,
  children,
}: {
  id: string;
  label: string;
  help?: string;
  error?: string;
  required?: boolean;
  /** Where the field sits in its grid (a column span). */
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-zinc-900 dark:text-zinc-100">
        {label}
        {required && <span className="ml-0.5 text-red-600" aria-hidden>*</span>}
        {required && <span className="sr-only"> (required)</span>}
      </label>
      <div className="mt-1">{children}</div>
      {help && <p id={`${id}-help`} className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">{help}</p>}
      {error && (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}

export const inputClasses =
  'block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-xs placeholder:text-zinc-400 focus:border-accent-500 focus:outline-none focus:ring-2 focus:ring-accent-500/30 aria-[invalid=true]:border-red-500 dark:border-zinc-700 dark:bg-zinc-900';
