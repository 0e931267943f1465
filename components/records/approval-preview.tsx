'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { AlertTriangle, RotateCcw, UserCheck } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { useWatch, type Control } from 'react-hook-form';
import { Skeleton } from '@/components/ui/skeleton';
import { previewApprovalAction } from '@/lib/actions/policies';
import { typeByResource } from '@/lib/operations/registry';
import { POLICY_RESOURCES } from '@/lib/policies/policy';
import type { PreviewStep } from '@/lib/policies/preview';
import { roleLabel } from './approval-chain';
import { toPayload, type FormValues } from './form-values';
import type { FormField } from './schema-fields';
import { useFormat } from '@/components/shell/format-provider';

const MAX_NAMES = 6;

/** A value that settles `delay` ms after it last changed: the preview asks once the person pauses. */
export function useDebouncedValue<T>(value: T, delay = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

/** "Bob Brennan", "2 of: Ivan Ilic, Iris Ito", "one of: Ada Adeyemi, Bob Brennan". */
export function whoDecides(step: Pick<PreviewStep, 'rule' | 'approvers'>): string {
  const names = step.approvers.map((a) => a.name).sort((x, y) => x.localeCompare(y));
  const shown = names.length > MAX_NAMES ? [...names.slice(0, MAX_NAMES), `${names.length - MAX_NAMES} more`] : names;
  if (names.length === 0) return 'Nobody yet';
  if (step.rule.min > 1) return `${step.rule.min} of: ${shown.join(', ')}`;
  if (names.length > 1) return `one of: ${shown.join(', ')}`;
  return names[0];
}

/** The chain step by step: who decides each, what the step is, and why it would wait when nobody may decide it. */
export function PreviewStepList({ steps, label, testId }: { steps: PreviewStep[]; label: string; testId?: string }) {
  return (
    <ol className="space-y-2" aria-label={label} data-testid={testId}>
      {steps.map((step) => (
        <li key={step.index} className="flex gap-3 text-sm" data-testid="preview-step">
          <span
            className="flex size-6 shrink-0 items-center justify-center rounded-full bg-zinc-100 text-xs font-semibold text-zinc-700 tabular-nums dark:bg-zinc-800 dark:text-zinc-200"
            aria-hidden
          >
            {step.index + 1}
          </span>
          <div className="min-w-0">
            <p className="text-zinc-900 dark:text-zinc-100">
              <span className="sr-only">Step {step.index + 1}: </span>
              <span className="font-medium">{whoDecides(step)}</span>
              <span className="text-zinc-600 dark:text-zinc-400"> · {step.summary}</span>
            </p>
            {step.blocked_reason && (
              <p className="mt-0.5 flex items-start gap-1 text-red-700 dark:text-red-400">
                <AlertTriangle className="mt-0.5 size-3.5 shrink-0" aria-hidden />
                <span>Blocked: {step.blocked_reason}</span>
              </p>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}

/** The draft as the server's preview reads it: for an edit, the stored fields under what was typed. */
function draftBody(fields: FormField[], values: FormValues, mode: 'create' | 'edit', timeZone: string, record?: Record<string, unknown>): Record<string, unknown> {
  const typed = toPayload(fields, values, mode, timeZone);
  delete typed.tags;
  // The server reads only the type's fields of this; the stored ones fill in what the form does not show.
  return record ? { ...record, ...typed } : typed;
}

/**
 * "Will be approved by …" under a request form: the chain the draft would get, from the same code that
 * files it, asked again ~300 ms after the person stops typing. On an edit while the approval is open,
 * it says that saving restarts the approval.
 */
export function ApprovalPreview({
  resource,
  control,
  fields,
  mode,
  record,
}: {
  resource: string;
  control: Control<FormValues>;
  fields: FormField[];
  mode: 'create' | 'edit';
  record?: Record<string, unknown> & { id: string };
}) {
  const type = typeByResource(resource);
  const values = useWatch({ control }) as FormValues;
  const { timeZone } = useFormat();
  const body = useMemo(() => JSON.stringify(draftBody(fields, values, mode, timeZone, record)), [fields, values, mode, timeZone, record]);
  const settled = useDebouncedValue(body, 300);
  const applies = (POLICY_RESOURCES as readonly string[]).includes(resource);
  const query = useQuery({
    queryKey: ['approval-preview', resource, record?.id ?? null, settled],
    queryFn: async () => {
      const result = await previewApprovalAction(resource, JSON.parse(settled) as Record<string, unknown>, record?.id);
      if (!result.ok) throw new Error(result.error);
      return result;
    },
    enabled: applies,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  if (!applies || !type) return null;
  const data = query.data;
  const desk = type.deskTask ? `the ${roleLabel(type.deskTask.role)}` : 'the desk';
  const updating = query.isFetching || settled !== body;

  return (
    <section
      aria-labelledby="approval-preview-title"
      aria-busy={updating || undefined}
      className="rounded-xl border border-zinc-200 bg-zinc-50 p-4 dark:border-zinc-800 dark:bg-zinc-900/60"
      data-testid="approval-preview"
    >
      <div className="flex items-center justify-between gap-2">
        <h2 id="approval-preview-title" className="flex items-center gap-2 text-sm font-semibold text-zinc-900 dark:text-white">
          <UserCheck className="size-4 text-zinc-500" aria-hidden />
          Will be approved by
        </h2>
        {updating && data && <span className="text-xs text-zinc-600 dark:text-zinc-400">Updating…</span>}
      </div>
      <div className="mt-3" aria-live="polite">
        {!data && query.isError && (
          <p className="text-sm text-red-700 dark:text-red-400">Could not work out who approves this: {(query.error as Error).message}</p>
        )}
        {!data && !query.isError && (
          <div role="status" aria-label="Working out who approves this" className="space-y-2">
            <Skeleton className="h-5 w-2/3" />
            <Skeleton className="h-5 w-1/2" />
          </div>
        )}
        {data && mode === 'edit' && data.approval === 'closed' ? (
          <p className="text-sm text-zinc-700 dark:text-zinc-300">The approval of this request is finished; saving does not start it again.</p>
        ) : data && data.steps.length === 0 ? (
          <p className="text-sm text-zinc-700 dark:text-zinc-300" data-testid="preview-none">
            No approval steps: straight to {desk}.
          </p>
        ) : data ? (
          <PreviewStepList steps={data.steps} label="Approval steps if filed now" testId="preview-steps" />
        ) : null}
        {data && mode === 'edit' && data.approval === 'open' && (
          <p className="mt-3 flex items-start gap-1.5 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-400/10 dark:text-amber-200" data-testid="preview-restart">
            <RotateCcw className="mt-0.5 size-3.5 shrink-0" aria-hidden />
            <span>Saving a change restarts the approval: decisions made so far are set aside and it starts again at step 1 with the chain above (changing only tags does not).</span>
          </p>
        )}
      </div>
    </section>
  );
}
