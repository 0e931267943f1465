'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Play, RotateCcw } from 'lucide-react';
import { useMemo, useState, useSyncExternalStore } from 'react';
import { Button } from '@/components/ui/button';
import { inputClasses } from '@/components/ui/field';
import type { OperationInfo, ResourceInfo } from './catalog';
import { CodePanel } from './code-panel';
import { MethodBadge } from './method-badge';
import { ResponsePanel, type ExplorerResponse } from './response-panel';
import { curlSnippet, requestUrl, sdkSnippet, type RequestSpec } from './snippets';

const noSubscribe = () => () => {};
/** The page's origin for snippets; a neutral placeholder while rendering on the server. */
function useOrigin(): string {
  return useSyncExternalStore(noSubscribe, () => window.location.origin, () => 'http://localhost:3000');
}

const LABEL_FIELDS = ['title', 'destination', 'system_id', 'equipment_type', 'type', 'name', 'url'];

function useRecentRecords(resource: string, enabled: boolean, topLevel = false) {
  return useQuery({
    queryKey: ['explorer-recent', resource],
    enabled,
    staleTime: 30_000,
    queryFn: async () => {
      // Record types under /operations (everything the caller sees); the directory and webhooks at the top.
      const response = await fetch(topLevel ? `/api/v1/${resource}` : `/api/v1/operations/${resource}?scope=all&limit=20`, { credentials: 'same-origin' });
      if (!response.ok) return [];
      const page = (await response.json()) as { data: Record<string, unknown>[] };
      return page.data.map((record) => {
        const labelField = LABEL_FIELDS.find((f) => typeof record[f] === 'string');
        const label = [labelField ? String(record[labelField]) : '', typeof record.status === 'string' ? record.status : ''].filter(Boolean).join(' · ');
        return { id: String(record.id), label };
      });
    },
  });
}

function parseJson(text: string): string | null {
  if (!text.trim()) return null;
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    return `Not valid JSON: ${error instanceof Error ? error.message : 'check the brackets and quotes'}`;
  }
}

const smallLabel = 'block text-xs font-medium text-zinc-700 dark:text-zinc-300';

export function Workbench({
  resource,
  operation,
  id,
  onId,
  email,
}: {
  resource: ResourceInfo;
  operation: OperationInfo;
  id: string;
  onId: (id: string) => void;
  email: string;
}) {
  const origin = useOrigin();
  const queryClient = useQueryClient();
  const exampleText = operation.body ? JSON.stringify(operation.body.example, null, 2) : '';
  const [bodyText, setBodyText] = useState(exampleText);
  const [query, setQuery] = useState<Record<string, string>>({});
  const [headers, setHeaders] = useState<Record<string, string>>({});
  const [response, setResponse] = useState<ExplorerResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const recent = useRecentRecords(resource.resource, operation.needsId, resource.topLevel);

  const bodyError = operation.body ? parseJson(bodyText) : null;
  const missingId = operation.needsId && !id.trim();
  const spec: RequestSpec = useMemo(
    () => ({
      method: operation.method,
      path: operation.path,
      id,
      query,
      headers,
      body: operation.body ? (bodyText.trim() ? bodyText : '{}') : undefined,
    }),
    [operation, id, query, headers, bodyText],
  );
  const sdk = sdkSnippet({ sdkName: resource.sdkName, topLevel: resource.topLevel, sdkMethod: operation.sdkMethod, kind: operation.kind }, spec, origin);
  const curl = curlSnippet(spec, origin);

  async function run() {
    if (bodyError || missingId || running) return;
    setRunning(true);
    setError(null);
    const url = requestUrl(spec);
    const requestHeaders: Record<string, string> = { accept: 'application/json' };
    for (const [name, value] of Object.entries(headers)) if (value.trim()) requestHeaders[name] = value.trim();
    if (spec.body !== undefined) requestHeaders['content-type'] = 'application/json';
    const started = performance.now();
    try {
      const res = await fetch(url, { method: operation.method, headers: requestHeaders, body: spec.body, credentials: 'same-origin' });
      const text = await res.text();
      setResponse({
        status: res.status,
        statusText: res.statusText,
        headers: [...res.headers.entries()],
        body: text,
        durationMs: Math.round(performance.now() - started),
        method: operation.method,
        url,
      });
      if (res.ok && operation.method !== 'GET') void queryClient.invalidateQueries({ queryKey: ['explorer-recent', resource.resource] });
    } catch {
      setResponse(null);
      setError('The request did not reach the server. Check your connection and try again.');
    } finally {
      setRunning(false);
    }
  }

  let createdId: string | null = null;
  if (response && response.status === 201) {
    try {
      const parsed = JSON.parse(response.body) as { id?: unknown };
      if (typeof parsed.id === 'string' && parsed.id !== id) createdId = parsed.id;
    } catch {
      createdId = null;
    }
  }

  const pathParams = operation.query.filter((p) => p.inPath);
  const primary = operation.query.filter((p) => p.primary && !p.inPath);
  const more = operation.query.filter((p) => !p.primary && !p.inPath);
  const paramInput = (p: OperationInfo['query'][number]) => {
    const inputId = `param-${p.name}`;
    return (
      <div key={p.name}>
        <label htmlFor={inputId} className={smallLabel}>
          <span className="font-mono">{p.name}</span>
        </label>
        {p.options && !(p.name === 'status' || p.name.endsWith('_type') || p.name === 'type') ? (
          <select
            id={inputId}
            className={`${inputClasses} mt-1 py-1.5`}
            value={query[p.name] ?? ''}
            onChange={(e) => setQuery((q) => ({ ...q, [p.name]: e.target.value }))}
            aria-describedby={`${inputId}-help`}
          >
            <option value="">(default)</option>
            {p.options.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        ) : (
          <>
            <input
              id={inputId}
              className={`${inputClasses} mt-1 py-1.5`}
              value={query[p.name] ?? ''}
              list={p.options ? `${inputId}-options` : undefined}
              placeholder={p.options ? p.options.slice(0, 2).join(',') : undefined}
              onChange={(e) => setQuery((q) => ({ ...q, [p.name]: e.target.value }))}
              aria-describedby={`${inputId}-help`}
              autoComplete="off"
            />
            {p.options && (
              <datalist id={`${inputId}-options`}>
                {p.options.map((o) => (
                  <option key={o} value={o} />
                ))}
              </datalist>
            )}
          </>
        )}
        <p id={`${inputId}-help`} className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
          {p.options && (p.name === 'status' || p.name.endsWith('_type') || p.name === 'type') ? `${p.options.join(', ')}; a comma list means any of.` : p.description}
        </p>
      </div>
    );
  };

  return (
    <div className="space-y-4">
      <form
        className="rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950"
        aria-labelledby="request-title"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
            e.preventDefault();
            void run();
          }
        }}
      >
        <div className="border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
          <h2 id="request-title" className="text-base font-semibold text-zinc-900 dark:text-white">
            {operation.label}
          </h2>
          <p className="mt-1 flex min-w-0 items-center gap-2 font-mono text-sm text-zinc-800 dark:text-zinc-200" data-testid="request-line">
            <MethodBadge method={operation.method} />
            <span className="truncate">{requestUrl(spec)}</span>
          </p>
          <p className="mt-1.5 text-sm text-zinc-600 dark:text-zinc-400">{operation.description}</p>
          {operation.from && (
            <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
              Allowed from <span className="font-medium text-zinc-800 dark:text-zinc-200">{operation.from.join(', ')}</span> · taken by{' '}
              <span className="font-medium text-zinc-800 dark:text-zinc-200">{operation.who?.join(', ')}</span>
            </p>
          )}
        </div>

        <div className="space-y-5 px-4 py-4">
          {operation.needsId && (
            <div>
              <label htmlFor="param-id" className="block text-sm font-medium text-zinc-900 dark:text-zinc-100">
                id<span className="ml-0.5 text-red-600" aria-hidden>*</span>
                <span className="sr-only"> (required)</span>
              </label>
              <input
                id="param-id"
                className={`${inputClasses} mt-1 font-mono`}
                value={id}
                onChange={(e) => onId(e.target.value)}
                list="recent-records"
                placeholder={`${resource.prefix}_01JD3M4V6X8Q9R2S3T4V5W6X7Y`}
                aria-describedby="param-id-help"
                aria-required="true"
                autoComplete="off"
                spellCheck={false}
              />
              <datalist id="recent-records">
                {(recent.data ?? []).map((r) => (
                  <option key={r.id} value={r.id} label={r.label} />
                ))}
              </datalist>
              <p id="param-id-help" className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
                {recent.isLoading
                  ? 'Loading records you can see…'
                  : recent.data?.length
                    ? `Pick one of the ${recent.data.length} most recent ${resource.plural.toLowerCase()} you can see, or paste an id.`
                    : `Paste an id, or create a ${resource.singular.toLowerCase()} first.`}
              </p>
            </div>
          )}
          {pathParams.length > 0 && <div className="grid gap-3 sm:grid-cols-2">{pathParams.map(paramInput)}</div>}

          {primary.length > 0 && (
            <fieldset>
              <legend className="text-sm font-medium text-zinc-900 dark:text-zinc-100">Query parameters</legend>
              <div className="mt-2 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">{primary.map(paramInput)}</div>
              {more.length > 0 && (
                <details className="mt-3">
                  <summary className="cursor-pointer text-sm text-accent-700 select-none dark:text-accent-100">More parameters ({more.length})</summary>
                  <div className="mt-2 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">{more.map(paramInput)}</div>
                </details>
              )}
            </fieldset>
          )}

          {operation.headers.length > 0 && (
            <fieldset>
              <legend className="text-sm font-medium text-zinc-900 dark:text-zinc-100">Headers</legend>
              <div className="mt-2 grid gap-3 sm:grid-cols-2">
                {operation.headers.map((name) => (
                  <div key={name}>
                    <label htmlFor={`header-${name}`} className={smallLabel}>
                      <span className="font-mono">{name}</span> <span className="font-normal text-zinc-500 dark:text-zinc-400">(optional)</span>
                    </label>
                    <input
                      id={`header-${name}`}
                      className={`${inputClasses} mt-1 py-1.5 font-mono`}
                      value={headers[name] ?? ''}
                      onChange={(e) => setHeaders((h) => ({ ...h, [name]: e.target.value }))}
                      placeholder={name === 'If-Match' ? '"etag from a get"' : 'any unique string'}
                      aria-describedby={`header-${name}-help`}
                      autoComplete="off"
                    />
                    <p id={`header-${name}-help`} className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
                      {name === 'If-Match' ? 'A stale ETag answers 412 and changes nothing.' : 'Sending the same key and body again replays the first answer.'}
                    </p>
                  </div>
                ))}
              </div>
            </fieldset>
          )}

          {operation.body && (
            <div>
              <div className="flex items-end justify-between gap-2">
                <label htmlFor="request-body" className="block text-sm font-medium text-zinc-900 dark:text-zinc-100">
                  JSON body
                </label>
                <Button size="sm" variant="ghost" onClick={() => setBodyText(exampleText)} disabled={bodyText === exampleText}>
                  <RotateCcw className="size-3.5" aria-hidden />
                  Reset to example
                </Button>
              </div>
              <textarea
                id="request-body"
                className={`${inputClasses} mt-1 min-h-40 font-mono text-xs leading-relaxed`}
                value={bodyText}
                onChange={(e) => setBodyText(e.target.value)}
                rows={Math.min(18, Math.max(6, bodyText.split('\n').length + 1))}
                spellCheck={false}
                aria-invalid={bodyError ? true : undefined}
                aria-describedby={bodyError ? 'request-body-error request-body-help' : 'request-body-help'}
              />
              {bodyError && (
                <p id="request-body-error" className="mt-1 text-sm text-red-700 dark:text-red-400">
                  {bodyError}
                </p>
              )}
              <p id="request-body-help" className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
                Pre-filled from the schema the server validates with{operation.kind === 'create' ? ' (required fields)' : ''}. Server-stamped fields are ignored.
              </p>
              {operation.body.fields.length > 0 && (
                <details className="mt-3 rounded-lg border border-zinc-200 dark:border-zinc-800">
                  <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-zinc-800 select-none dark:text-zinc-200">
                    Body fields ({operation.body.fields.length})
                  </summary>
                  <div className="overflow-x-auto border-t border-zinc-200 dark:border-zinc-800">
                    <table className="w-full text-left text-xs">
                      <thead className="text-zinc-500 dark:text-zinc-400">
                        <tr>
                          <th scope="col" className="px-3 py-1.5 font-medium">Field</th>
                          <th scope="col" className="px-3 py-1.5 font-medium">Type</th>
                          <th scope="col" className="px-3 py-1.5 font-medium">Description</th>
                        </tr>
                      </thead>
                      <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                        {operation.body.fields.map((f) => (
                          <tr key={f.name}>
                            <td className="px-3 py-1.5 font-mono whitespace-nowrap text-zinc-900 dark:text-zinc-100">
                              {f.name}
                              {f.required && <span className="ml-1 text-red-600 dark:text-red-400">required</span>}
                            </td>
                            <td className="px-3 py-1.5 font-mono text-zinc-700 dark:text-zinc-300">{f.type}</td>
                            <td className="px-3 py-1.5 text-zinc-600 dark:text-zinc-400">{f.description}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </details>
              )}
            </div>
          )}
        </div>

        <div className="flex flex-wrap items-center justify-between gap-3 border-t border-zinc-200 px-4 py-3 dark:border-zinc-800">
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            {missingId
              ? 'Enter an id to run this request.'
              : bodyError
                ? 'Fix the JSON body to run this request.'
                : `Runs as you, with your session${operation.method === 'GET' ? '' : ' — this changes real data'}.`}
          </p>
          <Button type="submit" variant="primary" disabled={running || !!bodyError || missingId} aria-keyshortcuts="Control+Enter Meta+Enter">
            <Play className="size-4" aria-hidden />
            {running ? 'Running…' : 'Run request'}
          </Button>
        </div>
      </form>

      <ResponsePanel response={response} running={running} error={error} />
      {createdId && (
        <p className="-mt-2 text-sm text-zinc-700 dark:text-zinc-300">
          Created <code className="font-mono">{createdId}</code>.{' '}
          <button type="button" className="font-medium text-accent-700 underline-offset-2 hover:underline dark:text-accent-100" onClick={() => onId(createdId)}>
            Use this id for the next call
          </button>
        </p>
      )}
      <CodePanel sdk={sdk} curl={curl} email={email} />
    </div>
  );
}
