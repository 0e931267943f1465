'use client';

import { History } from 'lucide-react';
import { useId, useMemo, useState } from 'react';
import { useFormat } from '@/components/shell/format-provider';
import { Button } from '@/components/ui/button';
import { inputClasses } from '@/components/ui/field';
import { RelativeTime } from '@/components/ui/relative-time';
import { typeByResource } from '@/lib/operations/registry';
import { diffPolicies } from '@/lib/policies/diff';
import { describePolicy, describeStep, type PolicyResource, type PolicyStep } from '@/lib/policies/policy';
import { nameLookups } from './policy-editor';
import type { Named } from './step-row';

export interface VersionRow {
  version: number;
  steps: PolicyStep[];
  created_at: string | null;
  /** Null for the built-in default (stored as version 1 when the policy is first edited). */
  created_by_name: string | null;
}

const TONE = {
  added: 'border-emerald-600/30 bg-emerald-50 text-emerald-900 dark:border-emerald-400/30 dark:bg-emerald-400/10 dark:text-emerald-200',
  removed: 'border-red-600/30 bg-red-50 text-red-900 dark:border-red-400/30 dark:bg-red-400/10 dark:text-red-200',
  changed: 'border-amber-600/30 bg-amber-50 text-amber-950 dark:border-amber-400/30 dark:bg-amber-400/10 dark:text-amber-100',
  same: 'border-zinc-200 text-zinc-600 dark:border-zinc-800 dark:text-zinc-400',
} as const;

/**
 * Every version of the policy (who saved it, when, what it said) and the difference between any two:
 * steps added, removed or changed, each as a sentence.
 */
export function PolicyVersions({
  resource,
  versions,
  people,
  groups,
  onStartFrom,
}: {
  resource: PolicyResource;
  versions: VersionRow[];
  people: Named[];
  groups: Named[];
  onStartFrom?: (steps: PolicyStep[]) => void;
}) {
  const id = useId();
  const type = typeByResource(resource)!;
  const format = useFormat();
  const names = useMemo(() => nameLookups(people, groups, format), [people, groups, format]);
  const newest = versions[0]?.version ?? 1;
  const [from, setFrom] = useState(String(versions[1]?.version ?? newest));
  const [to, setTo] = useState(String(newest));
  const before = versions.find((v) => String(v.version) === from);
  const after = versions.find((v) => String(v.version) === to);
  const changes = before && after ? diffPolicies(before.steps, after.steps) : [];
  const say = (step: PolicyStep) => describeStep(step, type, names);

  return (
    <section aria-labelledby={`${id}-title`} className="mt-8 border-t border-zinc-200 pt-6 dark:border-zinc-800" data-testid="policy-versions">
      <h2 id={`${id}-title`} className="flex items-center gap-2 text-sm font-semibold text-zinc-900 dark:text-white">
        <History className="size-4 text-zinc-500" aria-hidden />
        Versions
      </h2>
      <div className="relative mt-3 overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
        <table className="w-full text-left text-sm">
          <thead className="bg-zinc-50 text-xs text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">Version</th>
              <th scope="col" className="px-3 py-2 font-medium">Policy</th>
              <th scope="col" className="px-3 py-2 font-medium">Saved</th>
              <th scope="col" className="px-3 py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {versions.map((v) => (
              <tr key={v.version} data-testid="version-row">
                <td className="px-3 py-2 whitespace-nowrap tabular-nums">
                  {v.version}
                  {v.version === newest && <span className="ml-2 rounded-full bg-blue-50 px-1.5 py-0.5 text-xs text-blue-800 dark:bg-blue-400/10 dark:text-blue-300">in force</span>}
                </td>
                <td className="min-w-48 px-3 py-2 text-zinc-800 dark:text-zinc-200">{describePolicy(v.steps, type, names)}</td>
                <td className="min-w-32 px-3 py-2 text-zinc-600 dark:text-zinc-400">
                  {v.created_by_name && v.created_at ? (
                    <>
                      {v.created_by_name}, <RelativeTime iso={v.created_at} />
                    </>
                  ) : (
                    'Built-in default'
                  )}
                </td>
                <td className="px-3 py-2 text-right">
                  {onStartFrom && v.version !== newest && (
                    <Button size="sm" variant="ghost" onClick={() => onStartFrom(v.steps)} aria-label={`Edit from version ${v.version}`}>
                      Edit from this
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {versions.length > 1 && (
        <div className="mt-4">
          <div className="flex flex-wrap items-end gap-3">
            <div>
              <label htmlFor={`${id}-from`} className="block text-sm font-medium text-zinc-900 dark:text-zinc-100">Compare version</label>
              <select id={`${id}-from`} value={from} onChange={(e) => setFrom(e.target.value)} className={`${inputClasses} mt-1 w-28`}>
                {versions.map((v) => (
                  <option key={v.version} value={v.version}>{v.version}</option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor={`${id}-to`} className="block text-sm font-medium text-zinc-900 dark:text-zinc-100">with version</label>
              <select id={`${id}-to`} value={to} onChange={(e) => setTo(e.target.value)} className={`${inputClasses} mt-1 w-28`}>
                {versions.map((v) => (
                  <option key={v.version} value={v.version}>{v.version}</option>
                ))}
              </select>
            </div>
          </div>
          <ul className="mt-3 space-y-1.5" aria-label={`Changes from version ${from} to version ${to}`} data-testid="policy-diff">
            {changes.length === 0 && <li className="text-sm text-zinc-600 dark:text-zinc-400">Both versions have no steps.</li>}
            {changes.length > 0 && changes.every((c) => c.kind === 'same') && <li className="text-sm text-zinc-600 dark:text-zinc-400">No difference: the steps are the same.</li>}
            {changes.map((change, index) => (
              <li key={index} className={`rounded-md border px-3 py-1.5 text-sm ${TONE[change.kind]}`} data-change={change.kind}>
                {change.kind === 'added' && (
                  <>
                    <span className="font-mono" aria-hidden>+ </span>
                    <span className="sr-only">Added: </span>
                    {say(change.step)}
                  </>
                )}
                {change.kind === 'removed' && (
                  <>
                    <span className="font-mono" aria-hidden>− </span>
                    <span className="sr-only">Removed: </span>
                    <del>{say(change.step)}</del>
                  </>
                )}
                {change.kind === 'changed' && (
                  <>
                    <span className="font-mono" aria-hidden>~ </span>
                    <span className="sr-only">Changed: </span>
                    <del className="opacity-80">{say(change.before)}</del>
                    <span aria-hidden> → </span>
                    <span className="sr-only"> became </span>
                    <ins className="no-underline font-medium">{say(change.after)}</ins>
                  </>
                )}
                {change.kind === 'same' && (
                  <>
                    <span className="font-mono" aria-hidden>= </span>
                    <span className="sr-only">Unchanged: </span>
                    {say(change.step)}
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
