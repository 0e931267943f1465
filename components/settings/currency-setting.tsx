'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { saveCurrencyAction } from '@/lib/actions/preferences';
import type { Choice } from '@/lib/preferences/choices';

/** The currency every amount of the organisation is shown in (admins). */
export function CurrencySetting({ initial, choices }: { initial: string; choices: Choice[] }) {
  const router = useRouter();
  const [currency, setCurrency] = useState(initial);
  const [saving, setSaving] = useState(false);
  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setSaving(true);
    const result = await saveCurrencyAction(currency);
    setSaving(false);
    if (!result.ok) return void toast.error(result.error);
    toast.success(`Amounts are now shown in ${result.currency}.`);
    router.refresh();
  };
  return (
    <form onSubmit={save} className="flex flex-wrap items-end gap-3">
      <div className="min-w-64 flex-1">
        <label htmlFor="tenant-currency" className="block text-sm font-medium">Currency</label>
        <select id="tenant-currency" value={currency} onChange={(e) => setCurrency(e.target.value)} className="mt-1 block h-11 w-full rounded-md border border-zinc-300 bg-white px-3 text-sm md:h-9 dark:border-zinc-700 dark:bg-zinc-900">
          {choices.map((o) => (
            <option key={o.value} value={o.value}>{o.label}</option>
          ))}
        </select>
        <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">Every amount (costs, estimates, policy limits) is shown in this currency; amounts are not converted.</p>
      </div>
      <Button type="submit" variant="primary" disabled={saving || currency === initial}>{saving ? 'Saving…' : 'Save currency'}</Button>
    </form>
  );
}
