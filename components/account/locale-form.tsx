'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { saveMyPreferencesAction } from '@/lib/actions/preferences';
import { formatterFor } from '@/lib/format';
import type { Choice } from '@/lib/preferences/choices';

const SELECT = 'mt-1 block h-11 w-full rounded-md border border-zinc-300 bg-white px-3 text-sm md:h-9 dark:border-zinc-700 dark:bg-zinc-900';

/** The person's own locale and time zone, with a live preview of how dates, times and amounts will read. */
export function LocaleForm({
  initial,
  currency,
  sampleAmount,
  locales,
  zones,
}: {
  initial: { locale: string; time_zone: string };
  currency: string;
  sampleAmount: number;
  /** The server's choices (lib/preferences/choices.ts). */
  locales: Choice[];
  zones: Choice[];
}) {
  const router = useRouter();
  const [locale, setLocale] = useState(initial.locale);
  const [zone, setZone] = useState(initial.time_zone);
  const [saving, setSaving] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const preview = formatterFor({ locale, timeZone: zone, currency });
  const [now] = useState(() => new Date().toISOString());

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setErrors({});
    const result = await saveMyPreferencesAction({ locale, time_zone: zone });
    setSaving(false);
    if (!result.ok) {
      setErrors(Object.fromEntries((result.errors ?? []).map((e) => [e.path, e.message])));
      toast.error(result.error);
      return;
    }
    toast.success('Language and time zone saved.');
    router.refresh();
  };

  return (
    <form onSubmit={save} className="space-y-5">
      <div>
        <label htmlFor="pref-locale" className="block text-sm font-medium">Language and region</label>
        <select id="pref-locale" value={locale} onChange={(e) => setLocale(e.target.value)} className={SELECT} aria-describedby="pref-locale-help">
          {locales.map((l) => (
            <option key={l.value} value={l.value}>{l.label}</option>
          ))}
        </select>
        <p id="pref-locale-help" className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">How dates, times and numbers are written. The screens’ words stay in English.</p>
        {errors.locale && <p className="mt-1 text-sm text-red-700 dark:text-red-400">{errors.locale}</p>}
      </div>
      <div>
        <label htmlFor="pref-zone" className="block text-sm font-medium">Time zone</label>
        <select id="pref-zone" value={zone} onChange={(e) => setZone(e.target.value)} className={SELECT} aria-describedby="pref-zone-help">
          {zones.map((z) => (
            <option key={z.value} value={z.value}>{z.label}</option>
          ))}
        </select>
        <p id="pref-zone-help" className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">Every time is shown in this zone, and your greeting follows its clock.</p>
        {errors.time_zone && <p className="mt-1 text-sm text-red-700 dark:text-red-400">{errors.time_zone}</p>}
      </div>
      <div className="rounded-lg bg-zinc-50 p-3 text-sm dark:bg-zinc-900" aria-live="polite" data-testid="locale-preview">
        <p className="font-medium">Preview</p>
        <p className="mt-1 text-zinc-700 dark:text-zinc-300">
          Now: <span suppressHydrationWarning>{preview.dateTime(now)}</span> · An amount: {preview.money(sampleAmount)}
        </p>
      </div>
      <div className="flex justify-end">
        <Button type="submit" variant="primary" disabled={saving}>{saving ? 'Saving…' : 'Save'}</Button>
      </div>
    </form>
  );
}
