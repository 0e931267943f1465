'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { Loader2, Plus, Trash2 } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useMemo, useRef, useState } from 'react';
import { useFieldArray, useForm, useWatch, type FieldErrors, type Resolver } from 'react-hook-form';
import { toast } from 'sonner';
import { createRecordAction, updateRecordAction } from '@/lib/actions/records';
import { typeByResource } from '@/lib/operations/registry';
import { humanize, inSentence } from '@/lib/format';
import { Button, ButtonLink } from '@/components/ui/button';
import { Field, inputClasses } from '@/components/ui/field';
import { ApprovalPreview } from './approval-preview';
import { FormAlert } from './form-alert';
import { tagRowsOf, toInputValue, toPayload, type FormValues } from './form-values';
import { formFieldsOf, type FormField } from './schema-fields';
import { useFormat } from '@/components/shell/format-provider';

export interface PersonOption {
  id: string;
  name: string;
}

/** A system of the tenant's catalogue, as the access request form offers it. */
export interface CatalogueOption {
  id: string;
  name: string;
  entitlements: string[];
  max_days: number | null;
}

interface Props {
  resource: string;
  mode: 'create' | 'edit';
  admin: boolean;
  people: PersonOption[];
  /** The record being edited (edit mode). */
  record?: Record<string, unknown> & { id: string };
  /** Prefilled values for a new record (from the URL). */
  prefill?: Record<string, string>;
  /** The systems catalogue (access requests): pick a system and its entitlement; empty means free text. */
  catalogue?: CatalogueOption[];
}

const WIDE: FormField['input'][] = ['textarea'];

export function RecordForm({ resource, mode, admin, people, record, prefill, catalogue = [] }: Props) {
  const type = typeByResource(resource)!;
  const fields = useMemo(() => formFieldsOf(type, { admin }), [type, admin]);
  const schema = mode === 'create' ? type.schemas.create : type.schemas.update;
  const router = useRouter();
  const busy = useRef(false);
  const [done, setDone] = useState(false);
  const [formError, setFormError] = useState<{ detail: string; errors: { path: string; message: string }[] } | null>(null);
  // Dates and times are typed in the person's own zone, as every screen shows them.
  const { timeZone } = useFormat();

  const defaultValues = useMemo(() => {
    const values: FormValues = {};
    for (const field of fields) {
      values[field.name] = record ? toInputValue(field, record[field.name], timeZone) : (prefill?.[field.name] ?? '');
    }
    values.tags = record ? tagRowsOf(record.tags) : [];
    return values;
  }, [fields, record, prefill, timeZone]);

  const resolver: Resolver<FormValues> = async (values, context, options) => {
    const payload = toPayload(fields, values, mode, timeZone);
    const check = zodResolver(schema as never) as unknown as Resolver<Record<string, unknown>>;
    const result = await check(payload, context, options as never);
    const errors = result.errors as FieldErrors<Record<string, unknown>>;
    for (const field of fields) {
      // An empty required input reads best as "Required", whatever the schema's wording for a missing value.
      if (errors[field.name] && field.required && (values[field.name] ?? '').trim() === '') {
        errors[field.name] = { type: 'required', message: 'Required' };
      }
    }
    return result as never;
  };

  const form = useForm<FormValues>({ defaultValues, resolver, mode: 'onTouched' });
  const { register, handleSubmit, setError, control, formState } = form;
  const tags = useFieldArray({ control, name: 'tags' as never });
  const systemId = useWatch({ control, name: 'system_id' }) as string | undefined;
  const useCatalogue = catalogue.length > 0 && 'system_id' in type.fields;
  const chosenSystem = useCatalogue ? catalogue.find((system) => system.id === systemId) : undefined;
  const submitting = formState.isSubmitting || done;

  async function save(parsed: FormValues) {
    if (busy.current) return;
    busy.current = true;
    setFormError(null);
    try {
      const payload = parsed as unknown as Record<string, unknown>;
      const result = mode === 'create' ? await createRecordAction(resource, payload) : await updateRecordAction(resource, record!.id, payload);
      if (result.ok) {
        setDone(true);
        toast.success(mode === 'create' ? `${type.singular} filed` : 'Changes saved', { description: type.title(result.record) });
        router.push(`/${resource}/${result.record.id}`);
        return;
      }
      const unplaced: { path: string; message: string }[] = [];
      let focused = false;
      for (const error of result.error.errors) {
        const name = error.path.split('.')[0];
        if (fields.some((f) => f.name === name) || name === 'tags') {
          setError(name as never, { type: 'server', message: error.message }, { shouldFocus: !focused });
          focused = true;
        } else unplaced.push(error);
      }
      const placed = result.error.errors.length - unplaced.length;
      setFormError({ detail: placed > 0 && unplaced.length === 0 ? 'Check the highlighted fields and try again.' : result.error.detail, errors: unplaced });
    } finally {
      busy.current = false;
    }
  }

  const errorOf = (name: string) => (formState.errors[name] as { message?: string } | undefined)?.message;
  const describedBy = (name: string, help: boolean) =>
    [help ? `f-${name}-help` : '', errorOf(name) ? `f-${name}-error` : ''].filter(Boolean).join(' ') || undefined;

  const tagErrors = formState.errors.tags as { message?: string } | undefined;

  return (
    <form onSubmit={(event) => handleSubmit(save)(event)} noValidate className="space-y-6" aria-describedby={formError ? 'form-error' : undefined}>
      {formError && <FormAlert id="form-error" title={mode === 'create' ? 'The request was not filed' : 'The changes were not saved'} detail={formError.detail} errors={formError.errors} />}
      <div className="rounded-xl border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-950">
        <div className="grid gap-x-5 gap-y-5 md:grid-cols-2">
          {fields.map((field) => {
            const id = `f-${field.name}`;
            const common = {
              id,
              'aria-invalid': errorOf(field.name) ? true : undefined,
              'aria-describedby': describedBy(field.name, !!field.help),
              'aria-required': field.required || undefined,
              ...register(field.name),
            };
            let help = field.omitWhenEmpty ? `${field.help} Leave empty to file for yourself.` : field.help;
            let control: React.ReactNode;
            const catalogueControl = useCatalogue ? catalogueControlOf(field.name, common, catalogue, chosenSystem, record?.[field.name]) : null;
            if (catalogueControl) {
              control = catalogueControl.control;
              help = catalogueControl.help ?? help;
            } else if (field.name === 'expires_at' && chosenSystem?.max_days) {
              control = <input {...common} type="datetime-local" className={inputClasses} />;
              help = `${help} ${chosenSystem.name} grants access for at most ${chosenSystem.max_days} days.`;
            } else if (field.options) {
              control = (
                <select {...common} className={inputClasses}>
                  {(mode === 'create' || !field.required) && <option value="">{field.required ? 'Choose…' : '—'}</option>}
                  {field.options.map((option) => (
                    <option key={option} value={option}>
                      {humanize(option)}
                    </option>
                  ))}
                </select>
              );
            } else if (field.input === 'person') {
              control = (
                <select {...common} className={inputClasses}>
                  <option value="">{field.omitWhenEmpty ? 'Me' : '—'}</option>
                  {people.map((person) => (
                    <option key={person.id} value={person.id}>
                      {person.name}
                    </option>
                  ))}
                </select>
              );
            } else if (field.input === 'textarea') {
              control = <textarea {...common} rows={4} className={inputClasses} />;
            } else if (field.input === 'datetime') {
              control = <input {...common} type="datetime-local" className={inputClasses} />;
            } else if (field.input === 'money' || field.input === 'number' || field.input === 'integer') {
              control = (
                <input
                  {...common}
                  type="number"
                  inputMode="decimal"
                  step={field.input === 'money' ? '0.01' : '1'}
                  min={field.input === 'integer' ? undefined : 0}
                  className={`${inputClasses} tabular-nums`}
                />
              );
            } else {
              control = <input {...common} type={field.input === 'url' ? 'url' : 'text'} className={inputClasses} autoComplete="off" />;
            }
            return (
              <div key={field.name} className={WIDE.includes(field.input) ? 'md:col-span-2' : ''}>
                <Field id={id} label={field.label} help={help} error={errorOf(field.name)} required={field.required}>
                  {control}
                </Field>
              </div>
            );
          })}
        </div>
      </div>

      <fieldset className="rounded-xl border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-950">
        <legend className="px-1 text-sm font-medium text-zinc-900 dark:text-zinc-100">Tags</legend>
        <p className="text-xs text-zinc-600 dark:text-zinc-400">Free-form key/value labels, e.g. cost centre or project.</p>
        <div className="mt-3 space-y-2">
          {tags.fields.map((row, index) => (
            <div key={row.id} className="flex items-center gap-2">
              <input {...register(`tags.${index}.key` as never)} aria-label={`Tag ${index + 1} key`} placeholder="key" className={`${inputClasses} max-w-48`} />
              <input {...register(`tags.${index}.value` as never)} aria-label={`Tag ${index + 1} value`} placeholder="value" className={inputClasses} />
              <Button variant="ghost" size="sm" aria-label={`Remove tag ${index + 1}`} onClick={() => tags.remove(index)}>
                <Trash2 className="size-4" aria-hidden />
              </Button>
            </div>
          ))}
          {tagErrors?.message && <p className="text-sm text-red-700 dark:text-red-400">{tagErrors.message}</p>}
          <Button variant="ghost" size="sm" onClick={() => tags.append({ key: '', value: '' } as never)}>
            <Plus className="size-4" aria-hidden /> Add tag
          </Button>
        </div>
      </fieldset>

      <ApprovalPreview resource={resource} control={control} fields={fields} mode={mode} record={record} />

      <div className="flex items-center justify-end gap-2">
        <ButtonLink href={record ? `/${resource}/${record.id}` : `/${resource}`} variant="ghost">
          Cancel
        </ButtonLink>
        <Button type="submit" variant="primary" disabled={submitting} aria-disabled={submitting}>
          {submitting && <Loader2 className="size-4 animate-spin" aria-hidden />}
          {submitting ? (mode === 'create' ? 'Filing…' : 'Saving…') : mode === 'create' ? `File ${inSentence(type.singular)}` : 'Save changes'}
        </Button>
      </div>
    </form>
  );
}

/**
 * The access request's catalogue fields: the system as a select of the catalogue's names (with its longest
 * grant under it), and the entitlement as a select of the chosen system's entitlements when it lists any.
 * A value from before the catalogue (editing an older request) stays choosable.
 */
function catalogueControlOf(
  name: string,
  common: React.SelectHTMLAttributes<HTMLSelectElement>,
  catalogue: CatalogueOption[],
  chosen: CatalogueOption | undefined,
  stored: unknown,
): { control: React.ReactNode; help?: string } | null {
  const legacy = typeof stored === 'string' && stored !== '' ? stored : null;
  if (name === 'system_id') {
    return {
      control: (
        <select {...common} className={inputClasses}>
          <option value="">Choose a system…</option>
          {catalogue.map((system) => (
            <option key={system.id} value={system.id}>
              {system.name}
            </option>
          ))}
          {legacy && !catalogue.some((system) => system.id === legacy) && <option value={legacy}>{legacy} (not in the catalogue)</option>}
        </select>
      ),
      help: chosen
        ? `${chosen.name}: ${chosen.entitlements.length > 0 ? `entitlements ${chosen.entitlements.join(', ')}` : 'any entitlement'}; longest grant ${chosen.max_days ? `${chosen.max_days} days` : 'not limited'}.`
        : 'The system from your organisation’s catalogue.',
    };
  }
  if (name === 'entitlement_type' && chosen && chosen.entitlements.length > 0) {
    return {
      control: (
        <select {...common} className={inputClasses}>
          <option value="">—</option>
          {chosen.entitlements.map((entitlement) => (
            <option key={entitlement} value={entitlement}>
              {entitlement}
            </option>
          ))}
          {legacy && !chosen.entitlements.includes(legacy) && <option value={legacy}>{legacy} (not offered by {chosen.name})</option>}
        </select>
      ),
      help: `The access level in ${chosen.name}.`,
    };
  }
  return null;
}
