'use client';

import { useRouter } from 'next/navigation';
import { useMemo, useState, useTransition } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Modal } from '@/components/ui/confirm-dialog';
import { Field, inputClasses } from '@/components/ui/field';
import { updatePersonAction } from '@/lib/actions/settings';
import { roleLabel } from './role-label';

const ROLES = ['employee', 'manager', 'hr', 'it', 'travel', 'admin'] as const;

export interface PersonRow {
  id: string;
  name: string;
  email: string;
  roles: string[];
  manager_id: string | null;
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

export function PeopleTable({ people, selfId }: { people: PersonRow[]; selfId: string }) {
  const [editing, setEditing] = useState<PersonRow | null>(null);
  const nameOf = useMemo(() => new Map(people.map((p) => [p.id, p.name])), [people]);
  return (
    <>
      <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
        <table className="w-full text-left text-sm">
          <thead className="bg-zinc-50 text-xs text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">Person</th>
              <th scope="col" className="px-3 py-2 font-medium">Roles</th>
              <th scope="col" className="px-3 py-2 font-medium">Manager</th>
              <th scope="col" className="px-3 py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {people.map((person) => (
              <tr key={person.id} data-testid="person-row">
                <td className="px-3 py-2">
                  <div className="font-medium text-zinc-900 dark:text-zinc-100">{person.name}</div>
                  <div className="text-xs text-zinc-500">{person.email}</div>
                </td>
                <td className="px-3 py-2">
                  <div className="flex flex-wrap gap-1">
                    {person.roles.filter((r) => r !== 'employee').map((role) => (
                      <span key={role} className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
                        {roleLabel(role)}
                      </span>
                    ))}
                    {person.roles.every((r) => r === 'employee') && <span className="text-xs text-zinc-500">Employee</span>}
                  </div>
                </td>
                <td className="px-3 py-2 text-zinc-700 dark:text-zinc-300">
                  {person.manager_id ? nameOf.get(person.manager_id) ?? 'Unknown' : <span className="text-zinc-500">None (approvals go to admins)</span>}
                </td>
                <td className="px-3 py-2 text-right">
                  <Button size="sm" variant="ghost" onClick={() => setEditing(person)} aria-label={`Edit ${person.name}`}>
                    Edit
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Modal open={editing !== null} onOpenChange={(open) => !open && setEditing(null)} title={`Edit ${editing?.name ?? ''}`} description="The manager approves this person's requests first.">
        {editing && <PersonForm key={editing.id} person={editing} people={people} selfId={selfId} onDone={() => setEditing(null)} />}
      </Modal>
    </>
  );
}

function PersonForm({ person, people, selfId, onDone }: { person: PersonRow; people: PersonRow[]; selfId: string; onDone: () => void }) {
  const router = useRouter();
  const [managerId, setManagerId] = useState(person.manager_id ?? '');
  const [roles, setRoles] = useState<string[]>(person.roles);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const excluded = useMemo(() => reportsOf(people, person.id).add(person.id), [people, person.id]);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    startTransition(async () => {
      const result = await updatePersonAction({ personId: person.id, managerId: managerId || null, roles });
      if (!result.ok) {
        setError(result.errors?.[0]?.message ?? result.error);
        return;
      }
      toast.success(`Saved ${person.name}`);
      onDone();
      router.refresh();
    });
  };

  return (
    <form onSubmit={submit} className="space-y-4">
      <Field id="person-manager" label="Manager" help="People who report to this person cannot be chosen: that would make a loop.">
        <select id="person-manager" value={managerId} onChange={(e) => setManagerId(e.target.value)} className={inputClasses}>
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
            const locked = role === 'employee' || (role === 'admin' && person.id === selfId);
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
      </fieldset>
      {error && <p className="text-sm text-red-700 dark:text-red-400">{error}</p>}
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? 'Saving…' : 'Save'}
        </Button>
      </div>
    </form>
  );
}
