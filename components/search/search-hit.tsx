import { AtSign, Laptop, KeyRound, ListTodo, Plane, User, Users } from 'lucide-react';
import { StatusBadge } from '@/components/ui/status-badge';
import type { SearchHit } from '@/lib/search/search';

const ICONS: Record<string, typeof User> = { AccessRequest: KeyRound, HRRequest: Users, Equipment: Laptop, Travel: Plane, Pending: ListTodo, person: User };

/** One result, as the top bar, the palette and /search show it: icon, title, what it is about, status. */
export function SearchHitLine({ hit }: { hit: SearchHit }) {
  const Icon = ICONS[hit.type] ?? AtSign;
  return (
    <span className="flex min-w-0 flex-1 items-center gap-3">
      <Icon className="size-4 shrink-0 text-zinc-500" aria-hidden />
      <span className="min-w-0 flex-1">
        <span className="block truncate text-sm font-medium text-zinc-900 dark:text-zinc-100">{hit.title}</span>
        {hit.summary && <span className="block truncate text-xs text-zinc-600 dark:text-zinc-400">{hit.summary}</span>}
      </span>
      {hit.status && hit.type !== 'person' && <StatusBadge status={hit.status} />}
      {hit.status === 'inactive' && <span className="text-xs text-zinc-500 dark:text-zinc-400">Inactive</span>}
    </span>
  );
}

/** Where a result leads: its record, or for a person, an email to them. */
export function hitHref(hit: SearchHit): string {
  if (hit.url) return hit.url;
  const email = hit.summary?.split(' · ').pop();
  return email?.includes('@') ? `mailto:${email}` : `/search?q=${encodeURIComponent(hit.title)}`;
}
