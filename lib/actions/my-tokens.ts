'use server';
/** Server action of the "Sessions and tokens" screen: revoke one of my own sessions or tokens. */
import { revalidatePath } from 'next/cache';
import { revokeMyToken } from '@/lib/security/my-tokens';
import { runAction } from './run-action';

export async function revokeMyTokenAction(id: string) {
  return runAction(async (ctx) => {
    await revokeMyToken(ctx, id);
    revalidatePath('/sessions');
    return { id };
  });
}
