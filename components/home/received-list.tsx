import { FileText, KeyRound, Laptop, Plane } from 'lucide-react';
import Link from 'next/link';
import { RelativeTime } from '@/components/ui/relative-time';
import { humanize } from '@/lib/format';
import type { MyRequest } from './home-data';

const ICONS: Record<string, typeof KeyRound> = { 'access-requests': KeyRound, 'hr-requests': FileText, equipment: Laptop, travel: Plane };
const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value : null);

/** What the desk handed over, in the words the requester needs: the expiry, the booking, the asset, the document. */
function Delivered({ type, row }: MyRequest) {
  switch (type.resource) {
    case 'access-requests':
      return (
        <>
          {text(row.entitlement_type) ?? 'Access'} ·{' '}
          {text(row.expires_at) ? (
            <>
              expires <RelativeTime iso={row.expires_at as string} />
            </>
          ) : (
            'no end date'
          )}
        </>
      );
    case 'equipment':
      return <>{[text(row.asset_tag) && `Asset tag ${row.asset_tag}`, 'delivered'].filter(Boolean).join(' · ')}</>;
    case 'hr-requests':
      return text(row.deliverable_url) ? (
        <a href={row.deliverable_url as string} className="font-medium text-accent-700 underline-offset-2 hover:underline dark:text-accent-100">
          Open the {humanize(text(row.deliverable_type) ?? 'document').toLowerCase()} document
        </a>
      ) : (
        <>{humanize(text(row.deliverable_type) ?? 'Delivered')}</>
      );
    default:
      return <>{[text(row.carrier), text(row.booking_reference) && `ref. ${row.booking_reference}`, text(row.hotel)].filter(Boolean).join(' · ') || 'Booked'}</>;
  }
}

export function ReceivedList({ items }: { items: MyRequest[] }) {
  return (
    <ul className="-my-2 divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Received">
      {items.map((item) => {
        const Icon = ICONS[item.type.resource] ?? FileText;
        return (
          <li key={item.row.id} className="flex items-start gap-3 py-2.5" data-testid="received-item">
            <Icon className="mt-0.5 size-4 shrink-0 text-zinc-500" aria-hidden />
            <div className="min-w-0">
              <Link href={`/${item.type.resource}/${item.row.id}`} className="block truncate text-sm font-medium text-zinc-900 hover:text-accent-700 hover:underline dark:text-zinc-100">
                {item.type.title(item.row)}
              </Link>
              <p className="text-xs text-zinc-600 dark:text-zinc-400">
                <Delivered {...item} />
              </p>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
