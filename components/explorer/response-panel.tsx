'use client';

import { Clock } from 'lucide-react';

export interface ExplorerResponse {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: string;
  durationMs: number;
  method: string;
  url: string;
}

function statusClasses(status: number): string {
  if (status >= 200 && status < 300) return 'bg-emerald-50 text-emerald-800 ring-emerald-600/25 dark:bg-emerald-400/10 dark:text-emerald-300 dark:ring-emerald-400/30';
  if (status >= 400 && status < 500) return 'bg-amber-50 text-amber-800 ring-amber-600/25 dark:bg-amber-400/10 dark:text-amber-300 dark:ring-amber-400/30';
  return 'bg-red-50 text-red-800 ring-red-600/20 dark:bg-red-400/10 dark:text-red-300 dark:ring-red-400/30';
}

export function prettyBody(text: string): string {
  if (!text) return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function ResponsePanel({ response, running, error }: { response: ExplorerResponse | null; running: boolean; error: string | null }) {
  return (
    <section aria-labelledby="response-title" aria-busy={running} className="rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-zinc-200 px-4 py-2.5 dark:border-zinc-800">
        <h2 id="response-title" className="text-sm font-semibold text-zinc-900 dark:text-white">Response</h2>
        {response && (
          <div className="flex items-center gap-3 text-xs text-zinc-600 dark:text-zinc-400">
            <span className={`rounded-full px-2 py-0.5 font-mono text-xs font-semibold ring-1 ring-inset ${statusClasses(response.status)}`} data-testid="response-status">
              {response.status} {response.statusText}
            </span>
            <span className="inline-flex items-center gap-1">
              <Clock className="size-3.5" aria-hidden />
              {response.durationMs} ms
            </span>
          </div>
        )}
      </div>
      <div className="p-4" aria-live="polite">
        {running && (
          <div className="space-y-2" aria-label="Waiting for the response">
            <div className="h-4 w-1/3 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" />
            <div className="h-24 animate-pulse rounded bg-zinc-100 dark:bg-zinc-900" />
          </div>
        )}
        {!running && error && (
          <p role="status" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-300">
            {error}
          </p>
        )}
        {!running && !error && !response && (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Run the request to see its status, headers and body. <kbd className="rounded border border-zinc-300 px-1 font-mono text-xs dark:border-zinc-700">Ctrl</kbd>+
            <kbd className="rounded border border-zinc-300 px-1 font-mono text-xs dark:border-zinc-700">Enter</kbd> runs it from anywhere in the form.
          </p>
        )}
        {!running && response && (
          <div className="space-y-3">
            <p className="font-mono text-xs text-zinc-600 dark:text-zinc-400">
              {response.method} {response.url}
            </p>
            <details className="group rounded-lg border border-zinc-200 dark:border-zinc-800">
              <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-zinc-800 select-none dark:text-zinc-200">
                Headers <span className="text-zinc-500 dark:text-zinc-400">({response.headers.length})</span>
              </summary>
              <dl className="grid grid-cols-[minmax(0,12rem)_1fr] gap-x-4 gap-y-1 border-t border-zinc-200 px-3 py-2 font-mono text-xs dark:border-zinc-800" data-testid="response-headers">
                {response.headers.map(([name, value]) => (
                  <div key={name} className="contents">
                    <dt className="truncate text-zinc-500 dark:text-zinc-400">{name}</dt>
                    <dd className="break-all text-zinc-900 dark:text-zinc-100">{value}</dd>
                  </div>
                ))}
              </dl>
            </details>
            {response.body ? (
              <pre
                className="max-h-[32rem] overflow-auto rounded-lg bg-zinc-50 p-3 font-mono text-xs leading-relaxed text-zinc-900 ring-1 ring-zinc-200 dark:bg-zinc-900 dark:text-zinc-100 dark:ring-zinc-800"
                data-testid="response-body"
                tabIndex={0}
                aria-label="Response body"
              >
                <code>{prettyBody(response.body)}</code>
              </pre>
            ) : (
              <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="response-body">No content.</p>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
