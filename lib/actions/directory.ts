'use server';
/** Server actions of the settings screen's People, Groups and Systems: thin entry points over lib/directory. */
import { revalidatePath } from 'next/cache';
import { createGroup, deleteGroup, updateGroup } from '@/lib/directory/groups';
import { updateDirectoryPerson } from '@/lib/directory/people';
import { createPersonWithBundle } from '@/lib/people/onboarding';
import { createSystem, deleteSystem, updateSystem } from '@/lib/directory/systems';
import { runAction } from './run-action';

export interface PersonInput {
  name: string;
  email: string;
  title: string | null;
  manager_id: string | null;
  roles: string[];
  started_on: string | null;
  active?: boolean;
  /** On adding: file a starter bundle (laptop, access, welcome letter) for them in the same step. */
  starter_bundle?: { equipment_type?: string | null; system_ids?: string[]; welcome_letter?: boolean };
}

/** Adds a person (no id) or changes one; names, roles and managers show everywhere, so the whole app refreshes. */
export async function savePersonAction(id: string | null, input: PersonInput) {
  return runAction(async (ctx) => {
    const person = id ? await updateDirectoryPerson(ctx, id, input) : await createPersonWithBundle(ctx, input);
    revalidatePath('/', 'layout');
    return { person };
  });
}

export interface GroupInput {
  name: string;
  description: string | null;
  member_ids: string[];
}

export async function saveGroupAction(id: string | null, input: GroupInput) {
  return runAction(async (ctx) => {
    const group = id ? await updateGroup(ctx, id, input) : await createGroup(ctx, input);
    revalidatePath('/settings');
    return { group };
  });
}

export async function deleteGroupAction(id: string) {
  return runAction(async (ctx) => {
    await deleteGroup(ctx, id);
    revalidatePath('/settings');
    return { id };
  });
}

export interface SystemInput {
  id: string;
  name: string;
  owner_ids: string[];
  entitlements: string[];
  max_days: number | null;
}

export async function saveSystemAction(existing: boolean, input: SystemInput) {
  return runAction(async (ctx) => {
    const system = existing ? await updateSystem(ctx, input.id, input) : await createSystem(ctx, input);
    revalidatePath('/', 'layout');
    return { system };
  });
}

export async function deleteSystemAction(id: string) {
  return runAction(async (ctx) => {
    await deleteSystem(ctx, id);
    revalidatePath('/', 'layout');
    return { id };
  });
}
