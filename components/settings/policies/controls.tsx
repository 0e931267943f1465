import type { FieldErrors } from 'react-hook-form';

/** Inline controls of the step builder: compact enough to sit inside a sentence, still 32 px tall for touch. */
export const smallInput =
  'h-8 rounded-md border border-zinc-300 bg-white px-2 text-sm shadow-xs focus:border-accent-500 focus:outline-none focus:ring-2 focus:ring-accent-500/30 aria-[invalid=true]:border-red-500 dark:border-zinc-700 dark:bg-zinc-900';

/** The message at a dotted path of react-hook-form's nested errors (`steps.1.when.0.value`). */
export function errorAt(errors: FieldErrors, path: string): string | undefined {
  let node: unknown = errors;
  for (const part of path.split('.')) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  const message = node && typeof node === 'object' ? (node as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : undefined;
}

/** An error in plain words next to its control, full width so it wraps under the sentence. */
export function ErrorText({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="basis-full text-sm text-red-700 dark:text-red-400">
      {message}
    </p>
  );
}
