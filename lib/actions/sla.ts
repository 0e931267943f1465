'use server';
/** The settings screen's SLA section: a thin entry point over lib/sla/settings (the same rule as PUT /settings/sla). */
import { revalidatePath } from 'next/cache';
import { putSlaSettings } from '@/lib/sla/settings';
import { runAction } from './run-action';

export async function saveSlaSettingsAction(input: unknown) {
  return runAction(async (ctx) => {
    const settings = await putSlaSettings(ctx, input);
    revalidatePath('/settings');
    return { settings };
  });
}
