import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { Mail } from 'lucide-react';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader, Section } from '@/components/ui/page-header';
import { RelativeTime } from '@/components/ui/relative-time';
import { isAdmin } from '@/lib/auth/caller';
import { requireUser } from '@/lib/auth/session';
import { config } from '@/lib/config';
import { contextForCaller } from '@/lib/data/database';
import { mailSettings } from '@/lib/notifications/mailer';
import { listOutbox, type OutboxMessage } from '@/lib/notifications/outbox';

export const metadata: Metadata = { title: 'Outbox' };

const STATUS_TEXT = { queued: 'Queued', sent: 'Sent', outbox: 'In the outbox', failed: 'Failed' } as const;

const KIND_TEXT: Record<OutboxMessage['kind'], string> = { notification: 'Notification', digest: 'Daily digest', invitation: 'Invitation', password_reset: 'Password reset' };

export default async function OutboxPage() {
  await connection();
  const { caller } = await requireUser();
  if (!isAdmin(caller) && !config.demoMode) notFound();
  const messages = await listOutbox(await contextForCaller(caller), { demoMode: config.demoMode });
  const smtp = !!mailSettings().smtpUrl;
  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader
        title="Outbox"
        description={
          smtp
            ? 'Email goes out over SMTP; the latest messages of your organisation are listed here with their state.'
            : 'No SMTP server is configured (SMTP_URL), so email is kept here instead of being sent: the latest messages of your organisation.'
        }
      />
      {messages.length === 0 ? (
        <EmptyState icon={Mail} title="No email yet" description="File a request: its approver's email appears here within a minute." />
      ) : (
        <div className="space-y-3">
          {messages.map((m) => (
            <Section key={m.id}>
              <details data-testid="outbox-message">
                <summary className="flex cursor-pointer list-none flex-wrap items-baseline justify-between gap-2">
                  <span className="min-w-0">
                    <span className="block text-sm font-semibold text-zinc-900 dark:text-white">{m.subject}</span>
                    <span className="block text-sm text-zinc-600 dark:text-zinc-400">
                      To {m.to_address} · {KIND_TEXT[m.kind]} · {STATUS_TEXT[m.status]}
                      {m.error ? ` — ${m.error}` : ''}
                    </span>
                  </span>
                  <span className="text-xs text-zinc-500 dark:text-zinc-400">
                    <RelativeTime iso={m.created_at} />
                  </span>
                </summary>
                <div className="mt-3 grid gap-3 lg:grid-cols-2">
                  <iframe title={`HTML body of ${m.subject}`} sandbox="" srcDoc={m.html_body} className="h-96 w-full rounded-md border border-zinc-200 bg-white dark:border-zinc-800" />
                  <pre className="h-96 overflow-auto whitespace-pre-wrap rounded-md border border-zinc-200 bg-zinc-50 p-3 text-xs dark:border-zinc-800 dark:bg-zinc-900">{m.text_body}</pre>
                </div>
              </details>
            </Section>
          ))}
        </div>
      )}
    </div>
  );
}
