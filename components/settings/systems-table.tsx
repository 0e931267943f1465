'use client';

import { Boxes, Plus, X } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useMemo, useState, useTransition } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Modal } from '@/components/ui/confirm-dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { Field, inputClasses } from '@/components/ui/field';
import { deleteSystemAction, saveSystemAction } from '@/lib/actions/directory';
import { errorsByField, PeoplePicker, type PickablePerson } from './people-picker';
import { TableFrame } from '@/components/ui/table-frame';

export interface SystemRow {
  id: string;
  name: string;
  owner_ids: string[];
  entitlements: string[];
  max_days: number | null;
}

const chip = 'inline-flex items-center gap-1 rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300';

/** The systems catalogue: what access requests pick from, who owns each system, its entitlements and longest grant. */
export function SystemsTable({ systems, people }: { systems: SystemRow[]; people: PickablePerson[] }) {
  const router = useRouter();
  const [editing, setEditing] = useState<SystemRow | 'new' | null>(null);
  const [deleting, setDeleting] = useState<SystemRow | null>(null);
  const [pending, startTransition] = useTransition();
  const nameOf = useMemo(() => new Map(people.map((p) => [p.id, p.name])), [people]);
  const current = editing === 'new' ? null : editing;

  const remove = () => {
    if (!deleting) return;
    startTransition(async () => {
      const result = await deleteSystemAction(deleting.id);
      if (result.ok) toast.success(`Removed ${deleting.name} from the catalogue`);
      else toast.error(result.error);
      setDeleting(null);
      router.refresh();
    });
  };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="max-w-2xl text-sm text-zinc-600 dark:text-zinc-400">
          Access requests choose a system from this catalogue and one of its entitlements; a grant may not run longer than its maximum. While the catalogue is empty, people type any system name.
        </p>
        <Button variant="primary" onClick={() => setEditing('new')}>
          <Plus className="size-4" aria-hidden />
          Add system
        </Button>
      </div>
      {systems.length === 0 ? (
        <EmptyState icon={Boxes} title="The catalogue is empty" description="Add the systems people request access to, e.g. GitHub with read, write and admin." />
      ) : (
        <TableFrame label="Systems">
          <table className="w-full text-left text-sm">
            <thead className="bg-zinc-50 text-xs text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
              <tr>
                {['System', 'Owners', 'Entitlements', 'Longest grant'].map((h) => (
                  <th key={h} scope="col" className="px-3 py-2 font-medium">
                    {h}
                  </th>
                ))}
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {systems.map((system) => (
                <tr key={system.id} data-testid="system-row">
                  <td className="px-3 py-2">
                    <div className="font-medium text-zinc-900 dark:text-zinc-100">{system.name}</div>
                    <div className="font-mono text-xs text-zinc-500 dark:text-zinc-400">{system.id}</div>
                  </td>
                  <td className="px-3 py-2 text-zinc-700 dark:text-zinc-300">
                    {system.owner_ids.length === 0 ? <span className="text-zinc-500 dark:text-zinc-400">None</span> : system.owner_ids.map((id) => nameOf.get(id) ?? id).join(', ')}
                  </td>
                  <td className="px-3 py-2">
                    <div className="flex flex-wrap gap-1">
                      {system.entitlements.length === 0 ? <span className="text-xs text-zinc-500 dark:text-zinc-400">Any</span> : system.entitlements.map((e) => <span key={e} className={chip}>{e}</span>)}
                    </div>
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap text-zinc-700 dark:text-zinc-300">{system.max_days ? `${system.max_days} days` : <span className="text-zinc-500 dark:text-zinc-400">No limit</span>}</td>
                  <td className="px-3 py-2 text-right whitespace-nowrap">
                    <Button size="sm" variant="ghost" onClick={() => setEditing(system)} aria-label={`Edit ${system.name}`}>
                      Edit
                    </Button>
                    <Button size="sm" variant="ghost" className="text-red-700 dark:text-red-400" onClick={() => setDeleting(system)} aria-label={`Delete ${system.name}`}>
                      Delete
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}
      <Modal open={editing !== null} onOpenChange={(open) => !open && setEditing(null)} title={current ? `Edit ${current.name}` : 'Add a system'} description="What people may request access to, and how.">
        {editing !== null && <SystemForm key={current?.id ?? 'new'} system={current} people={people} onDone={() => setEditing(null)} />}
      </Modal>
      <Modal
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={`Remove ${deleting?.name ?? ''} from the catalogue?`}
        description="Requests already filed for it keep their system; new requests can no longer choose it."
      >
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={() => setDeleting(null)}>
            Cancel
          </Button>
          <Button variant="danger" onClick={remove} disabled={pending}>
            {pending ? 'Removing…' : 'Remove system'}
          </Button>
        </div>
      </Modal>
    </div>
  );
}

/** Entitlements as chips: type one and press Enter (or a comma) to add it; each chip has a remove button. */
function EntitlementsInput({ value, onChange, error }: { value: string[]; onChange: (next: string[]) => void; error?: string }) {
  const [draft, setDraft] = useState('');
  const add = () => {
    const names = draft.split(',').map((s) => s.trim()).filter(Boolean);
    if (names.length > 0) onChange([...new Set([...value, ...names])]);
    setDraft('');
  };
  return (
    <Field id="system-entitlements" label="Entitlements" help="The access levels people may ask for, e.g. read, write, admin. Leave empty to allow any." error={error}>
      <div className="space-y-2">
        {value.length > 0 && (
          <ul className="flex flex-wrap gap-1" aria-label="Chosen entitlements">
            {value.map((name) => (
              <li key={name} className={chip}>
                {name}
                <button type="button" onClick={() => onChange(value.filter((v) => v !== name))} aria-label={`Remove entitlement ${name}`} className="rounded hover:text-red-700">
                  <X className="size-3" aria-hidden />
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="flex gap-2">
          <input
            id="system-entitlements"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ',') {
                e.preventDefault();
                add();
              }
            }}
            onBlur={add}
            className={inputClasses}
            aria-describedby="system-entitlements-help"
            autoComplete="off"
          />
          <Button variant="secondary" onClick={add}>
            Add
          </Button>
        </div>
      </div>
    </Field>
  );
}

function SystemForm({ system, people, onDone }: { system: SystemRow | null; people: PickablePerson[]; onDone: () => void }) {
  const router = useRouter();
  const [id, setId] = useState(system?.id ?? '');
  const [name, setName] = useState(system?.name ?? '');
  const [owners, setOwners] = useState<string[]>(system?.owner_ids ?? []);
  const [entitlements, setEntitlements] = useState<string[]>(system?.entitlements ?? []);
  const [maxDays, setMaxDays] = useState(system?.max_days ? String(system.max_days) : '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const days = maxDays.trim() === '' ? null : Number(maxDays);
    if (days !== null && !Number.isInteger(days)) {
      setErrors({ max_days: 'Enter a whole number of days, or leave it empty for no limit' });
      return;
    }
    startTransition(async () => {
      const result = await saveSystemAction(!!system, { id: id.trim(), name, owner_ids: owners, entitlements, max_days: days });
      if (!result.ok) {
        const byField = errorsByField(result.errors);
        setErrors(byField);
        setFormError(Object.keys(byField).length > 0 ? null : result.error);
        return;
      }
      toast.success(system ? `Saved ${result.system.name}` : `Added ${result.system.name} to the catalogue`);
      onDone();
      router.refresh();
    });
  };

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="system-name" label="Name" required error={errors.name}>
          <input id="system-name" value={name} onChange={(e) => setName(e.target.value)} className={inputClasses} aria-required aria-invalid={!!errors.name || undefined} aria-describedby={errors.name ? 'system-name-error' : undefined} autoComplete="off" />
        </Field>
        <Field id="system-id" label="Id" required help={system ? 'The id cannot change.' : 'Lower-case letters, digits, - and _, e.g. github. Requests store it.'} error={errors.id}>
          <input
            id="system-id"
            value={id}
            onChange={(e) => setId(e.target.value)}
            readOnly={!!system}
            className={`${inputClasses} font-mono read-only:bg-zinc-50 dark:read-only:bg-zinc-900/50`}
            aria-required
            aria-invalid={!!errors.id || undefined}
            aria-describedby={['system-id-help', errors.id ? 'system-id-error' : ''].filter(Boolean).join(' ')}
            autoComplete="off"
          />
        </Field>
      </div>
      <EntitlementsInput value={entitlements} onChange={setEntitlements} error={errors.entitlements} />
      <Field id="system-max-days" label="Longest grant (days)" help="An access request may not expire later than this many days ahead. Leave empty for no limit." error={errors.max_days}>
        <input
          id="system-max-days"
          type="number"
          inputMode="numeric"
          min={1}
          max={3650}
          step={1}
          value={maxDays}
          onChange={(e) => setMaxDays(e.target.value)}
          className={`${inputClasses} tabular-nums`}
          aria-invalid={!!errors.max_days || undefined}
          aria-describedby={['system-max-days-help', errors.max_days ? 'system-max-days-error' : ''].filter(Boolean).join(' ')}
        />
      </Field>
      <PeoplePicker legend="Owners" help="Owners can be asked to approve access to their system." people={people} value={owners} onChange={setOwners} error={errors.owner_ids} />
      {formError && <p role="alert" className="text-sm text-red-700 dark:text-red-400">{formError}</p>}
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? 'Saving…' : system ? 'Save' : 'Add system'}
        </Button>
      </div>
    </form>
  );
}
