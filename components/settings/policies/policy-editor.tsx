'use client';

import { Loader2, Plus } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import { FormProvider, useFieldArray, useForm, useWatch } from 'react-hook-form';
import { toast } from 'sonner';
import { FormAlert } from '@/components/records/form-alert';
import { useFormat } from '@/components/shell/format-provider';
import { Button } from '@/components/ui/button';
import { Modal } from '@/components/ui/confirm-dialog';
import { savePolicyAction } from '@/lib/actions/policies';
import type { Formatter } from '@/lib/format';
import { typeByResource } from '@/lib/operations/registry';
import { conditionFields, describePolicy, describeStep, type PolicyResource, type PolicyStep } from '@/lib/policies/policy';
import { useDebouncedValue } from '@/components/records/approval-preview';
import { PolicyDryRun } from './policy-dry-run';
import { blankStep, draftProblems, formPath, fromDraft, policyResolver, toDraft, type PolicyDraft } from './step-draft';
import { StepRow, type Named } from './step-row';

/** Names for describeStep; an unchosen person or group still reads as a sentence; amounts in the reader's formats. */
export function nameLookups(people: Named[], groups: Named[], format: Formatter) {
  const person = new Map(people.map((p) => [p.id, p.name]));
  const group = new Map(groups.map((g) => [g.id, g.name]));
  return {
    person: (id: string) => person.get(id) ?? (id ? 'someone no longer here' : 'a person (choose one)'),
    group: (id: string) => group.get(id) ?? (id ? 'a deleted group' : 'a group (choose one)'),
    money: format.threshold,
  };
}

/**
 * The step builder of one record type's policy: the policy as a sentence, its steps as rows of inline
 * controls (checked with the server's rules as the admin types), a dry run of the draft against an
 * existing request, and Save, which makes the next version after a confirmation.
 */
export function PolicyEditor({
  resource,
  version,
  steps,
  people,
  groups,
  loaded,
}: {
  resource: PolicyResource;
  version: number;
  steps: PolicyStep[];
  people: Named[];
  groups: Named[];
  /** Steps to load into the editor (an earlier version to start from); a new object each time. */
  loaded?: { steps: PolicyStep[] } | null;
}) {
  const type = typeByResource(resource)!;
  const router = useRouter();
  const fields = useMemo(() => conditionFields(type), [type]);
  const money = useMemo(() => new Set(Object.entries(type.fields).filter(([, spec]) => spec.input === 'money').map(([name]) => name)), [type]);
  const format = useFormat();
  const names = useMemo(() => nameLookups(people, groups, format), [people, groups, format]);
  const form = useForm<PolicyDraft>({
    defaultValues: { steps: steps.map(toDraft) },
    resolver: policyResolver(type, resource, fields),
    mode: 'onChange',
  });
  const { control, handleSubmit, setError, reset, formState } = form;
  const list = useFieldArray({ control, name: 'steps' });
  const drafts = useWatch({ control, name: 'steps' });
  const draftSteps = useMemo(() => (drafts ?? []).map((d) => fromDraft(d, fields)), [drafts, fields]);
  const valid = draftProblems(type, resource, draftSteps).length === 0;
  const settled = useDebouncedValue(JSON.stringify(valid ? draftSteps : null), 300);
  const [confirming, setConfirming] = useState(false);
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<{ detail: string; errors: { path: string; message: string }[] } | null>(null);

  useEffect(() => {
    if (loaded) reset({ steps: loaded.steps.map(toDraft) }, { keepDefaultValues: true });
  }, [loaded, reset]);

  const move = (from: number, to: number) => {
    list.move(from, to);
    // Keep the keyboard where it was: on the same button of the step that moved.
    const button = to < from ? 'up' : 'down';
    requestAnimationFrame(() => {
      const target = document.getElementById(`steps-${to}-${button}`) as HTMLButtonElement | null;
      (target && !target.disabled ? target : document.getElementById(`steps-${to}-kind`))?.focus();
    });
  };

  const remove = (index: number) => {
    list.remove(index);
    requestAnimationFrame(() => document.getElementById(index > 0 ? `steps-${index - 1}-kind` : 'add-step')?.focus());
  };

  async function save() {
    setSaving(true);
    setFormError(null);
    try {
      const result = await savePolicyAction(resource, draftSteps);
      if (result.ok) {
        setConfirming(false);
        toast.success(`Saved as version ${result.policy.version}`, { description: 'Requests filed from now on follow it.' });
        reset({ steps: result.policy.steps.map(toDraft) });
        router.refresh();
        return;
      }
      setConfirming(false);
      const unplaced: { path: string; message: string }[] = [];
      let focused = false;
      for (const error of result.errors ?? []) {
        const path = formPath(error.path);
        if (/^steps\.\d+\./.test(path)) {
          setError(path as never, { type: 'server', message: error.message }, { shouldFocus: !focused });
          focused = true;
        } else unplaced.push(error);
      }
      setFormError({ detail: focused && unplaced.length === 0 ? 'Check the highlighted steps and try again.' : result.error, errors: unplaced });
    } finally {
      setSaving(false);
    }
  }

  return (
    <FormProvider {...form}>
      <form onSubmit={handleSubmit(() => setConfirming(true))} noValidate className="space-y-4" aria-labelledby="policy-steps-title">
        <div className="rounded-lg bg-zinc-50 px-4 py-3 dark:bg-zinc-900" data-testid="policy-sentence">
          <p className="text-xs font-medium uppercase tracking-wide text-zinc-600 dark:text-zinc-400">{formState.isDirty ? 'Your draft reads' : `Version ${version} reads`}</p>
          <p className="mt-1 text-base text-zinc-900 dark:text-white" aria-live="polite">
            {describePolicy(draftSteps, type, names)}
          </p>
        </div>
        {formError && <FormAlert id="policy-error" title="The policy was not saved" detail={formError.detail} errors={formError.errors} />}
        <h2 id="policy-steps-title" className="text-sm font-semibold text-zinc-900 dark:text-white">
          Steps, in order
        </h2>
        {list.fields.length === 0 ? (
          <p className="rounded-lg border border-dashed border-zinc-300 px-4 py-6 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
            No steps: requests are approved at once and go straight to the desk. Add a step to ask someone first.
          </p>
        ) : (
          <ol className="space-y-3">
            {list.fields.map((row, index) => (
              <StepRow
                key={row.id}
                index={index}
                count={list.fields.length}
                summary={draftSteps[index] ? describeStep(draftSteps[index], type, names) : ''}
                resource={resource}
                people={people}
                groups={groups}
                fields={fields}
                money={money}
                onMove={(to) => move(index, to)}
                onRemove={() => remove(index)}
              />
            ))}
          </ol>
        )}
        <div className="flex flex-col-reverse gap-3 sm:flex-row sm:items-center sm:justify-between">
          <Button
            id="add-step"
            variant="secondary"
            disabled={list.fields.length >= 10}
            onClick={() => list.append(blankStep(), { focusName: `steps.${list.fields.length}.kind` })}
          >
            <Plus className="size-4" aria-hidden />
            Add step
          </Button>
          <div className="flex items-center justify-end gap-2">
            {formState.isDirty && (
              <Button variant="ghost" onClick={() => reset()}>
                Discard changes
              </Button>
            )}
            <Button type="submit" variant="primary" disabled={!formState.isDirty || saving}>
              Save as version {version + 1}
            </Button>
          </div>
        </div>
      </form>

      <PolicyDryRun resource={resource} steps={settled === 'null' ? null : (JSON.parse(settled) as PolicyStep[])} />

      <Modal
        open={confirming}
        onOpenChange={(open) => !saving && setConfirming(open)}
        title={`Save as version ${version + 1}?`}
        description="Requests filed from now on follow the new policy. Requests already waiting for approval keep the chain they started with."
      >
        <p className="rounded-md bg-zinc-50 px-3 py-2 text-sm text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200">{describePolicy(draftSteps, type, names)}</p>
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="ghost" onClick={() => setConfirming(false)} disabled={saving}>
            Cancel
          </Button>
          <Button variant="primary" onClick={save} disabled={saving} aria-disabled={saving}>
            {saving && <Loader2 className="size-4 animate-spin" aria-hidden />}
            {saving ? 'Saving…' : 'Save policy'}
          </Button>
        </div>
      </Modal>
    </FormProvider>
  );
}
