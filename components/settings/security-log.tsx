'use client';

import { Download, ShieldCheck } from 'lucide-react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { RelativeTime } from '@/components/ui/relative-time';
import { useFormat } from '@/components/shell/format-provider';
import { humanize } from '@/lib/format';
import { localDate, startOfLocalDay } from '@/lib/sla/calendar';
import { SECURITY_EVENT_KINDS } from '@/lib/security/events';
import type { SecurityEventRow } from '@/lib/security/list-events';
import { TableFrame } from '@/components/ui/table-frame';

/** The filter names, as the API and the URL spell them (the page reads them back from the URL). */
const FILTERS = ['kind', 'actor_id', 'from', 'to'] as const;

const inputClasses = 'rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900';

function describe(event: SecurityEventRow, names: Map<string, string>): string {
  const detail = event.detail;
  const subject = event.subject_id ? (names.get(event.subject_id) ?? (detail.person_name as string | undefined) ?? event.subject_id) : '';
  if (event.kind === 'role_granted' || event.kind === 'role_removed') return `${humanize(String(detail.role ?? ''))} · ${subject}`;
  if (event.kind.startsWith('key_')) return `“${String(detail.label ?? '')}”${detail.app_name ? ` for ${String(detail.app_name)}` : ''}`;
  if (event.kind.endsWith('_revoked')) return String(detail.label ?? '') || (event.subject_id ?? '');
  const words = Object.entries(detail).map(([name, value]) => `${humanize(name)}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return [subject, ...words].filter(Boolean).join(' · ');
}

export function SecurityLog({
  events,
  nextCursor,
  people,
  error,
}: {
  events: SecurityEventRow[];
  nextCursor: string | null;
  people: { id: string; name: string }[];
  error: string | null;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const { timeZone } = useFormat();
  const [exporting, setExporting] = useState(false);
  const names = new Map(people.map((person) => [person.id, person.name]));

  const filterQuery = (extra: Record<string, string> = {}) => {
    const query = new URLSearchParams();
    for (const name of FILTERS) {
      const value = params.get(name);
      if (value) query.set(name, value);
    }
    for (const [name, value] of Object.entries(extra)) query.set(name, value);
    return query;
  };

  const apply = (form: FormData) => {
    const query = new URLSearchParams();
    for (const name of FILTERS) {
      const raw = String(form.get(name) ?? '').trim();
      if (!raw) continue;
      // Date inputs give a day of the admin's own zone; the API wants an instant (from the start of that day, to the end of it).
      query.set(name, name === 'from' ? startOfLocalDay(raw, timeZone) : name === 'to' ? startOfLocalDay(raw, timeZone, 1) : raw);
    }
    router.push(`${pathname}?${query.toString()}#security`);
  };

  const exportCsv = async () => {
    setExporting(true);
    try {
      const response = await fetch(`/api/v1/security-events?${filterQuery().toString()}`, { headers: { Accept: 'text/csv' } });
      if (!response.ok) throw new Error(String(response.status));
      const url = URL.createObjectURL(await response.blob());
      const link = Object.assign(document.createElement('a'), { href: url, download: 'security-events.csv' });
      link.click();
      URL.revokeObjectURL(url);
    } catch {
      toast.error('The export failed. Try again.');
    } finally {
      setExporting(false);
    }
  };

  const day = (iso: string | null) => (iso && !Number.isNaN(Date.parse(iso)) ? localDate(Date.parse(iso), timeZone) : '');
  const toDay = params.get('to') ? new Date(Date.parse(params.get('to')!) - 1).toISOString() : null;

  return (
    <div className="space-y-4" id="security">
      <form action={apply} className="flex flex-wrap items-end gap-3" aria-label="Filter the security log">
        <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
          Kind
          <select name="kind" defaultValue={params.get('kind') ?? ''} className={inputClasses}>
            <option value="">Any</option>
            {SECURITY_EVENT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {humanize(kind)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
          Who
          <select name="actor_id" defaultValue={params.get('actor_id') ?? ''} className={inputClasses}>
            <option value="">Anyone</option>
            {people.map((person) => (
              <option key={person.id} value={person.id}>
                {person.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
          From
          <input type="date" name="from" defaultValue={day(params.get('from'))} className={inputClasses} />
        </label>
        <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
          To
          <input type="date" name="to" defaultValue={day(toDay)} className={inputClasses} />
        </label>
        <Button type="submit">Filter</Button>
        <Button type="button" variant="ghost" onClick={() => void exportCsv()} disabled={exporting}>
          <Download className="size-4" aria-hidden /> {exporting ? 'Exporting…' : 'Export CSV'}
        </Button>
      </form>

      {error && <p className="text-sm text-red-700 dark:text-red-400">{error}</p>}
      {events.length === 0 ? (
        <EmptyState icon={ShieldCheck} title="No security events" description="Role changes, keys minted or revoked, revoked sessions and refused sign-ins appear here." />
      ) : (
        <TableFrame label="Security log">
          <table className="w-full text-left text-sm">
            <thead className="bg-zinc-50 text-xs text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
              <tr>
                {['When', 'What', 'Who', 'About', 'Address'].map((h) => (
                  <th key={h} scope="col" className="px-3 py-2 font-medium">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {events.map((event) => (
                <tr key={event.id} data-testid="security-event-row" data-kind={event.kind}>
                  <td className="whitespace-nowrap px-3 py-2 text-zinc-600 dark:text-zinc-400">
                    <RelativeTime iso={event.created_at} />
                  </td>
                  <td className="px-3 py-2 font-medium text-zinc-900 dark:text-zinc-100">{humanize(event.kind)}</td>
                  <td className="px-3 py-2">{event.actor_name ?? (event.actor_id ? event.actor_id : 'Unknown')}</td>
                  <td className="max-w-xs truncate px-3 py-2 text-zinc-600 dark:text-zinc-400">{describe(event, names)}</td>
                  <td className="px-3 py-2 text-xs text-zinc-600 dark:text-zinc-400">{event.ip ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}
      {nextCursor && (
        <Button variant="ghost" onClick={() => router.push(`${pathname}?${filterQuery({ cursor: nextCursor }).toString()}#security`)}>
          Older events
        </Button>
      )}
    </div>
  );
}
