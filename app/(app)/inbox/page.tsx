import type { Metadata } from 'next';
import { connection } from 'next/server';
import { InboxList } from '@/components/inbox/inbox-list';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/auth/session';
import { contextForCaller } from '@/lib/data/database';
import { loadDecidedByMe } from '@/lib/operations/inbox-decided';
import { inboxCount } from '@/lib/operations/inbox';
import { loadInbox } from '@/lib/operations/inbox-view';
import { screenFormatter } from '@/lib/preferences/screen-format';

export const metadata: Metadata = { title: 'Inbox' };

export default async function InboxPage() {
  await connection();
  const { caller } = await requireUser();
  const ctx = await contextForCaller(caller);
  const format = await screenFormatter(ctx);
  const [entries, decided, total] = await Promise.all([loadInbox(ctx, format), loadDecidedByMe(ctx), inboxCount(ctx)]);
  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader
        title="Inbox"
        description={
          total === 0
            ? 'Approvals and desk tasks that wait on you.'
            : `${format.number(total)} waiting on you — approvals and desk tasks assigned to you or your role.`
        }
      />
      <InboxList initial={entries} decided={decided} total={total} totalLabel={format.number(total)} />
    </div>
  );
}
