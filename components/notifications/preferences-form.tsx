'use client';

import { useState } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';

export interface PreferencesValue {
  email: Record<string, boolean>;
  digest: boolean;
}

/** Email per kind of event, or one daily digest. Saved with PUT /api/v1/me/notification-preferences. */
export function PreferencesForm({ initial, kinds }: { initial: PreferencesValue; kinds: { kind: string; label: string }[] }) {
  const [value, setValue] = useState(initial);
  const [saving, setSaving] = useState(false);
  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setSaving(true);
    try {
      const response = await fetch('/api/v1/me/notification-preferences', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(value),
      });
      if (!response.ok) throw new Error((await response.json().catch(() => null))?.detail ?? 'Could not save your preferences.');
      setValue((await response.json()) as PreferencesValue);
      toast.success('Notification preferences saved.');
    } catch (error) {
      toast.error(error instanceof Error ? error.message : 'Could not save your preferences.');
    } finally {
      setSaving(false);
    }
  };
  return (
    <form onSubmit={save} className="space-y-6">
      <fieldset className="space-y-2">
        <legend className="text-sm font-semibold text-zinc-900 dark:text-white">How email reaches you</legend>
        <label className="flex items-start gap-2 text-sm">
          <input type="radio" name="delivery" className="mt-1" checked={!value.digest} onChange={() => setValue({ ...value, digest: false })} />
          <span>
            An email for each event chosen below
            <span className="block text-zinc-600 dark:text-zinc-400">Sent within a minute of it happening.</span>
          </span>
        </label>
        <label className="flex items-start gap-2 text-sm">
          <input type="radio" name="delivery" className="mt-1" checked={value.digest} onChange={() => setValue({ ...value, digest: true })} />
          <span>
            One daily digest
            <span className="block text-zinc-600 dark:text-zinc-400">Once a day, what is still unread, in one email.</span>
          </span>
        </label>
      </fieldset>
      <fieldset className="space-y-2" disabled={value.digest}>
        <legend className="text-sm font-semibold text-zinc-900 dark:text-white">Email me when</legend>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Everything always shows under the bell; these choose what also arrives by email.</p>
        {kinds.map(({ kind, label }) => (
          <label key={kind} className={`flex items-center gap-2 text-sm ${value.digest ? 'opacity-60' : ''}`}>
            <input
              type="checkbox"
              checked={value.email[kind] !== false}
              onChange={(e) => setValue({ ...value, email: { ...value.email, [kind]: e.target.checked } })}
            />
            {label}
          </label>
        ))}
      </fieldset>
      <div className="flex justify-end">
        <Button type="submit" variant="primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save preferences'}
        </Button>
      </div>
    </form>
  );
}
