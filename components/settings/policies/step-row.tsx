'use client';

import { ArrowDown, ArrowUp, Plus, Trash2 } from 'lucide-react';
import { useFieldArray, useFormContext, useWatch } from 'react-hook-form';
import { Button } from '@/components/ui/button';
import { ROLES } from '@/db/schema';
import type { Approver } from '@/lib/policies/policy';
import { roleLabel } from '../role-label';
import { ConditionRow } from './condition-row';
import { ErrorText, errorAt, smallInput } from './controls';
import { blankCondition, SINGLE_KINDS, type ConditionFieldInfo, type PolicyDraft } from './step-draft';

export interface Named {
  id: string;
  name: string;
}

const KIND_LABEL: Record<Approver['kind'], string> = {
  manager: 'Manager',
  role: 'Role',
  person: 'Person',
  group: 'Group',
  system_owner: 'System owners',
};

const LEVELS = [
  ['1', 'their manager'],
  ['2', "their manager's manager"],
  ['3', '3 levels up'],
  ['4', '4 levels up'],
  ['5', '5 levels up'],
] as const;

/**
 * One step as a sentence with inline controls: "[Group] [Finance] needs [1] of them, when [estimated
 * cost] [is more than] [$ 2000]", with its conditions, move and remove buttons.
 */
export function StepRow({
  index,
  count,
  summary,
  resource,
  people,
  groups,
  fields,
  money,
  onMove,
  onRemove,
}: {
  index: number;
  count: number;
  summary: string;
  resource: string;
  people: Named[];
  groups: Named[];
  fields: ConditionFieldInfo[];
  money: Set<string>;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const { register, control, formState } = useFormContext<PolicyDraft>();
  const base = `steps.${index}` as const;
  const kind = useWatch({ control, name: `${base}.kind` });
  const conditions = useFieldArray({ control, name: `${base}.when` });
  const label = `Step ${index + 1}`;
  const idOf = (part: string) => `steps-${index}-${part}`;
  const err = (part: string) => errorAt(formState.errors, `${base}.${part}`);
  const aria = (part: string, name: string) => ({
    id: idOf(part),
    'aria-label': `${label}: ${name}`,
    'aria-invalid': err(part) ? true : undefined,
    'aria-describedby': err(part) ? idOf(`${part}-error`) : undefined,
  });
  const kinds = (Object.keys(KIND_LABEL) as Approver['kind'][]).filter((k) => k !== 'system_owner' || resource === 'access-requests' || kind === k);

  return (
    <li className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800" data-testid="policy-step">
      <div className="flex flex-wrap items-center gap-x-2 gap-y-2">
        <span className="flex size-6 shrink-0 items-center justify-center rounded-full bg-accent-600 text-xs font-semibold text-white tabular-nums" aria-hidden>
          {index + 1}
        </span>
        <h3 className="sr-only">{label}</h3>
        <span className="text-sm text-zinc-600 dark:text-zinc-400">{index === 0 ? 'First' : 'Then'}</span>
        <select {...register(`${base}.kind`)} {...aria('kind', 'approver')} className={smallInput}>
          {kinds.map((k) => (
            <option key={k} value={k}>
              {KIND_LABEL[k]}
            </option>
          ))}
        </select>
        {kind === 'manager' && (
          <select {...register(`${base}.level`)} {...aria('level', 'manager level')} className={smallInput}>
            {LEVELS.map(([value, words]) => (
              <option key={value} value={value}>
                {`level ${value}: ${words}`}
              </option>
            ))}
          </select>
        )}
        {kind === 'role' && (
          <select {...register(`${base}.role`)} {...aria('role', 'role')} className={smallInput}>
            {ROLES.filter((r) => r !== 'employee').map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
        )}
        {kind === 'person' && (
          <select {...register(`${base}.person_id`)} {...aria('person_id', 'person')} className={`${smallInput} max-w-56`}>
            <option value="">Choose a person…</option>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        )}
        {kind === 'group' && (
          <select {...register(`${base}.group_id`)} {...aria('group_id', 'group')} className={`${smallInput} max-w-56`}>
            <option value="">{groups.length ? 'Choose a group…' : 'No groups yet'}</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        )}
        {!SINGLE_KINDS.includes(kind) && (
          <span className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
            needs
            <input {...register(`${base}.min`)} {...aria('min', 'approvals needed')} type="number" inputMode="numeric" min={1} max={20} step={1} className={`${smallInput} w-16 tabular-nums`} />
            of them
          </span>
        )}
        <span className="ml-auto flex items-center gap-0.5">
          <Button id={idOf('up')} size="sm" variant="ghost" disabled={index === 0} onClick={() => onMove(index - 1)} aria-label={`Move step ${index + 1} up`}>
            <ArrowUp className="size-4" aria-hidden />
          </Button>
          <Button id={idOf('down')} size="sm" variant="ghost" disabled={index === count - 1} onClick={() => onMove(index + 1)} aria-label={`Move step ${index + 1} down`}>
            <ArrowDown className="size-4" aria-hidden />
          </Button>
          <Button size="sm" variant="ghost" className="text-red-700 dark:text-red-400" onClick={onRemove} aria-label={`Remove step ${index + 1}`}>
            <Trash2 className="size-4" aria-hidden />
          </Button>
        </span>
        {(['kind', 'level', 'role', 'person_id', 'group_id', 'min'] as const).map((part) => (
          <ErrorText key={part} id={idOf(`${part}-error`)} message={err(part)} />
        ))}
      </div>
      {conditions.fields.length > 0 && (
        <ul className="mt-2 space-y-2 pl-8" aria-label={`${label}: conditions`}>
          {conditions.fields.map((row, c) => (
            <ConditionRow key={row.id} step={index} index={c} fields={fields} money={money} onRemove={() => conditions.remove(c)} />
          ))}
        </ul>
      )}
      <ErrorText id={idOf('when-error')} message={err('when')} />
      <div className="mt-2 flex flex-wrap items-center justify-between gap-2 pl-8">
        <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="step-summary">
          Reads: {summary}
        </p>
        {fields.length > 0 && (
          <Button
            size="sm"
            variant="ghost"
            onClick={() => conditions.append(blankCondition(fields), { focusName: `${base}.when.${conditions.fields.length}.field` })}
          >
            <Plus className="size-4" aria-hidden />
            {conditions.fields.length === 0 ? 'Only when…' : 'And when…'}
            <span className="sr-only"> (step {index + 1})</span>
          </Button>
        )}
      </div>
    </li>
  );
}
