'use client';

import { Plus, UsersRound } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useMemo, useState, useTransition } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Modal } from '@/components/ui/confirm-dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { Field, inputClasses } from '@/components/ui/field';
import { deleteGroupAction, saveGroupAction } from '@/lib/actions/directory';
import { errorsByField, PeoplePicker, type PickablePerson } from './people-picker';
import { TableFrame } from '@/components/ui/table-frame';

export interface GroupRow {
  id: string;
  name: string;
  description: string | null;
  member_ids: string[];
}

/** Approver groups (Finance, Legal…): approval policies can route a step to one. */
export function GroupsTable({ groups, people }: { groups: GroupRow[]; people: PickablePerson[] }) {
  const router = useRouter();
  const [editing, setEditing] = useState<GroupRow | 'new' | null>(null);
  const [deleting, setDeleting] = useState<GroupRow | null>(null);
  const [pending, startTransition] = useTransition();
  const nameOf = useMemo(() => new Map(people.map((p) => [p.id, p.name])), [people]);
  const current = editing === 'new' ? null : editing;

  const remove = () => {
    if (!deleting) return;
    startTransition(async () => {
      const result = await deleteGroupAction(deleting.id);
      if (result.ok) toast.success(`Deleted the group “${deleting.name}”`);
      else toast.error(result.error);
      setDeleting(null);
      router.refresh();
    });
  };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="max-w-2xl text-sm text-zinc-600 dark:text-zinc-400">Groups of approvers such as Finance or Legal. An approval policy can send a step to a group; any member may decide it.</p>
        <Button variant="primary" onClick={() => setEditing('new')}>
          <Plus className="size-4" aria-hidden />
          New group
        </Button>
      </div>
      {groups.length === 0 ? (
        <EmptyState icon={UsersRound} title="No groups yet" description="Create a group for each team that approves together, e.g. Finance for large expenses." />
      ) : (
        <TableFrame label="Groups">
          <table className="w-full text-left text-sm">
            <thead className="bg-zinc-50 text-xs text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">Group</th>
                <th scope="col" className="px-3 py-2 font-medium">Members</th>
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {groups.map((group) => (
                <tr key={group.id} data-testid="group-row">
                  <td className="px-3 py-2">
                    <div className="font-medium text-zinc-900 dark:text-zinc-100">{group.name}</div>
                    {group.description && <div className="text-xs text-zinc-500 dark:text-zinc-400">{group.description}</div>}
                  </td>
                  <td className="px-3 py-2 text-zinc-700 dark:text-zinc-300">
                    {group.member_ids.length === 0 ? <span className="text-zinc-500 dark:text-zinc-400">No members: steps sent here go to admins</span> : group.member_ids.map((id) => nameOf.get(id) ?? id).join(', ')}
                  </td>
                  <td className="px-3 py-2 text-right whitespace-nowrap">
                    <Button size="sm" variant="ghost" onClick={() => setEditing(group)} aria-label={`Edit ${group.name}`}>
                      Edit
                    </Button>
                    <Button size="sm" variant="ghost" className="text-red-700 dark:text-red-400" onClick={() => setDeleting(group)} aria-label={`Delete ${group.name}`}>
                      Delete
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}
      <Modal open={editing !== null} onOpenChange={(open) => !open && setEditing(null)} title={current ? `Edit ${current.name}` : 'New group'} description="Name the group and choose its members.">
        {editing !== null && <GroupForm key={current?.id ?? 'new'} group={current} people={people} onDone={() => setEditing(null)} />}
      </Modal>
      <Modal
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={`Delete “${deleting?.name ?? ''}”?`}
        description="Its members stay; policy steps that name this group stop finding approvers in it."
      >
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={() => setDeleting(null)}>
            Cancel
          </Button>
          <Button variant="danger" onClick={remove} disabled={pending}>
            {pending ? 'Deleting…' : 'Delete group'}
          </Button>
        </div>
      </Modal>
    </div>
  );
}

function GroupForm({ group, people, onDone }: { group: GroupRow | null; people: PickablePerson[]; onDone: () => void }) {
  const router = useRouter();
  const [name, setName] = useState(group?.name ?? '');
  const [description, setDescription] = useState(group?.description ?? '');
  const [members, setMembers] = useState<string[]>(group?.member_ids ?? []);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    startTransition(async () => {
      const result = await saveGroupAction(group?.id ?? null, { name, description: description.trim() || null, member_ids: members });
      if (!result.ok) {
        const byField = errorsByField(result.errors);
        setErrors(byField);
        setFormError(Object.keys(byField).length > 0 ? null : result.error);
        return;
      }
      toast.success(group ? `Saved ${result.group.name}` : `Created ${result.group.name}`);
      onDone();
      router.refresh();
    });
  };

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <Field id="group-name" label="Name" required error={errors.name}>
        <input id="group-name" value={name} onChange={(e) => setName(e.target.value)} className={inputClasses} aria-required aria-invalid={!!errors.name || undefined} aria-describedby={errors.name ? 'group-name-error' : undefined} autoComplete="off" />
      </Field>
      <Field id="group-description" label="Description" help="What the group approves, in a line." error={errors.description}>
        <input id="group-description" value={description} onChange={(e) => setDescription(e.target.value)} className={inputClasses} aria-describedby="group-description-help" autoComplete="off" />
      </Field>
      <PeoplePicker legend="Members" people={people} value={members} onChange={setMembers} error={errors.member_ids} />
      {formError && <p role="alert" className="text-sm text-red-700 dark:text-red-400">{formError}</p>}
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? 'Saving…' : group ? 'Save' : 'Create group'}
        </Button>
      </div>
    </form>
  );
}
