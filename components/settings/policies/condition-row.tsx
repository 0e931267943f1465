'use client';

import { X } from 'lucide-react';
import { useFormContext, useWatch } from 'react-hook-form';
import { Button } from '@/components/ui/button';
import { humanize } from '@/lib/format';
import type { Op } from '@/lib/policies/policy';
import { ErrorText, errorAt, smallInput } from './controls';
import { opsFor, type ConditionFieldInfo, type PolicyDraft } from './step-draft';

const OP_LABEL: Record<Op, string> = {
  '=': 'is',
  '!=': 'is not',
  '>': 'is more than',
  '>=': 'is at least',
  '<': 'is less than',
  '<=': 'is at most',
  in: 'is one of',
};

/** "when [estimated cost] [is more than] [$ 2000]": one condition of a step, as a sentence with inline controls. */
export function ConditionRow({ step, index, fields, money, onRemove }: { step: number; index: number; fields: ConditionFieldInfo[]; money: Set<string>; onRemove: () => void }) {
  const { register, setValue, control, formState } = useFormContext<PolicyDraft>();
  const base = `steps.${step}.when.${index}` as const;
  const fieldName = useWatch({ control, name: `${base}.field` });
  const op = useWatch({ control, name: `${base}.op` });
  const field = fields.find((f) => f.name === fieldName);
  const label = `Step ${step + 1}, condition ${index + 1}`;
  const idOf = (part: string) => `${base.replace(/\./g, '-')}-${part}`;
  const err = (part: string) => errorAt(formState.errors, `${base}.${part}`);
  const describe = (part: string) => (err(part) ? idOf(`${part}-error`) : undefined);

  const fieldControl = register(`${base}.field`, {
    onChange: (event: React.ChangeEvent<HTMLSelectElement>) => {
      const next = fields.find((f) => f.name === event.target.value);
      if (!opsFor(next).includes(op)) setValue(`${base}.op`, opsFor(next)[0]);
      setValue(`${base}.value`, '');
      setValue(`${base}.values`, []);
    },
  });

  let valueControl: React.ReactNode;
  if (op === 'in' && field?.options) {
    valueControl = (
      <fieldset className="flex flex-wrap gap-x-3 gap-y-1 rounded-md border border-zinc-300 px-2 py-1.5 dark:border-zinc-700" aria-describedby={describe('value')}>
        <legend className="sr-only">{`${label}: values`}</legend>
        {field.options.map((option) => (
          <label key={option} className="flex items-center gap-1.5 text-sm">
            <input type="checkbox" value={option} {...register(`${base}.values`)} className="size-3.5 accent-accent-600" />
            {humanize(option)}
          </label>
        ))}
      </fieldset>
    );
  } else if (field?.options) {
    valueControl = (
      <select {...register(`${base}.value`)} aria-label={`${label}: value`} aria-invalid={err('value') ? true : undefined} aria-describedby={describe('value')} className={smallInput}>
        <option value="">Choose…</option>
        {field.options.map((option) => (
          <option key={option} value={option}>
            {humanize(option)}
          </option>
        ))}
      </select>
    );
  } else if (field?.numeric) {
    valueControl = (
      <span className="relative inline-flex">
        {money.has(field.name) && <span className="pointer-events-none absolute inset-y-0 left-2 flex items-center text-sm text-zinc-500 dark:text-zinc-400" aria-hidden>$</span>}
        <input
          {...register(`${base}.value`)}
          type="number"
          inputMode="decimal"
          step="any"
          aria-label={`${label}: ${money.has(field.name) ? 'amount in dollars' : 'number'}`}
          aria-invalid={err('value') ? true : undefined}
          aria-describedby={describe('value')}
          className={`${smallInput} w-32 tabular-nums ${money.has(field.name) ? 'pl-5' : ''}`}
        />
      </span>
    );
  } else {
    valueControl = (
      <input
        {...register(`${base}.value`)}
        type="text"
        placeholder={op === 'in' ? 'a, b, c' : ''}
        aria-label={`${label}: ${op === 'in' ? 'values, separated by commas' : 'value'}`}
        aria-invalid={err('value') ? true : undefined}
        aria-describedby={describe('value')}
        className={`${smallInput} w-40`}
      />
    );
  }

  return (
    <li className="flex flex-wrap items-center gap-x-2 gap-y-1.5" data-testid="condition-row">
      <span className="text-sm text-zinc-600 dark:text-zinc-400">{index === 0 ? 'when' : 'and'}</span>
      <select {...fieldControl} aria-label={`${label}: field`} aria-invalid={err('field') ? true : undefined} aria-describedby={describe('field')} className={smallInput}>
        {!field && fieldName && <option value={fieldName}>{fieldName} (unknown)</option>}
        {fields.map((f) => (
          <option key={f.name} value={f.name}>
            {f.label.toLowerCase()}
          </option>
        ))}
      </select>
      <select {...register(`${base}.op`)} aria-label={`${label}: comparison`} aria-invalid={err('op') ? true : undefined} aria-describedby={describe('op')} className={smallInput}>
        {opsFor(field).map((o) => (
          <option key={o} value={o}>
            {OP_LABEL[o]}
          </option>
        ))}
      </select>
      {valueControl}
      <Button size="sm" variant="ghost" onClick={onRemove} aria-label={`Remove ${label.toLowerCase()}`}>
        <X className="size-4" aria-hidden />
      </Button>
      {(['field', 'op', 'value'] as const).map((part) => (
        <ErrorText key={part} id={idOf(`${part}-error`)} message={err(part)} />
      ))}
    </li>
  );
}
