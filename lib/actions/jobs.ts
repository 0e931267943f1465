'use server';
/** Server actions of the settings screen's Jobs panel: thin entry points over lib/jobs/admin. */
import { revalidatePath } from 'next/cache';
import { discardJob, retryJob } from '@/lib/jobs/admin';
import { runAction } from './run-action';

export async function retryJobAction(jobId: string) {
  return runAction(async (ctx) => {
    const job = await retryJob(ctx, jobId);
    revalidatePath('/settings');
    return { job };
  });
}

export async function discardJobAction(jobId: string) {
  return runAction(async (ctx) => {
    await discardJob(ctx, jobId);
    revalidatePath('/settings');
    return {};
  });
}
