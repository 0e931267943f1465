'use server';
/**
 * Server actions of "Out of office" (engine.md §3): read, set and end a person's delegation — one's own
 * from the user menu, or an admin's for someone off sick from People settings. Thin entry points over
 * lib/delegation, which decides who may do what.
 */
import { revalidatePath } from 'next/cache';
import { listPeople } from '@/lib/data/people';
import { endDelegation, getDelegation, setDelegation } from '@/lib/delegation/delegations';
import { runAction } from './run-action';

export interface DelegationView {
  delegateId: string;
  delegateName: string;
  startsAt: string;
  endsAt: string;
  active: boolean;
}

/** The person's live delegation and the people who could decide for them (everyone else active in the tenant). */
export async function loadDelegationAction(personId: string | null) {
  return runAction(async (ctx, caller) => {
    const who = personId ?? caller.personId;
    const [delegation, people] = await Promise.all([getDelegation(ctx, who), listPeople(ctx)]);
    const names = new Map(people.map((p) => [p.id, p.name]));
    const view: DelegationView | null = delegation
      ? { delegateId: delegation.delegate_id, delegateName: names.get(delegation.delegate_id) ?? 'someone', startsAt: delegation.starts_at, endsAt: delegation.ends_at, active: delegation.active }
      : null;
    // A deactivated person decides for nobody (lib/directory/common.ts assertActivePerson): not offered.
    return { delegation: view, people: people.filter((p) => p.id !== who && p.active).map((p) => ({ id: p.id, name: p.name })) };
  });
}

export interface DelegationInput {
  delegate_id: string;
  starts_at?: string;
  ends_at: string;
}

export async function setDelegationAction(personId: string | null, input: DelegationInput) {
  return runAction(async (ctx, caller) => {
    const delegation = await setDelegation(ctx, personId ?? caller.personId, input);
    revalidatePath('/', 'layout');
    return { delegation };
  });
}

export async function endDelegationAction(personId: string | null) {
  return runAction(async (ctx, caller) => {
    await endDelegation(ctx, personId ?? caller.personId);
    revalidatePath('/', 'layout');
    return {};
  });
}
