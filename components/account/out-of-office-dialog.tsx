'use client';

import { Loader2, Plane } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Modal } from '@/components/ui/confirm-dialog';
import { Field, inputClasses } from '@/components/ui/field';
import { Skeleton } from '@/components/ui/skeleton';
import { useFormat } from '@/components/shell/format-provider';
import type { Formatter } from '@/lib/format';
import { localDate, startOfLocalDay } from '@/lib/sla/calendar';
import { endDelegationAction, loadDelegationAction, setDelegationAction, type DelegationView } from '@/lib/actions/delegation';

type Loaded = { delegation: DelegationView | null; people: { id: string; name: string }[] };

/** "Friday, 4 Dec" in the person's locale and zone; an end time is exclusive, so the last day is the one before it. */
function dayOf(iso: string, format: Formatter, exclusiveEnd = false): string {
  return format.weekday(new Date(new Date(iso).getTime() - (exclusiveEnd ? 1 : 0)).toISOString());
}

/** "Away until Friday, 4 Dec — Tara Thompson decides for you", as the person (or the admin) reads it. */
export function delegationSentence(delegation: DelegationView, personName: string | null, format: Formatter): string {
  const who = personName ? `${personName} is away` : 'Away';
  const until = dayOf(delegation.endsAt, format, true);
  const when = delegation.active ? `until ${until}` : `from ${dayOf(delegation.startsAt, format)} until ${until}`;
  return `${who} ${when} — ${delegation.delegateName} decides for ${personName ?? 'you'}`;
}

/**
 * Out of office (engine.md §3): who decides for a person while they are away, and until when. `person`
 * null is the signed-in person (from the user menu); an admin passes someone else (People settings).
 */
export function OutOfOfficeDialog({ person, open, onOpenChange }: { person: { id: string; name: string } | null; open: boolean; onOpenChange: (open: boolean) => void }) {
  const title = person ? `Out of office for ${person.name}` : 'Out of office';
  return (
    <Modal
      open={open}
      onOpenChange={onOpenChange}
      title={title}
      description={`While ${person ? `${person.name} is` : 'you are'} away, the person chosen here sees and decides the approvals that name ${person ? 'them' : 'you'}. Steps for a role stay with the role.`}
    >
      {open && <OutOfOfficeBody person={person} onDone={() => onOpenChange(false)} />}
    </Modal>
  );
}

function OutOfOfficeBody({ person, onDone }: { person: { id: string; name: string } | null; onDone: () => void }) {
  const router = useRouter();
  const personId = person?.id ?? null;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [delegateId, setDelegateId] = useState('');
  const [from, setFrom] = useState('');
  const [until, setUntil] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  // Days are the person's days: counted in their time zone, whatever the computer's clock says.
  const format = useFormat();
  const zone = format.timeZone;
  const [openedAt] = useState(() => Date.now());
  const today = localDate(openedAt, zone);

  useEffect(() => {
    let live = true;
    void loadDelegationAction(personId).then((result) => {
      if (!live) return;
      if (!result.ok) return setLoadError(result.error);
      setLoaded({ delegation: result.delegation, people: result.people });
      if (result.delegation) {
        // Changing a live delegation starts from what is set: same person, same days.
        setDelegateId(result.delegation.delegateId);
        setUntil(localDate(new Date(result.delegation.endsAt).getTime() - 1, zone));
        if (!result.delegation.active) setFrom(localDate(new Date(result.delegation.startsAt).getTime(), zone));
      }
    });
    return () => {
      live = false;
    };
  }, [personId, zone]);

  async function save(event: React.FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found: Record<string, string> = {};
    if (!delegateId) found.delegate_id = 'Choose who decides while away';
    if (!until) found.ends_at = 'Choose the last day away';
    else if (from && until < from) found.ends_at = 'The last day is before the first';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    const startsAt = from && from > today ? startOfLocalDay(from, zone) : undefined;
    const endsAt = startOfLocalDay(until, zone, 1);
    const result = await setDelegationAction(personId, { delegate_id: delegateId, ends_at: endsAt, ...(startsAt ? { starts_at: startsAt } : {}) });
    setBusy(false);
    if (!result.ok) {
      const fieldErrors = Object.fromEntries((result.errors ?? []).map((e) => [e.path.split('.')[0], e.message]));
      setErrors(Object.keys(fieldErrors).length > 0 ? fieldErrors : { form: result.error });
      return;
    }
    const name = loaded?.people.find((p) => p.id === delegateId)?.name ?? 'They';
    toast.success('Out of office set', { description: `${name} decides for ${person ? person.name : 'you'} until ${dayOf(endsAt, format, true)}.` });
    router.refresh();
    onDone();
  }

  async function endNow() {
    if (busy) return;
    setBusy(true);
    const result = await endDelegationAction(personId);
    setBusy(false);
    if (!result.ok) return setErrors({ form: result.error });
    toast.success(person ? `${person.name} is back` : 'Welcome back', { description: `Approvals that name ${person ? 'them' : 'you'} go to ${person ? 'them' : 'you'} again.` });
    router.refresh();
    onDone();
  }

  if (loadError) return <p className="text-sm text-red-700 dark:text-red-400">{loadError}</p>;
  if (!loaded) {
    return (
      <div className="space-y-3" role="status" aria-label="Loading">
        <Skeleton className="h-9 w-full" />
        <Skeleton className="h-9 w-2/3" />
      </div>
    );
  }

  return (
    <form onSubmit={save} noValidate className="space-y-4">
      {loaded.delegation && (
        <div className="flex items-start justify-between gap-3 rounded-lg border border-accent-100 bg-accent-50 px-3 py-2.5 text-sm dark:border-accent-700/50 dark:bg-accent-600/10" data-testid="live-delegation">
          <p className="flex items-start gap-2 text-zinc-900 dark:text-zinc-100">
            <Plane className="mt-0.5 size-4 shrink-0 text-accent-700 dark:text-accent-100" aria-hidden />
            {delegationSentence(loaded.delegation, person?.name ?? null, format)}
          </p>
          <Button size="sm" variant="secondary" onClick={endNow} disabled={busy}>
            End now
          </Button>
        </div>
      )}
      {errors.form && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {errors.form}
        </p>
      )}
      <Field id="ooo-delegate" label="Who decides instead" required error={errors.delegate_id} help="They see the approvals that name the person away, marked as such, and decide on their behalf.">
        <select
          id="ooo-delegate"
          value={delegateId}
          onChange={(e) => setDelegateId(e.target.value)}
          className={inputClasses}
          aria-invalid={errors.delegate_id ? true : undefined}
          aria-describedby={errors.delegate_id ? 'ooo-delegate-error' : 'ooo-delegate-help'}
        >
          <option value="">Choose a person…</option>
          {loaded.people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="ooo-from" label="First day away" help="Optional: today when empty." error={errors.starts_at}>
          <input id="ooo-from" type="date" min={today} value={from} onChange={(e) => setFrom(e.target.value)} className={inputClasses} aria-describedby="ooo-from-help" />
        </Field>
        <Field id="ooo-until" label="Last day away" required error={errors.ends_at}>
          <input
            id="ooo-until"
            type="date"
            min={from || today}
            value={until}
            onChange={(e) => setUntil(e.target.value)}
            className={inputClasses}
            aria-invalid={errors.ends_at ? true : undefined}
            aria-describedby={errors.ends_at ? 'ooo-until-error' : undefined}
          />
        </Field>
      </div>
      <div className="flex justify-end gap-2 pt-1">
        <Button variant="ghost" onClick={onDone} disabled={busy}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" disabled={busy}>
          {busy && <Loader2 className="size-4 animate-spin" aria-hidden />}
          {loaded.delegation ? 'Update out of office' : 'Set out of office'}
        </Button>
      </div>
    </form>
  );
}
