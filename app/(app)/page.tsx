import { ArrowRight, CheckCircle2, Inbox, KeyRound, Laptop, Plane, Plus, Users } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { requireUser } from '@/lib/auth/session';
import { contextForCaller } from '@/lib/data/database';
import { actionsFrom, type RecordRow, type RecordType } from '@/lib/operations/define';
import { inboxCount, listInbox } from '@/lib/operations/inbox';
import { listRecords, parseListQuery } from '@/lib/operations/list';
import { recordTypes, typeByName } from '@/lib/operations/registry';
import { humanize, inSentence } from '@/lib/format';
import { EmptyState } from '@/components/ui/empty-state';
import { Section } from '@/components/ui/page-header';
import { RelativeTime } from '@/components/ui/relative-time';
import { StatusBadge } from '@/components/ui/status-badge';

export const metadata: Metadata = { title: 'Home' };

const ICONS: Record<string, typeof KeyRound> = { 'access-requests': KeyRound, 'hr-requests': Users, equipment: Laptop, travel: Plane };
const requestTypes = recordTypes.filter((t) => t.name !== 'Pending');

function openStatuses(type: RecordType): string[] {
  return type.statuses.filter((s) => actionsFrom(type, s).length > 0);
}

function isOverdue(due: string | null): boolean {
  return due ? new Date(due).getTime() < Date.now() : false;
}

function greeting(): string {
  const hour = new Date().getUTCHours();
  return hour < 12 ? 'Good morning' : hour < 18 ? 'Good afternoon' : 'Good evening';
}

export default async function HomePage() {
  await connection();
  const { user, caller } = await requireUser();
  const ctx = await contextForCaller(caller);

  // The page's six reads are independent: run them at once (issue 13), not one round trip after another.
  const [pages, waiting, waitingCount] = await Promise.all([
    Promise.all(
      requestTypes.map(async (type) => {
        const page = await listRecords(ctx, type, parseListQuery(type, { scope: 'mine', status: openStatuses(type).join(','), sort: '-updated_at', limit: '20' }));
        return page.data.map((row) => ({ type, row }));
      }),
    ),
    listInbox(ctx, 8),
    inboxCount(ctx),
  ]);
  const mine: { type: RecordType; row: RecordRow }[] = pages.flat();
  mine.sort((a, b) => String(b.row.updated_at).localeCompare(String(a.row.updated_at)));

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900 dark:text-white">
          <span suppressHydrationWarning>{greeting()}</span>, {user.name.split(' ')[0]}
        </h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Your open requests, what waits on you, and a quick way to file something new.</p>
      </div>

      <section aria-labelledby="file-heading">
        <h2 id="file-heading" className="mb-3 text-sm font-semibold text-zinc-900 dark:text-white">
          File a request
        </h2>
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          {requestTypes.map((type) => {
            const Icon = ICONS[type.resource] ?? Plus;
            return (
              <li key={type.resource}>
                <Link
                  href={`/${type.resource}/new`}
                  className="group flex h-full items-start gap-3 rounded-xl border border-zinc-200 bg-white p-4 transition-colors hover:border-accent-500 hover:bg-accent-50/40 dark:border-zinc-800 dark:bg-zinc-950 dark:hover:bg-zinc-900"
                >
                  <span className="flex size-8 shrink-0 items-center justify-center rounded-lg bg-accent-50 text-accent-700 dark:bg-accent-700/20 dark:text-accent-100">
                    <Icon className="size-4" aria-hidden />
                  </span>
                  <span className="min-w-0">
                    <span className="block text-sm font-medium text-zinc-900 dark:text-zinc-100">New {inSentence(type.singular)}</span>
                    <span className="mt-0.5 block text-xs text-zinc-600 dark:text-zinc-400">{type.description}</span>
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      </section>

      <div className="grid gap-6 lg:grid-cols-5">
        <Section
          className="lg:col-span-3"
          title={`My open requests${mine.length ? ` (${mine.length})` : ''}`}
        >
          {mine.length === 0 ? (
            <EmptyState icon={CheckCircle2} title="Nothing open" description="Everything you filed is closed. File a new request above when you need something." />
          ) : (
            <ul className="-my-2 divide-y divide-zinc-100 dark:divide-zinc-800">
              {mine.slice(0, 12).map(({ type, row }) => (
                <li key={row.id} className="flex items-center justify-between gap-3 py-2.5">
                  <div className="min-w-0">
                    <Link href={`/${type.resource}/${row.id}`} className="block truncate text-sm font-medium text-zinc-900 hover:text-accent-700 hover:underline dark:text-zinc-100">
                      {type.title(row)}
                    </Link>
                    <p className="text-xs text-zinc-600 dark:text-zinc-400">
                      {type.singular} · updated <RelativeTime iso={String(row.updated_at)} />
                    </p>
                  </div>
                  <StatusBadge status={row.status} />
                </li>
              ))}
            </ul>
          )}
        </Section>

        <Section
          className="lg:col-span-2"
          title={`Waiting on you${waitingCount ? ` (${waitingCount})` : ''}`}
          actions={
            <Link href="/inbox" className="inline-flex items-center gap-1 text-sm font-medium text-accent-700 hover:underline dark:text-accent-100">
              Open inbox <ArrowRight className="size-3.5" aria-hidden />
            </Link>
          }
        >
          {waiting.length === 0 ? (
            <EmptyState icon={Inbox} title="Inbox zero" description="No approvals or desk tasks wait on you." />
          ) : (
            <ul className="-my-2 divide-y divide-zinc-100 dark:divide-zinc-800">
              {waiting.map((item) => {
                const target = item.entity_type ? typeByName(item.entity_type) : undefined;
                const href = target && item.entity_id ? `/${target.resource}/${item.entity_id}` : `/pending/${item.id}`;
                const overdue = isOverdue(item.due_at);
                return (
                  <li key={item.id} className="py-2.5">
                    <Link href={href} className="block truncate text-sm font-medium text-zinc-900 hover:text-accent-700 hover:underline dark:text-zinc-100">
                      {item.title ?? humanize(item.type)}
                    </Link>
                    <p className="text-xs text-zinc-600 dark:text-zinc-400">
                      {humanize(item.type)}
                      {target ? ` · ${target.singular}` : ''}
                      {item.due_at && (
                        <>
                          {' · '}
                          <span className={overdue ? 'font-medium text-red-700 dark:text-red-400' : ''}>
                            {overdue ? 'overdue, due ' : 'due '}
                            <RelativeTime iso={item.due_at} />
                          </span>
                        </>
                      )}
                    </p>
                  </li>
                );
              })}
            </ul>
          )}
        </Section>
      </div>
    </div>
  );
}
