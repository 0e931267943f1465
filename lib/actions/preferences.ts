'use server';

/** The screens' preferences: the person's locale and zone, their browser's on the first visit, the tenant's currency. */
import { revalidatePath } from 'next/cache';
import { adoptBrowserPreferences, setMyPreferences, setTenantCurrency } from '@/lib/preferences/preferences';
import { runAction } from './run-action';

export async function saveMyPreferencesAction(input: { locale: string; time_zone: string }) {
  return runAction(async (ctx) => {
    const saved = await setMyPreferences(ctx, { locale: input.locale, time_zone: input.time_zone });
    revalidatePath('/', 'layout');
    return { preferences: saved };
  });
}

/** True when the browser's settings were taken (the person had chosen none). */
export async function adoptBrowserPreferencesAction(input: { locale?: unknown; time_zone?: unknown }): Promise<boolean> {
  const result = await runAction(async (ctx) => ({ adopted: await adoptBrowserPreferences(ctx, input ?? {}) }));
  return result.ok && result.adopted;
}

export async function saveCurrencyAction(currency: string) {
  return runAction(async (ctx) => {
    const saved = await setTenantCurrency(ctx, currency);
    revalidatePath('/', 'layout');
    return { currency: saved };
  });
}
