import { AlertCircle } from 'lucide-react';

/** A form-level error: what happened, and any field errors that have no field on screen. */
export function FormAlert({ id, title, detail, errors = [] }: { id?: string; title: string; detail: string; errors?: { path: string; message: string }[] }) {
  return (
    <div id={id} role="alert" className="flex gap-3 rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-900 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-200">
      <AlertCircle className="mt-0.5 size-4 shrink-0" aria-hidden />
      <div>
        <p className="font-medium">{title}</p>
        <p className="mt-0.5">{detail}</p>
        {errors.length > 0 && (
          <ul className="mt-1 list-disc pl-4">
            {errors.map((error) => (
              <li key={`${error.path}:${error.message}`}>
                <span className="font-mono text-xs">{error.path}</span>: {error.message}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
