/**
 * The outbox (engine.md §5): the tenant's recent email messages — those filed here because no SMTP
 * server is configured, and the sent and failed ones — for the demo's /outbox screen. Admins, or anyone
 * signed in when the install runs in demo mode.
 */
import type { EmailMessagesTable } from '@/db/schema';
import { isAdmin } from '@/lib/auth/caller';
import type { Ctx } from '@/lib/data/context';
import { forbidden } from '@/lib/errors';

export const OUTBOX_PAGE = 50;

export interface OutboxMessage {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  kind: EmailMessagesTable['kind'];
  status: 'queued' | 'sent' | 'outbox' | 'failed';
  error: string | null;
  created_at: string;
  sent_at: string | null;
}

export async function listOutbox(ctx: Ctx, options: { demoMode: boolean }): Promise<OutboxMessage[]> {
  if (ctx.caller.appId || (!isAdmin(ctx.caller) && !options.demoMode)) throw forbidden('Only admins read the outbox.');
  return ctx.db
    .selectFrom('email_messages')
    .select(['id', 'to_address', 'subject', 'text_body', 'html_body', 'kind', 'status', 'error', 'created_at', 'sent_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(OUTBOX_PAGE)
    .execute();
}
