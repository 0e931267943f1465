'use server';
/** Server actions of the settings screen: thin entry points over lib/operations/settings.ts. */
import { revalidatePath } from 'next/cache';
import { updateDirectoryPerson } from '@/lib/directory/people';
import { createApplication, mintKey, revokeKey } from '@/lib/operations/settings';
import { runAction } from './run-action';

function refreshed<T>(value: T): T {
  revalidatePath('/settings');
  return value;
}

export async function createApplicationAction(input: { name: string; description?: string }) {
  return runAction(async (ctx) => refreshed({ application: await createApplication(ctx, input) }));
}

export async function mintKeyAction(input: { appId: string; label: string; roles: string[]; expiresInDays: number }) {
  return runAction(async (ctx) => refreshed(await mintKey(ctx, input)));
}

export async function revokeKeyAction(keyId: string) {
  return runAction(async (ctx) => {
    await revokeKey(ctx, keyId);
    return refreshed({ id: keyId });
  });
}

export async function updatePersonAction(input: { personId: string; managerId: string | null; roles: string[] }) {
  return runAction(async (ctx) => {
    const person = await updateDirectoryPerson(ctx, input.personId, { manager_id: input.managerId, roles: input.roles });
    revalidatePath('/', 'layout');
    return { person };
  });
}
