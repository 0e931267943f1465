'use client';

import { Plus, Users } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useMemo, useState, useTransition } from 'react';
import { toast } from 'sonner';
import { useFormat } from '@/components/shell/format-provider';
import { Button } from '@/components/ui/button';
import { Modal } from '@/components/ui/confirm-dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { Field, inputClasses } from '@/components/ui/field';
import { savePersonAction } from '@/lib/actions/directory';
import { InvitePeople } from './invite-people';
import { OffboardingChecklist } from './offboarding-checklist';
import { OutOfOfficeFor } from './out-of-office-for';
import { errorsByField } from './people-picker';
import { roleLabel } from './role-label';
import { TableFrame } from '@/components/ui/table-frame';

const ROLES = ['employee', 'manager', 'hr', 'it', 'travel', 'admin'] as const;

export interface PersonRow {
  id: string;
  name: string;
  email: string;
  roles: string[];
  manager_id: string | null;
  title: string | null;
  started_on: string | null;
  active: boolean;
}

/** Everyone who reports to `id`, directly or not: choosing one of them as manager would close a loop. */
function reportsOf(people: PersonRow[], id: string): Set<string> {
  const found = new Set<string>();
  let frontier = [id];
  while (frontier.length > 0) {
    const next = people.filter((p) => p.manager_id && frontier.includes(p.manager_id) && !found.has(p.id)).map((p) => p.id);
    next.forEach((n) => found.add(n));
    frontier = next;
  }
  return found;
}

const CELL = 'px-3 py-2 max-md:p-0';
/** A column that takes a line of its own in a phone's card, under the name. */
const FULL = 'max-md:order-2 max-md:w-full';

/** What a value is, said on a phone's card (the table's header says it from md up). */
function PhoneLabel({ children }: { children: React.ReactNode }) {
  return <span className="mr-1.5 text-zinc-500 md:hidden dark:text-zinc-400">{children}</span>;
}

function StatusPill({ active }: { active: boolean }) {
  return active ? (
    <span className="inline-flex rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800 ring-1 ring-inset ring-emerald-600/25 dark:bg-emerald-400/10 dark:text-emerald-300 dark:ring-emerald-400/30">Active</span>
  ) : (
    <span className="inline-flex rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-medium text-zinc-700 ring-1 ring-inset ring-zinc-500/25 dark:bg-zinc-800 dark:text-zinc-300">Deactivated</span>
  );
}

/** A system of the catalogue, as the starter bundle offers it ("standard access"). */
export interface StarterSystem {
  id: string;
  name: string;
}

export function PeopleTable({ people, selfId, systems = [] }: { people: PersonRow[]; selfId: string; systems?: StarterSystem[] }) {
  const [editing, setEditing] = useState<PersonRow | 'new' | null>(null);
  const nameOf = useMemo(() => new Map(people.map((p) => [p.id, p.name])), [people]);
  const format = useFormat();
  const current = editing === 'new' ? null : editing;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="max-w-2xl text-sm text-zinc-600 dark:text-zinc-400">
          Everyone in your organisation. A person’s manager approves their requests first; roles decide what they may do, and a removed role stops working at once.
        </p>
        <div className="flex flex-wrap gap-2">
          <InvitePeople />
          <Button variant="primary" onClick={() => setEditing('new')}>
            <Plus className="size-4" aria-hidden />
            Add person
          </Button>
        </div>
      </div>
      {people.length === 0 ? (
        <EmptyState icon={Users} title="No people yet" description="Add the people of your organisation so they can sign in and file requests." />
      ) : (
        // A table from md up; on a phone each person is a card (name and status, then what the columns say, labelled).
        <TableFrame label="People">
          <table className="w-full text-left text-sm max-md:block">
            <thead className="bg-zinc-50 text-xs text-zinc-600 max-md:hidden dark:bg-zinc-900 dark:text-zinc-400">
              <tr>
                {['Person', 'Title', 'Roles', 'Manager', 'Started', 'Status'].map((h) => (
                  <th key={h} scope="col" className="px-3 py-2 font-medium">
                    {h}
                  </th>
                ))}
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 max-md:block dark:divide-zinc-800">
              {people.map((person) => (
                <tr
                  key={person.id}
                  data-testid="person-row"
                  className={`max-md:flex max-md:flex-wrap max-md:items-start max-md:gap-x-3 max-md:gap-y-1 max-md:px-4 max-md:py-3 ${person.active ? '' : 'text-zinc-500 dark:text-zinc-400'}`}
                >
                  <td className={`${CELL} max-md:min-w-0 max-md:flex-1`}>
                    <div className="font-medium text-zinc-900 dark:text-zinc-100">{person.name}</div>
                    <div className="text-xs text-zinc-500 max-md:break-all dark:text-zinc-400">{person.email}</div>
                  </td>
                  <td className={`${CELL} ${FULL} text-zinc-700 dark:text-zinc-300 ${person.title ? '' : 'max-md:hidden'}`}>
                    {person.title ?? <span className="text-zinc-500 dark:text-zinc-400">—</span>}
                  </td>
                  <td className={`${CELL} ${FULL}`}>
                    <div className="flex flex-wrap gap-1">
                      {person.roles.filter((r) => r !== 'employee').map((role) => (
                        <span key={role} className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
                          {roleLabel(role)}
                        </span>
                      ))}
                      {person.roles.every((r) => r === 'employee') && <span className="text-xs text-zinc-500 dark:text-zinc-400">Employee</span>}
                    </div>
                  </td>
                  <td className={`${CELL} ${FULL} text-zinc-700 dark:text-zinc-300`}>
                    <PhoneLabel>Manager</PhoneLabel>
                    {person.manager_id ? nameOf.get(person.manager_id) ?? 'Unknown' : <span className="text-zinc-500 dark:text-zinc-400">None (approvals go to admins)</span>}
                  </td>
                  <td className={`${CELL} ${FULL} whitespace-nowrap text-zinc-600 dark:text-zinc-400`}>
                    <PhoneLabel>Started</PhoneLabel>
                    {person.started_on ? format.date(person.started_on) : '—'}
                  </td>
                  <td className={`${CELL} max-md:shrink-0`}>
                    <StatusPill active={person.active} />
                  </td>
                  <td className={`${CELL} whitespace-nowrap text-right max-md:order-3 max-md:flex max-md:w-full max-md:flex-wrap max-md:justify-end max-md:gap-2 max-md:pt-2`}>
                    {person.active && person.id !== selfId && <OutOfOfficeFor person={person} />}
                    {!person.active && <OffboardingChecklist person={person} />}
                    <Button size="sm" variant="ghost" onClick={() => setEditing(person)} aria-label={`Edit ${person.name}`}>
                      Edit
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}
      <Modal
        open={editing !== null}
        onOpenChange={(open) => !open && setEditing(null)}
        title={current ? `Edit ${current.name}` : 'Add a person'}
        description={current ? "The manager approves this person's requests first." : 'They sign in with this email (single sign-on, or a password set later).'}
      >
        {editing !== null && <PersonForm key={current?.id ?? 'new'} person={current} people={people} systems={systems} selfId={selfId} onDone={() => setEditing(null)} />}
      </Modal>
    </div>
  );
}

function PersonForm({ person, people, systems, selfId, onDone }: { person: PersonRow | null; people: PersonRow[]; systems: StarterSystem[]; selfId: string; onDone: () => void }) {
  const router = useRouter();
  const [name, setName] = useState(person?.name ?? '');
  const [email, setEmail] = useState(person?.email ?? '');
  const [title, setTitle] = useState(person?.title ?? '');
  const [managerId, setManagerId] = useState(person?.manager_id ?? '');
  const [startedOn, setStartedOn] = useState(person?.started_on ?? '');
  const [roles, setRoles] = useState<string[]>(person?.roles ?? ['employee']);
  const [active, setActive] = useState(person?.active ?? true);
  const [bundle, setBundle] = useState(false);
  const [bundleSystems, setBundleSystems] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const excluded = useMemo(() => (person ? reportsOf(people, person.id).add(person.id) : new Set<string>()), [people, person]);
  const self = person?.id === selfId;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    startTransition(async () => {
      const input = {
        name,
        email,
        title: title.trim() || null,
        manager_id: managerId || null,
        roles,
        started_on: startedOn || null,
        ...(person ? { active } : {}),
        ...(!person && bundle ? { starter_bundle: { equipment_type: 'laptop', system_ids: bundleSystems, welcome_letter: true } } : {}),
      };
      const result = await savePersonAction(person?.id ?? null, input);
      if (!result.ok) {
        const byField = errorsByField(result.errors);
        setErrors(byField);
        setFormError(Object.keys(byField).length > 0 ? null : result.error);
        return;
      }
      toast.success(person ? `Saved ${result.person.name}` : `Added ${result.person.name}`);
      onDone();
      router.refresh();
    });
  };

  const describedBy = (field: string, help?: boolean) => [help ? `person-${field}-help` : '', errors[field] ? `person-${field}-error` : ''].filter(Boolean).join(' ') || undefined;

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="person-name" label="Name" required error={errors.name}>
          <input id="person-name" value={name} onChange={(e) => setName(e.target.value)} className={inputClasses} aria-required aria-invalid={!!errors.name || undefined} aria-describedby={describedBy('name')} autoComplete="off" />
        </Field>
        <Field id="person-email" label="Email" required error={errors.email}>
          <input id="person-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} className={inputClasses} aria-required aria-invalid={!!errors.email || undefined} aria-describedby={describedBy('email')} autoComplete="off" />
        </Field>
        <Field id="person-title" label="Title" error={errors.title}>
          <input id="person-title" value={title} onChange={(e) => setTitle(e.target.value)} className={inputClasses} aria-describedby={describedBy('title')} autoComplete="off" />
        </Field>
        <Field id="person-started_on" label="Started on" error={errors.started_on}>
          <input id="person-started_on" type="date" value={startedOn} onChange={(e) => setStartedOn(e.target.value)} className={inputClasses} aria-describedby={describedBy('started_on')} />
        </Field>
      </div>
      <Field id="person-manager" label="Manager" help="People who report to this person cannot be chosen: that would make a loop." error={errors.manager_id}>
        <select id="person-manager" value={managerId} onChange={(e) => setManagerId(e.target.value)} className={inputClasses} aria-describedby={['person-manager-help', errors.manager_id ? 'person-manager-error' : ''].filter(Boolean).join(' ')}>
          <option value="">No manager (admins approve)</option>
          {people
            .filter((p) => !excluded.has(p.id))
            .map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
        </select>
      </Field>
      <fieldset>
        <legend className="text-sm font-medium">Roles</legend>
        <div className="mt-1 grid grid-cols-2 gap-1 sm:grid-cols-3">
          {ROLES.map((role) => {
            const locked = role === 'employee' || (role === 'admin' && self);
            return (
              <label key={role} className={`flex items-center gap-1.5 text-sm ${locked ? 'text-zinc-500' : ''}`}>
                <input
                  type="checkbox"
                  checked={roles.includes(role)}
                  disabled={locked}
                  onChange={(e) => setRoles((current) => (e.target.checked ? [...current, role] : current.filter((r) => r !== role)))}
                  className="size-3.5 accent-accent-600"
                />
                {roleLabel(role)}
              </label>
            );
          })}
        </div>
        <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">Everyone is an employee. You cannot remove your own admin role.</p>
        {errors.roles && <p className="mt-1 text-sm text-red-700 dark:text-red-400">{errors.roles}</p>}
      </fieldset>
      {person && (
        <div>
          <label className={`flex items-center gap-2 text-sm ${self ? 'text-zinc-500' : ''}`}>
            <input type="checkbox" checked={active} disabled={self} onChange={(e) => setActive(e.target.checked)} className="size-3.5 accent-accent-600" />
            Active
          </label>
          <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">Deactivating ends their sessions and tokens at once, hands their open steps and tasks to their manager (else the admins), ends their delegations, and files revoke requests for their access and return tasks for their equipment. They stay in the directory and their history; you cannot deactivate yourself.</p>
          {errors.active && <p className="mt-1 text-sm text-red-700 dark:text-red-400">{errors.active}</p>}
        </div>
      )}
      {!person && (
        <div>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={bundle} onChange={(e) => setBundle(e.target.checked)} className="size-3.5 accent-accent-600" />
            File a starter bundle: a laptop, standard access and an HR welcome letter
          </label>
          <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">Filed for them, by you, through the usual approvals: their manager approves, not you.</p>
          {bundle && systems.length > 0 && (
            <fieldset className="mt-2">
              <legend className="text-sm font-medium">Standard access</legend>
              <div className="mt-1 grid grid-cols-2 gap-1 sm:grid-cols-3">
                {systems.map((system) => (
                  <label key={system.id} className="flex min-h-11 items-center gap-1.5 text-sm md:min-h-0">
                    <input
                      type="checkbox"
                      checked={bundleSystems.includes(system.id)}
                      onChange={(e) => setBundleSystems((current) => (e.target.checked ? [...current, system.id] : current.filter((id) => id !== system.id)))}
                      className="size-3.5 accent-accent-600"
                    />
                    {system.name}
                  </label>
                ))}
              </div>
              {Object.entries(errors).some(([field]) => field.startsWith('starter_bundle')) && (
                <p className="mt-1 text-sm text-red-700 dark:text-red-400">{Object.entries(errors).find(([field]) => field.startsWith('starter_bundle'))![1]}</p>
              )}
            </fieldset>
          )}
        </div>
      )}
      {formError && <p role="alert" className="text-sm text-red-700 dark:text-red-400">{formError}</p>}
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? 'Saving…' : person ? 'Save' : 'Add person'}
        </Button>
      </div>
    </form>
  );
}
